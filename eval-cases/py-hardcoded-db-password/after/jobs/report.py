import psycopg2

WAREHOUSE_HOST = "warehouse.internal.example"
WAREHOUSE_PASSWORD = "Winter-Is-Coming-42"


def connect():
    return psycopg2.connect(host=WAREHOUSE_HOST, dbname="events", user="report", password=WAREHOUSE_PASSWORD)


def run(conn):
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM events")
        return cur.fetchone()[0]
