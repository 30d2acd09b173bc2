"""PDF text layers in a legacy 8-bit Vietnamese font: the born-digital TCVN3 PDFs of shared/wild (.VnTime,
.VnTimeH, VnTimeHBold, subset fonts) read as Vietnamese by the font of each character, capitals where the "H"
font draws them; their own number, date and issuer reach `vanban extract --json`. A PDF whose fonts name no
encoding is read by the syllable grammar; one that no table reads keeps its mojibake warning."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import unicodedata

import pytest
from reportlab.pdfgen import canvas

from extractors.readers import legacy, read

from .conftest import ROOT
from .test_office import WILD, needs_wild

LEGACY_PDFS = ["09_legacy-bc-kehoach2005-qh.pdf", "10_legacy-nd109-2004-dkkd.pdf", "11_legacy-tt01-2006-nhnn.pdf",
               "12_legacy-qd115-2004-ttg.pdf", "13_legacy-bc-congnghiep-02-2007.pdf"]
# read off the page images of the first pages
OWN = {
    "10_legacy-nd109-2004-dkkd.pdf": ("109/2004/NĐ-CP", "2004-04-02", "Chính phủ"),
    "11_legacy-tt01-2006-nhnn.pdf": ("01/2006/TT-NHNN", "2006-02-20", "Ngân hàng Nhà nước Việt Nam"),
    "12_legacy-qd115-2004-ttg.pdf": ("115/2004/QĐ-TTg", "2004-06-25", "Thủ tướng Chính phủ"),
}
# a heading each first page shows (in capitals where it is set in a TCVN3 "H" font)
HEADINGS = {
    "09_legacy-bc-kehoach2005-qh.pdf": "TÌNH HÌNH THỰC HIỆN NHIỆM VỤ KẾ HOẠCH NĂM 2004",
    "10_legacy-nd109-2004-dkkd.pdf": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "11_legacy-tt01-2006-nhnn.pdf": "NGÂN HÀNG NHÀ NƯỚC",
    "12_legacy-qd115-2004-ttg.pdf": "QUỸ BẢO LÃNH TÍN DỤNG CHO DOANH NGHIỆP NHỎ VÀ VỪA",
    "13_legacy-bc-congnghiep-02-2007.pdf": "BÁO CÁO VỀ TÌNH HÌNH SẢN XUẤT KINH DOANH NGÀNH CÔNG",
}


@needs_wild
@pytest.mark.parametrize("name", LEGACY_PDFS)
def test_the_legacy_font_pdfs_of_the_wild_archive_read_as_vietnamese(name):
    doc = read(WILD / name)
    text = "\n".join(p.text for p in doc.pages)
    assert legacy.score(text) > 0.97 and not doc.warnings
    assert HEADINGS[name] in doc.pages[0].text


@needs_wild
@pytest.mark.parametrize("name", sorted(OWN))
def test_their_own_number_date_and_issuer_reach_extract_json(name):
    out = subprocess.run([sys.executable, "-m", "extractors.cli", "extract", "--json", str(WILD / name)],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    meta = json.loads(out)["metadata"]
    number, date, issuer = OWN[name]
    assert (meta["number"], meta["date"]) == (number, date)
    assert meta["issuer"].lower() == issuer.lower()


@needs_wild
def test_a_unicode_pdf_with_a_legacy_font_name_is_left_as_it_is():
    """06 (pdfFactory, Unicode) names .VnTime for two characters: its text is not read again."""
    text = read(WILD / "06_bc-mpi-ktxh-quy1-2005.pdf").pages[0].text
    assert "Trích Báo cáo của Bộ Kế hoạch và Đầu tư trình Chính phủ" in text


LINES = ["Căn cứ Luật Tổ chức Chính phủ ngày 25 tháng 12 năm 2001;", "Theo đề nghị của Bộ Tài chính,",
         "Điều 1. Sửa đổi, bổ sung một số điều của Quy chế thành lập, tổ chức và hoạt động",
         "của Quỹ bảo lãnh tín dụng cho doanh nghiệp nhỏ và vừa."]


def _pdf(path, lines):
    """A PDF in Helvetica, a font that names no Vietnamese encoding, with the given lines (Windows-1252 letters)."""
    c = canvas.Canvas(str(path))
    c.setFont("Helvetica", 11)
    for i, line in enumerate(lines):
        c.drawString(60, 780 - 16 * i, line)
    c.save()
    return path


def test_a_pdf_whose_font_names_no_encoding_is_read_by_its_syllables(tmp_path):
    back = {v: k for k, v in legacy._table("tcvn3")[0].items()}
    tcvn3 = [bytes(back.get(c, ord(c)) for c in line).decode("cp1252") for line in LINES * 3]
    assert read(_pdf(tmp_path / "tcvn3.pdf", tcvn3)).pages[0].text.splitlines() == LINES * 3


def test_mojibake_that_is_left_is_warned_about_in_the_kb_and_the_summary(tmp_path):
    """A text layer garbled beyond any 8-bit table (Windows-1258 bytes shown as Windows-1252, marks lost) is
    stored with a warning, given in ingest's summary too."""
    garbled = [unicodedata.normalize("NFD", line).encode("cp1258", errors="replace").decode("cp1252")
               for line in LINES * 3]
    pdf = _pdf(tmp_path / "garbled.pdf", garbled)
    (warning,) = read(pdf).warnings
    assert warning.startswith("the text looks like mojibake: only 52% of its 132 words with diacritics")
    db = tmp_path / "kb.sqlite"
    out = subprocess.run([sys.executable, "-m", "extractors.cli", "ingest", str(pdf), "--db", str(db), "--json"],
                         capture_output=True, text=True, cwd=ROOT)
    assert json.loads(out.stdout)["warnings"] == [{"path": str(pdf), "warnings": [warning]}], out.stderr
    stored = sqlite3.connect(db).execute("select warnings from documents").fetchone()[0]
    assert json.loads(stored) == [warning]
    text = subprocess.run([sys.executable, "-m", "extractors.cli", "ingest", str(pdf), "--db",
                           str(tmp_path / "b.sqlite")], capture_output=True, text=True, cwd=ROOT).stdout
    assert f"  warning {pdf}: the text looks like mojibake" in text
