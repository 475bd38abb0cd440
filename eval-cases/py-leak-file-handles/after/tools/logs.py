from pathlib import Path


def log_files(folder):
    return sorted(Path(folder).glob("*.log"))


def count_lines(folder):
    counts = {}
    for path in log_files(folder):
        handle = open(path)
        counts[path.name] = sum(1 for _ in handle)
    return counts
