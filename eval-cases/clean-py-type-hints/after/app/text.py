import re


def slugify(title: str) -> str:
    """Lower-case `title` and join its words with hyphens: "Hello, World" -> "hello-world"."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower())
    return slug.strip("-")
