from pathlib import Path


def log_files(folder):
    return sorted(Path(folder).glob("*.log"))
