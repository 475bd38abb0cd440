def by_id(conn, product_id):
    with conn.cursor() as cur:
        cur.execute("SELECT id, name, price FROM products WHERE id = %s", (product_id,))
        return cur.fetchone()


def by_category(conn, name):
    with conn.cursor() as cur:
        cur.execute(
            "SELECT id, name, price FROM products WHERE category = %s ORDER BY price ASC",
            (name,),
        )
        return cur.fetchall()
