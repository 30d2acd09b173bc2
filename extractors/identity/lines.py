"""The clean text's words grouped back into the lines of the source: a header or a signature block is laid
out line by line ("TM. BAN CHỈ ĐẠO" / "PHÓ TRƯỞNG BAN" / "Nguyễn Ngọc Phúc") even where the normaliser ran
the lines together into one paragraph."""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..normalize import Text

WORD = regex.compile(r"\S+")


@dataclass(frozen=True)
class Line:
    text: str
    start: int  # clean-text span
    end: int


def source_lines(t: Text, start: int, end: int) -> list[Line]:
    """The source lines the clean span [start, end) was written from, in clean order."""
    out: list[Line] = []
    key, first, last = None, None, None
    for w in WORD.finditer(t.text, start, end):
        page, raw = t.map.to_raw(w.start())
        here = (page, t.line_index.line_of(page, raw))
        if here != key and first is not None:
            out.append(Line(" ".join(t.text[first:last].split()), first, last))
            first = None
        key = here
        first = w.start() if first is None else first
        last = w.end()
    if first is not None:
        out.append(Line(" ".join(t.text[first:last].split()), first, last))
    return out
