def get_user(conn, user_id):
    cur = conn.cursor()
    cur.execute("SELECT id, email, active FROM users WHERE id = %s", (user_id,))
    return cur.fetchone()


def deactivate_user(conn, email):
    cur = conn.cursor()
    cur.execute(f"UPDATE users SET active = false WHERE email = '{email}'")
    conn.commit()
    return cur.rowcount
