from app.pages import page

ITEMS = list(range(45))


def test_first_page():
    assert page(ITEMS, 1) == list(range(20))


def test_middle_page():
    assert page(ITEMS, 2) == list(range(20, 40))


def test_short_last_page():
    assert page(ITEMS, 3) == list(range(40, 45))
