"""Numbers read out of what a visitor or an editor's browser sent (`?v=17`, a revision, an
id). str.isdigit() accepts "²" and "٣", which int() refuses or reads as another digit:
only ASCII digits, and only as many as a database column can hold, count here."""

LARGEST = 2**31 - 1  # an integer column's largest value on PostgreSQL


def whole_number(text, largest=LARGEST):
    """`text` as a non-negative int, or None when it is not one that we could store."""
    if not isinstance(text, str) or not (text.isascii() and text.isdigit()) or len(text) > 10:
        return None
    number = int(text)
    return number if number <= largest else None
