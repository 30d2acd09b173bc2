"""Diacritic folding for search: "Chỉ thị" and "chi thi", "Đề án" and "de an" meet.

Folding works character by character and keeps the length, so an offset found in folded text
is the same offset in the original. FTS5's remove_diacritics does not fold đ; this does.
"""

from __future__ import annotations

import unicodedata


def _fold_char(c: str) -> str:
    if c in "đĐ":
        return "d"
    if c.isascii():
        return c.lower()
    base = unicodedata.normalize("NFD", c)[0].lower()
    return base if len(base) == 1 else c


class _Table(dict):
    """str.translate's table, each character's folding worked out the first time it is met; kept for the
    alphabets and punctuation below U+2100 only, so hostile text of a million code points cannot grow it."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if code < 0x2100:
            self[code] = folded
        return folded


_TABLE = _Table()


def fold(text: str) -> str:
    """Lower-case, without Vietnamese diacritics, same length as `text` (NFC input)."""
    return text.translate(_TABLE)
