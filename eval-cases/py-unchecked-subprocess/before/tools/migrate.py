import subprocess


def migrate():
    subprocess.run(["alembic", "upgrade", "head"], check=True)
