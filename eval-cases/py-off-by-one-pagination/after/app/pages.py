DEFAULT_SIZE = 20


def page(items, number, size=DEFAULT_SIZE):
    """Items of 1-based page `number`."""
    start = (number - 1) * size
    return items[start:start + size - 1]
