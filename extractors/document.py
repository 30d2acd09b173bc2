"""What a reader returns: the pages of a source file as it saw them, and facts about the file."""

from __future__ import annotations

from dataclasses import dataclass, field

FORMATS = ("txt", "pdf", "docx", "doc", "rtf", "odt", "xlsx", "xls", "png", "jpeg", "tiff")
CONTRACT_FORMATS = ("txt", "pdf", "docx", "doc", "html")  # the contract's names; the others are "other" there


@dataclass(frozen=True)
class Table:
    """A ruled table found by a reader: rows of cell texts, row-major."""

    rows: tuple[tuple[str, ...], ...]
    page: int | None = None


@dataclass(frozen=True)
class Page:
    """One page of raw text. `number` is 1-based, or None for plain text, which has no pages."""

    number: int | None
    text: str
    tables: tuple[Table, ...] = ()
    has_text_layer: bool = True
    notes_start: int | None = None  # where the page's footnote area begins, when the reader can tell
    marks: tuple[int, ...] | None = None  # where footnote reference labels start, when the reader can tell
    line_numbers: tuple[int, ...] | None = None  # visual line of each text line, when it is not its rank
    ocr_confidence: float | None = None  # a page read by OCR: its words' mean confidence (0-1)


@dataclass(frozen=True)
class Document:
    path: str
    sha256: str
    format: str
    pages: tuple[Page, ...]
    encoding: str | None = None
    warnings: tuple[str, ...] = field(default=())
    size: int | None = None  # bytes of the file as read (set by readers.read)

    @property
    def contract_format(self) -> str:
        return self.format if self.format in CONTRACT_FORMATS else "other"

    @property
    def paged(self) -> bool:
        return self.format != "txt"

    @property
    def page_count(self) -> int | None:
        return len(self.pages) if self.paged else None

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(t for p in self.pages for t in p.tables)
