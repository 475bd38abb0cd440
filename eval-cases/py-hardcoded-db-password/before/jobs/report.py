import psycopg2


def run(conn):
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM events")
        return cur.fetchone()[0]
