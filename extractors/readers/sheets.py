"""Workbooks: .xlsx with openpyxl, Excel 97-2003 .xls with xlrd (LibreOffice 7.4 crashes loading a workbook over
UNO, headless, so unoserver cannot convert them; xlrd reads them in a few milliseconds, fonts included).

Each sheet that holds anything is a page: its name on the first line, then one line per row, the cells apart by
tabs, and the whole sheet as the page's table, so that a statistical annex is searchable and its figures reach
the KB. Cells show what the sheet shows, as far as the number format says it: a formula's last computed value,
numbers written the Vietnamese way (1.234,5; 12,5%), dates as dd/mm/yyyy. A cell set in a legacy 8-bit font
(.VnTime, VNI-Times) is converted as in the DOCX reader.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from typing import NamedTuple

from ..document import Document, Page, Table
from ..errors import ReadError
from . import legacy
from .docx import check_package

MAX_CELLS = 2_000_000  # a workbook past this is a data dump, not a report's annex


def _number(value: float, number_format: str) -> str:
    percent = "%" in number_format
    if percent:
        value *= 100
    decimals = number_format.split(".")[1].count("0") if "." in number_format else (0 if percent else None)
    if decimals is None:  # General: as many decimals as the value has, up to 10
        text = f"{value:.10f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value)}"
    else:
        text = f"{value:.{decimals}f}"
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-') or 0):,}".replace(",", ".")
    return sign + whole + ("," + fraction if fraction else "") + ("%" if percent else "")


class Cell(NamedTuple):
    """A cell as both libraries give it."""

    value: object  # str, int, float, bool, date, datetime or None
    number_format: str
    font: str | None


def _shown(cell: Cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return _number(value, cell.number_format or "General")
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y" if value.time() == dt.time() else "%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


def _xlsx(path: str, data: bytes) -> Iterator[tuple[str, Iterator[list[Cell]]]]:
    import openpyxl

    check_package(path, data, "XLSX", "xl/workbook.xml")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as e:
        raise ReadError(path, f"damaged workbook, cannot be opened ({e.__class__.__name__}: {e})") from None
    try:
        for sheet in book.worksheets:
            yield sheet.title, ([Cell(c.value, c.number_format, getattr(getattr(c, "font", None), "name", None))
                                 for c in row] for row in sheet.iter_rows())
    finally:
        book.close()


def _xls(path: str, data: bytes) -> Iterator[tuple[str, Iterator[list[Cell]]]]:
    import xlrd

    def cell(c) -> Cell:
        xf = book.xf_list[c.xf_index]
        fmt = book.format_map.get(xf.format_key)
        value = {xlrd.XL_CELL_EMPTY: None, xlrd.XL_CELL_BLANK: None, xlrd.XL_CELL_ERROR: None,
                 xlrd.XL_CELL_BOOLEAN: bool(c.value)}.get(c.ctype, c.value)
        if c.ctype == xlrd.XL_CELL_DATE:
            value = xlrd.xldate_as_datetime(c.value, book.datemode)
        return Cell(value, fmt.format_str if fmt else "General", book.font_list[xf.font_index].name)

    try:  # read whole (an .xls holds at most 65 536 rows a sheet): xlrd's errors all come here
        book = xlrd.open_workbook(file_contents=data, formatting_info=True)
        sheets = [(s.name, [[cell(c) for c in s.row(r)] for r in range(s.nrows)]) for s in book.sheets()]
    except Exception as e:  # xlrd's own errors, and struct, index and key errors from a corrupt file
        raise ReadError(path, f"damaged Excel 97-2003 workbook, cannot be read ({e})") from None
    for name, rows in sheets:
        yield name, iter(rows)


def read(path: str, data: bytes, sha256: str) -> Document:
    return _document(path, sha256, "xlsx", _xlsx(path, data))


def read_xls(path: str, data: bytes, sha256: str) -> Document:
    return _document(path, sha256, "xls", _xls(path, data))


def _document(path: str, sha256: str, kind: str, book) -> Document:
    sheets, fonts, cells = [], {}, 0
    for title, sheet_rows in book:
        rows = []
        for row in sheet_rows:
            cells += len(row)
            if cells > MAX_CELLS:
                raise ReadError(path, f"workbook too large (over {MAX_CELLS:,} cells): not a report")
            shown = [_shown(c) for c in row]
            for col, (c, text) in enumerate(zip(row, shown, strict=True)):
                if text and c.font and legacy.font_encoding(c.font):
                    fonts.setdefault(c.font, []).append((len(sheets), len(rows), col))
            while shown and not shown[-1]:
                shown.pop()
            if any(shown):
                rows.append(shown)
        if rows:
            sheets.append((title, rows))
    _recode(sheets, fonts)
    if not sheets:
        raise ReadError(path, "the workbook has no text: every sheet is empty")
    pages = []
    for n, (title, rows) in enumerate(sheets, start=1):
        width = max(map(len, rows))
        table = Table(tuple(tuple(r + [""] * (width - len(r))) for r in rows), page=n)
        text = title + "\n" + "".join("\t".join(r) + "\n" for r in rows)
        pages.append(Page(n, text, (table,)))
    return Document(path, sha256, kind, tuple(pages))


def _recode(sheets: list, fonts: dict) -> None:
    """Cells in a legacy font converted, a font at a time, when the workbook reads better so (as for DOCX)."""
    for font, places in fonts.items():
        texts = [sheets[s][1][r][c] for s, r, c in places]
        encoding, upper = legacy.font_encoding(font)
        if enc := legacy.reading(texts, encoding, upper):
            for s, r, c in places:
                row = sheets[s][1][r]
                row[c] = legacy.recode(row[c], legacy.own_encoding(row[c], enc, upper), upper)
