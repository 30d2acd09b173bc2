"""The normaliser's result: clean text, its offset map, footnotes, and places of spans."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..document import Document
from .lines import LineIndex
from .offsets import OffsetMap


@dataclass(frozen=True)
class Place:
    """Where a span of clean text came from: the contract's `place`."""

    text: str
    page: int | None
    line: int
    start: int
    end: int

    def as_dict(self) -> dict:
        return {"text": self.text, "page": self.page, "line": self.line, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Footnote:
    label: str
    start: int  # clean span of the footnote, label included
    end: int

    def as_json(self, text: Text) -> dict:
        """The contract's footnote: its place, the text clipped to 160 characters."""
        body = " ".join(text.text[self.start:self.end].split())
        return {"label": self.label,
                "place": text.place(self.start, self.end).as_dict() | {"text": body if len(body) <= 160
                                                                        else body[:159] + "…"}}

    def as_row(self, text: Text) -> dict:
        """The KB's `footnotes` row (without doc_id)."""
        return {"label": self.label, **text.place(self.start, self.end).as_dict()}


@dataclass(frozen=True)
class FootnoteLink:
    """Where a footnote marker stood in the body: the clean offset just after the word it was glued to."""

    label: str
    offset: int


@dataclass(frozen=True)
class Text:
    document: Document
    text: str
    map: OffsetMap
    body_end: int  # the body is text[:body_end]; footnotes follow
    footnotes: tuple[Footnote, ...]
    links: tuple[FootnoteLink, ...]
    line_index: LineIndex

    def place(self, start: int, end: int) -> Place:
        page, raw = self.map.to_raw(start)
        number = self.document.pages[page].number
        return Place(" ".join(self.text[start:end].split()), number, self.line_index.line_of(page, raw), start, end)

    @cached_property
    def line_starts(self) -> tuple[tuple[int, int | None, int], ...]:
        """(clean offset, page, line) wherever the source line under the clean text changes: turns any offset
        (a search hit) into its page and line. Computed once, where the text is extracted (it is pickled along)."""
        m, pages, line_of = self.map, self.document.pages, self.line_index.line_of
        out, last = [], None
        # a copied segment starts at its raw start: its place is read off the map's columns, not looked up
        for start, page, raw, copied in zip(m.clean_starts, m.pages, m.raw_starts, m.copied, strict=True):
            if copied and (here := (pages[page].number, line_of(page, raw))) != last:
                out.append((start, *here))
                last = here
        return tuple(out)

    def raw(self, start: int, end: int) -> str:
        """The raw text the clean span was copied from (pieces joined in clean order)."""
        pages = self.document.pages
        return "".join(pages[p.page].text[p.start : p.end] for p in self.map.raw_pieces(start, end))
