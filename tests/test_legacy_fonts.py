"""Legacy 8-bit Vietnamese fonts in Word files: runs set in TCVN3 (.VnTime, and the capitals-only .VnTimeH) or
VNI (VNI-Times) are converted to Unicode, found from the run, its style or its paragraph's style; Unicode runs are
never touched (PDF text layers: test_legacy_pdf.py)."""

from __future__ import annotations

import shutil

import docx
import pytest
from docx.oxml import OxmlElement

from extractors.pipeline import extract
from extractors.readers import legacy, office, read

from .test_office import WILD, needs_wild


def tcvn3(text: str) -> str:
    """Unicode text as a TCVN3 Word file shows it once read as Windows-1252 letters ("Chính phủ" -> "ChÝnh phñ")."""
    back = {v: k for k, v in legacy._table("tcvn3")[0].items()}
    return bytes(back.get(c, ord(c)) for c in text).decode("cp1252")


def test_runs_in_legacy_fonts_are_converted_and_unicode_runs_are_not(tmp_path):
    d = docx.Document()
    heading = d.styles.add_style("Tiêu đề cũ", 1)  # a paragraph style set in .VnTime: its runs name no font
    heading.font.name = ".VnTime"
    d.add_paragraph(tcvn3("Căn cứ Luật Tổ chức Chính phủ ngày 25 tháng 12 năm 2001;"), style=heading)
    p = d.add_paragraph()
    p.add_run("bé tµi chÝnh").font.name = ".VnTimeH"  # TCVN3's capitals font: the small letters' places
    p.add_run(" - ")
    p.add_run("UÛY BAN NHAÂN DAÂN").font.name = "VNI-Times"
    p = d.add_paragraph()
    p.add_run("Hà Nội, ngày 5 tháng 3 năm 2003").font.name = ".VnTime"  # Unicode, though the font says TCVN3
    p.add_run(" Bà Rịa").font.name = "Times New Roman"
    run = d.add_paragraph().add_run("Thuª ®Êt trong n")  # "ư" is byte 0xAD, which Word keeps as a soft hyphen
    run.font.name = ".VnTime"
    run._r.append(OxmlElement("w:softHyphen"))
    tail = OxmlElement("w:t")
    tail.text = "íc"
    run._r.append(tail)
    d.save(tmp_path / "cũ.docx")
    lines = [line for line in read(tmp_path / "cũ.docx").pages[0].text.splitlines() if line]
    assert lines == ["Căn cứ Luật Tổ chức Chính phủ ngày 25 tháng 12 năm 2001;", "BỘ TÀI CHÍNH - ỦY BAN NHÂN DÂN",
                     "Hà Nội, ngày 5 tháng 3 năm 2003 Bà Rịa", "Thuê đất trong nước"]


def test_a_unicode_document_in_a_legacy_font_is_left_as_it_is(tmp_path):
    """Runs of Latin-1 letters only ("Bà Tô", no "ị" or "đ" to show they are Unicode) would read as TCVN3 bytes
    too: the document-wide test (converted, do they read better?) keeps them."""
    d = docx.Document()
    lines = ["Bà Tô, Ông Tú", "Bà Lê ở Hà Tây", "Cà Mau, Bà Rịa"]
    for text in lines:
        d.add_paragraph().add_run(text).font.name = ".VnTime"
    d.save(tmp_path / "unicode.docx")
    assert read(tmp_path / "unicode.docx").pages[0].text.splitlines() == lines


@needs_wild
@pytest.mark.skipif(shutil.which("soffice") is None or office._uno_python() is None, reason="no LibreOffice")
@pytest.mark.parametrize("name, lines", [
    ("30_bc67-sct-cantho-2009.doc", ["UBND TP. CẦN THƠ", "Số: 67/BC-SCT", "Cần Thơ, ngày 14 tháng 5 năm 2009"]),
    ("31_bc-tongket-2008-bct.doc", ["BỘ CÔNG THƯƠNG", "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ SẢN XUẤT CÔNG NGHIỆP"]),
    ("32_vni-qd991-2008-binhphuoc.doc", ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH PHƯỚC", "Số: 991/QĐ-UBND",
                                         "Căn cứ Luật Tổ chức HĐND và UBND ngày 26/11/2003;"]),
    ("33_tcvn3-nd28-2003-congtrai.doc", ["CHÍNH PHỦ", "Quy định việc phát hành công trái xây dựng Tổ quốc năm 2003",
                                         "Căn cứ Luật Tổ chức Chính phủ ngày 25 tháng 12 năm 2001;"]),
    ("34_tcvn3-qd144-2002-btc.doc", ["BỘ TÀI CHÍNH", "QUYẾT ĐỊNH CỦA BỘ TRƯỞNG BỘ TÀI CHÍNH",
                                     "Biểu thuế thuế nhập khẩu ưu đãi"]),
    ("35_tcvn3-nd94-1998-thue.rtf", ["NGHỊ ĐỊNH CỦA CHÍNH PHỦ", "SỐ 94 /1998/NĐ-CP",
                                     "Căn cứ Luật Đầu tư nước ngoài tại Việt Nam ngày 08 tháng 11 năm 1996"]),
])
def test_the_legacy_word_files_of_the_wild_archive_read_as_vietnamese(name, lines):
    ex = extract(WILD / name)
    for line in lines:
        assert line in ex.text.text, line
    assert legacy.score(ex.text.text) > 0.98 and not ex.document.warnings
