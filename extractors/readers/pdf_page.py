"""One PDF page's text as a reader sees it, from PDFium's characters.

PDFium gives characters in drawing order. Three things are put right here, each keeping every
character's PDFium index so offsets, footnote labels and line numbers stay exact:
- a raised footnote label makes PDFium break the line ("văn bản¹⏎ chỉ đạo"): that break goes;
- a hyphen that ends a line comes without its line break ("QĐ-TTg" over two lines): it gets one;
- the cells of a ruled table come out interleaved: they are put back cell by cell, row by row;
- line numbers are the visual lines of the page (one baseline, one line), whatever the order.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from statistics import median

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from .pdf_fonts import recoded

# a line's start, its first letter (within its first 8 characters) captured: the footnote area's test
LINE_LETTER = regex.compile(r"(?m)^[ \t]*(?=\S)(?=\P{L}{0,7}(\p{L}))")
FIRST_CHAR = re.compile(r"(?m)^[^\S\n]*(\S)")  # a line's first non-space (re's \S is exactly not str.isspace)
DIGITS = regex.compile(r"[\p{Nd}\p{No}]+")  # every character str.isdigit() accepts ("¹" too), and a few more
SMALLER = 0.92  # footnotes and their labels are set at least this much smaller than the body text

Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF points (origin bottom-left)


@dataclass(frozen=True)
class PageText:
    text: str
    notes_start: int | None
    marks: tuple[int, ...]
    line_numbers: tuple[int, ...]  # visual line of each line of `text`


class Chars:
    """PDFium's characters of one page with their font size and box. Characters in a legacy 8-bit font are read
    in Unicode (pdf_fonts); an index is then one of `raw`, mapped to PDFium's for sizes and boxes."""

    def __init__(self, textpage: pdfium.PdfTextPage):
        self.textpage = textpage
        self.raw, self._source = recoded(textpage.raw, textpage.get_text_range())
        # PDFium's call for a box, with its four out-values made once: a table page asks for thousands of boxes,
        # and pypdfium2's get_charbox makes four new ctypes values each time
        self._edges = [ctypes.c_double() for _ in range(4)]  # left, right, bottom, top: PDFium's order
        self._refs = [ctypes.byref(v) for v in self._edges]

    def size(self, i: int) -> float:
        return pdfium_c.FPDFText_GetFontSize(self.textpage.raw, self._source[i] if self._source else i)

    def box(self, i: int) -> Box:
        if not pdfium_c.FPDFText_GetCharBox(self.textpage.raw, self._source[i] if self._source else i, *self._refs):
            raise pdfium.PdfiumError(f"Failed to get the box of character {i}.")
        left, right, bottom, top = self._edges
        return left.value, bottom.value, right.value, top.value

    def centres(self, indexes) -> list[tuple[float, float]]:
        """The centre (x, y) of each character's box: a table page asks for thousands, one call each."""
        get, page, source = pdfium_c.FPDFText_GetCharBox, self.textpage.raw, self._source
        left, right, bottom, top = self._edges
        out = []
        for i in indexes:
            if not get(page, source[i] if source else i, *self._refs):
                raise pdfium.PdfiumError(f"Failed to get the box of character {i}.")
            out.append(((left.value + right.value) / 2, (bottom.value + top.value) / 2))
        return out

    def body_size(self) -> float | None:
        """The page's most common text size, sampled."""
        step = max(1, len(self.raw) // 100)
        sizes = [s for s in (self.size(i) for i in range(0, len(self.raw), step)) if s > 0]
        return median(sizes) if sizes else None


def _smaller(chars: Chars, i: int, body: float) -> bool:
    return 0 < chars.size(i) < SMALLER * body


def notes_start(chars: Chars, body: float) -> int | None:
    """PDFium index of the first line whose first letters are set smaller than the body text: the
    footnote area, whether it opens with a label or continues a footnote from the page before.
    `body` is the document's body size: a page filled by one long footnote has no body of its own."""
    raw = chars.raw
    for m in LINE_LETTER.finditer(raw):
        if not _smaller(chars, m.start(1), body):  # most lines: their first letter is body size
            continue
        head = [i for i in range(m.end(), min(len(raw), m.end() + 8)) if raw[i].isalpha()][:3]
        if all(_smaller(chars, i, body) for i in head):  # a label's digits may be full size
            return m.start()
    return None


def marks(chars: Chars, body: float, end: int) -> list[int]:
    """PDFium indices of footnote reference labels before `end`: one or two digits set smaller than
    the text they follow ("văn bản¹", "25⁵"; PDFium may put a space before a raised label)."""
    raw, found = chars.raw, []
    for run in DIGITS.finditer(raw, 0, end):  # only digits can be labels: the other characters are not looked at
        i = run.start()
        while i < run.end():
            if not (raw[i].isdigit() and _smaller(chars, i, body)):
                i += 1
                continue
            j = i
            while j < run.end() and raw[j].isdigit() and _smaller(chars, j, body):
                j += 1
            k = i - 2 if i >= 2 and raw[i - 1] == " " else i - 1
            if j - i <= 2 and k >= 0 and not raw[k].isspace() and not _smaller(chars, k, body):
                found.append(i)
            i = j
    return found


def _overlap(a: Box, b: Box) -> bool:
    return b[1] < a[3] and b[3] > a[1]


class Cells:
    """The cells of one table, found by a character's centre: the first cell (in the table's order) holding it.
    Cells are filed by bands of height so a character is tested against a row's cells, not the whole table's."""

    BAND = 8.0  # points

    def __init__(self, boxes: list[Box]):
        self.boxes = boxes
        self.bands: dict[int, list[int]] = {}
        for n, (_, bottom, _, top) in enumerate(boxes):
            for band in range(int(bottom // self.BAND), int(top // self.BAND) + 1):
                self.bands.setdefault(band, []).append(n)

    def of(self, x: float, y: float) -> int | None:
        """The cell holding the point (a character's centre)."""
        for n in self.bands.get(int(y // self.BAND), ()):
            left, bottom, right, top = self.boxes[n]
            if left <= x <= right and bottom <= y <= top:
                return n
        return None


class Grid:
    """The ruled tables of a page (each a list of cell boxes) and, found in one pass over the page, the
    PDFium indices of the characters in each cell (in PDFium's order): both the cells' texts and the page's
    reading order are built from them."""

    def __init__(self, chars: Chars, tables: list[list[Box]]):
        self.tables = tables
        self.where: dict[int, tuple[int, int]] = {}  # index -> (table, cell)
        indexes = [Cells(cells) for cells in tables]
        inked = [i for i, c in enumerate(chars.raw) if not c.isspace()]
        for i, (x, y) in zip(inked, chars.centres(inked), strict=True):
            for t, cells in enumerate(indexes):
                if (n := cells.of(x, y)) is not None:
                    self.where[i] = (t, n)
                    break
        self.members: dict[tuple[int, int], list[int]] = {}
        for i, key in self.where.items():
            self.members.setdefault(key, []).append(i)


def _table_order(raw: str, grid: Grid) -> list[int | None]:
    """PDFium indices in reading order, tables cell by cell; None stands for a synthetic line break."""
    where, order = grid.where, []
    emitted: set[int] = set()
    for i, c in enumerate(raw):
        if i not in where:
            if not (order and order[-1] is None and c in "\r\n"):
                order.append(i)
            continue
        t = where[i][0]
        if t in emitted:
            continue
        emitted.add(t)
        if order and order[-1] is not None and raw[order[-1]] not in "\r\n":
            order.append(None)
        for n in range(len(grid.tables[t])):
            cell = grid.members.get((t, n), [])
            for k, idx in enumerate(cell):
                if k and "\n" in raw[cell[k - 1] + 1 : idx]:
                    order.append(None)
                elif k and raw[cell[k - 1] + 1 : idx].strip() == "" and idx > cell[k - 1] + 1:
                    order.append(idx - 1)  # the space PDFium put before this character
                order.append(idx)
            if cell:
                order.append(None)
    return order


def page_text(chars: Chars, body: float, grid: Grid | None) -> PageText:
    raw = chars.raw
    start = notes_start(chars, body)
    labels = marks(chars, body, len(raw) if start is None else start)
    # drop PDFium's break after a raised label when the text goes on in the same visual line
    drop: set[int] = set()
    for i in labels:
        j = i
        while j < len(raw) and raw[j].isdigit():
            j += 1
        if raw.startswith("\r\n", j) and j + 2 < len(raw) and _overlap(chars.box(i - 1), chars.box(j + 2)):
            drop |= {j, j + 1}
    drop |= _crlf(raw)
    # a synthetic line break is the index len(raw), read from `source` as "\n"
    order = _kept(raw, drop) if grid is None else [
        len(raw) if i is None else i for i in _table_order(raw, grid) if i not in drop]
    if "\ufffe" in raw:  # PDFium marks a hyphen that ends a line (U+FFFE) but gives no line break after it
        hyphens = [k for h in _found(raw, "\ufffe") if (k := _position(order, h)) is not None]
        for k in sorted(hyphens, reverse=True):
            order.insert(k + 1, len(raw))
    # PDFium reports a hyphen that ends a line as U+FFFE; it is a hyphen the writer typed
    source = raw + "\n"
    text = "".join(map(source.__getitem__, order)).replace("\r", "\n").replace("\ufffe", "-")
    notes = _position(order, start)
    return PageText(text, notes, tuple(p for i in labels if (p := _position(order, i)) is not None),
                    _visual_lines(chars, text, order, body))


def _position(order: list[int], index: int | None) -> int | None:
    """Where a PDFium character stands in the page's text, or None if it was dropped."""
    try:
        return None if index is None else order.index(index)
    except ValueError:
        return None


def _found(raw: str, sub: str) -> list[int]:
    """Indices of every occurrence of `sub` in `raw`, none overlapping."""
    out, i = [], raw.find(sub)
    while i != -1:
        out.append(i)
        i = raw.find(sub, i + len(sub))
    return out


def _crlf(raw: str) -> set[int]:
    """Indices of the CR of each CR LF pair (the LF alone stands for the break)."""
    return set(_found(raw, "\r\n"))


def _kept(raw: str, drop: set[int]) -> list[int]:
    """PDFium's indices in its own order, those in `drop` left out (a page's characters run by run, not one by one)."""
    order, start = [], 0
    for i in sorted(drop):
        order.extend(range(start, i))
        start = i + 1
    order.extend(range(start, len(raw)))
    return order


def _visual_lines(chars: Chars, text: str, order: list[int], body: float) -> tuple[int, ...]:
    """For each line of `text`, the visual line of the page it lies on (by its first character's height)."""
    tops: list[float | None] = [None] * (text.count("\n") + 1)
    line, pos = 0, 0
    for m in FIRST_CHAR.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        tops[line] = chars.box(order[m.start(1)])[3]
    known = sorted({round(t, 1) for t in tops if t is not None}, reverse=True)
    rank, levels, last = 0, {}, None
    for top in known:
        if last is None or last - top > 0.5 * (body or 1):
            rank += 1
        levels[top] = rank
        last = top
    numbers, previous = [], 0
    for t in tops:  # a blank line takes the number of the line above it
        previous = levels[round(t, 1)] if t is not None else previous
        numbers.append(max(previous, 1))
    return tuple(numbers)
