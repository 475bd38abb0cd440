def by_id(conn, product_id):
    with conn.cursor() as cur:
        cur.execute("SELECT id, name, price FROM products WHERE id = %s", (product_id,))
        return cur.fetchone()
