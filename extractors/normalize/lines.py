"""Raw lines with their place: page index, 1-based line within the page (or file), raw offsets."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from ..document import Document

# what opens a section or a list item: "I.", "1.", "1.2.", "a)", "(3)", "- ", "+ ", "* "
SECTION_OPENER = r"[IVXLC]{1,5}\.|\d{1,2}(?:\.\d{1,2})*\.(?=\s|$)|[a-zđ]\)|\(\d{1,2}\)|[-+•–*]\s"


@dataclass(frozen=True)
class RawLine:
    page: int  # index into Document.pages
    line: int  # 1-based within the page; within the file for plain text
    start: int  # raw offset of the first character in the page text
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(doc: Document) -> list[RawLine]:
    out: list[RawLine] = []
    for p, page in enumerate(doc.pages):
        offset = 0
        for n, text in enumerate(page.text.split("\n"), start=1):
            out.append(RawLine(p, n, offset, text))
            offset += len(text) + 1
    return out


class LineIndex:
    """Raw offset -> 1-based line, per page."""

    def __init__(self, doc: Document):
        self.starts: list[list[int]] = []
        self.numbers = [page.line_numbers for page in doc.pages]
        for page in doc.pages:
            starts, pos = [0], page.text.find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = page.text.find("\n", pos + 1)
            self.starts.append(starts)

    def line_of(self, page: int, raw_offset: int) -> int:
        rank = bisect_right(self.starts[page], raw_offset)
        numbers = self.numbers[page]
        return numbers[rank - 1] if numbers else rank
