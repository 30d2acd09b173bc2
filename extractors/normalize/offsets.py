"""The offset map: every character of the clean text knows the raw page offset it came from.

The clean text is built from segments. A copied segment is raw text taken as it is; a synthetic
segment is whitespace the normaliser put in (a space for a folded line break, a paragraph break)
and points at the raw position it stands for. Non-whitespace is never synthetic, which is what
makes "map a clean span back to raw text" exact.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class RawPiece:
    page: int  # index into Document.pages
    start: int
    end: int


class OffsetMap:
    def __init__(self) -> None:
        self.clean_starts: list[int] = []
        self.pages: list[int] = []
        self.raw_starts: list[int] = []
        self.lengths: list[int] = []
        self.copied: list[bool] = []
        self.size = 0

    def add(self, page: int, raw_start: int, length: int, copied: bool) -> None:
        self.clean_starts.append(self.size)
        self.pages.append(page)
        self.raw_starts.append(raw_start)
        self.lengths.append(length)
        self.copied.append(copied)
        self.size += length

    def _segment(self, offset: int) -> int:
        if not 0 <= offset < self.size:
            raise IndexError(f"clean offset {offset} outside 0..{self.size}")
        return bisect_right(self.clean_starts, offset) - 1

    def to_raw(self, offset: int) -> tuple[int, int]:
        """(page index, raw offset in that page) of one clean character."""
        i = self._segment(offset)
        delta = offset - self.clean_starts[i] if self.copied[i] else 0
        return self.pages[i], self.raw_starts[i] + delta

    def raw_pieces(self, start: int, end: int) -> list[RawPiece]:
        """The raw text a clean span [start, end) was copied from, in clean order."""
        pieces: list[RawPiece] = []
        if start >= end:
            return pieces
        i = self._segment(start)
        while i < len(self.clean_starts) and self.clean_starts[i] < end:
            if self.copied[i]:
                lo = max(start, self.clean_starts[i]) - self.clean_starts[i]
                hi = min(end, self.clean_starts[i] + self.lengths[i]) - self.clean_starts[i]
                a, b = self.raw_starts[i] + lo, self.raw_starts[i] + hi
                last = pieces[-1] if pieces else None
                if last and last.page == self.pages[i] and last.end == a:
                    pieces[-1] = RawPiece(last.page, last.start, b)
                else:
                    pieces.append(RawPiece(self.pages[i], a, b))
            i += 1
        return pieces


class Builder:
    """Appends to the clean text and its map at once, so the two cannot drift apart."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.map = OffsetMap()

    @property
    def size(self) -> int:
        return self.map.size

    def copy(self, page: int, raw: str, start: int, end: int) -> None:
        if end > start:
            self.parts.append(raw[start:end])
            self.map.add(page, start, end - start, copied=True)

    def space(self, text: str, page: int, raw_at: int) -> None:
        assert not text.strip(), "only whitespace may be synthetic"
        self.parts.append(text)
        self.map.add(page, raw_at, len(text), copied=False)

    def ends_with(self, chars: str) -> bool:
        return bool(self.parts) and self.parts[-1][-1:] in chars

    def text(self) -> str:
        return "".join(self.parts)
