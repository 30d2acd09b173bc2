"""Spreadsheets: .xlsx (openpyxl) and Excel 97-2003 .xls (xlrd) read as one page and one table per sheet, cells
shown as the sheet shows them, so their text is searchable and their figures reach the KB."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from extractors.errors import ReadError
from extractors.ingest import ingest
from extractors.kb import KB
from extractors.readers import read
from extractors.search import search

ROWS = [("STT", "Đơn vị", "Kế hoạch (tỷ đồng)", "Thực hiện", "Tỷ lệ"),
        ("1", "Sở Tài chính", "1.234,5", "1.000", "81,0%"),
        ("2", "Sở Xây dựng", "200", "150,25", "75,1%"),
        ("", "Tổng cộng", "1.434,5", "1.150,25", ""),
        ("Ngày lập", "30/11/2025", "", "", "")]


def annex(path: Path) -> Path:
    """A statistical annex as provinces send them: a table of figures, an empty sheet, a note in .VnTime."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Biểu 01"
    ws.append(["STT", "Đơn vị", "Kế hoạch (tỷ đồng)", "Thực hiện", "Tỷ lệ"])
    ws.append([1, "Sở Tài chính", 1234.5, 1000, 0.81])
    ws.append([2, "Sở Xây dựng", 200, 150.25, 0.75125])
    ws["E2"].number_format = ws["E3"].number_format = "0.0%"
    ws.append([None, "Tổng cộng", 1434.5, 1150.25])
    ws.append(["Ngày lập", datetime.date(2025, 11, 30)])
    wb.create_sheet("Trống")
    note = wb.create_sheet("Ghi chú")["A1"]
    note.value = "Sè liÖu cña Së Tµi chÝnh"  # TCVN3 bytes, as a .VnTime cell holds them
    note.font = openpyxl.styles.Font(name=".VnTime")
    wb.save(path)
    return path


def test_xlsx_sheets_are_pages_and_tables(tmp_path):
    doc = read(annex(tmp_path / "phụ lục.xlsx"))
    assert doc.format == "xlsx" and doc.page_count == 2  # the empty sheet is no page
    assert [t.rows for t in doc.tables] == [tuple(ROWS), (("Số liệu của Sở Tài chính",),)]
    assert doc.pages[0].text.splitlines()[:2] == ["Biểu 01", "STT\tĐơn vị\tKế hoạch (tỷ đồng)\tThực hiện\tTỷ lệ"]


def test_the_figures_and_text_of_a_sheet_reach_the_kb(tmp_path):
    kb = KB(tmp_path / "kb.sqlite")
    summary = ingest([annex(tmp_path / "phụ lục.xlsx")], kb)
    assert summary.ingested == 1, summary.failed
    figures = {(v, p) for v, p in kb.db.execute("select value, page from figures")}
    assert {(1234.5, 1), (150.25, 1), (81.0, 1), (1434.5, 1)} <= figures
    (hit,) = search(kb.db, "so tai chinh").hits
    assert hit.page == 1 and hit.line == 3  # the sheet's name, its header row, then this row
    assert search(kb.db, '"so lieu cua so tai chinh"').hits[0].page == 2
    kb.close()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (make install) makes the .xls")
def test_xls_reads_as_its_xlsx(tmp_path):
    source = annex(tmp_path / "phụ lục.xlsx")
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "xls", "--outdir", str(tmp_path / "xls"), str(source)], capture_output=True, timeout=120,
                   check=True)
    xls = read(tmp_path / "xls" / "phụ lục.xls")
    assert xls.format == "xls" and xls.contract_format == "other"
    assert [t.rows for t in xls.tables] == [t.rows for t in read(source).tables]


def test_a_damaged_xls_is_a_clear_error(tmp_path):
    junk = bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504 + "Workbook\0".encode("utf-16-le") + os.urandom(2048)
    (tmp_path / "hỏng.xls").write_bytes(junk)
    with pytest.raises(ReadError, match="damaged Excel 97-2003 workbook, cannot be read"):
        read(tmp_path / "hỏng.xls")
