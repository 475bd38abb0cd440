import subprocess


def backup(path):
    subprocess.run(["pg_dump", "--file", path, "appdb"])
    return path


def migrate():
    backup("/var/backups/appdb.sql")
    subprocess.run(["alembic", "upgrade", "head"], check=True)
