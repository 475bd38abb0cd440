def get_user(conn, user_id):
    cur = conn.cursor()
    cur.execute("SELECT id, email, active FROM users WHERE id = %s", (user_id,))
    return cur.fetchone()
