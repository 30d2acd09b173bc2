"""Diacritic folding for search: "Chỉ thị" and "chi thi", "Đề án" and "de an" meet.

Folding works character by character and keeps the length, so an offset found in folded text
is the same offset in the original. FTS5's remove_diacritics does not fold đ; this does.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in "đĐ":
        return "d"
    if c.isascii():
        return c.lower()
    base = unicodedata.normalize("NFD", c)[0].lower()
    return base if len(base) == 1 else c


def fold(text: str) -> str:
    """Lower-case, without Vietnamese diacritics, same length as `text` (NFC input)."""
    return "".join(_fold_char(c) for c in text)
