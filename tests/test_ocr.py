"""OCR (Tesseract, Debian's Vietnamese model) on real scans: the scanned PDFs of ../shared/wild read in place, every
page, with the documents' own numbers and dates (checked against the page images by a reader); images made here
from those scans (PNG at 150 ppi, JPEG, a two-frame TIFF); a PDF of a corpus text page and a scanned page; --ocr
never and force; a page past its time budget; the confidence kept per page in the KB. A few pages in all: the
whole archive is read by test_office's wild test."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from extractors.errors import ReadError
from extractors.pipeline import extract
from extractors.readers import ocr, read

from .conftest import CORPUS, ROOT

WILD = ROOT.parent / "shared" / "wild" / "files"
ND199 = WILD / "16_scan-nd199-2026.pdf"  # Nghị định 199/2026/NĐ-CP, 3 pages scanned at 200 ppi
TB01 = WILD / "14_scan-tb01-bgh-uit-2013.pdf"  # Thông báo 01/TB-BGH, 1 page scanned in colour
GIAYMOI = WILD / "20_scan-giaymoi-cbioc-2025.pdf"  # Giấy mời, 1 page scanned at 150 ppi
pytestmark = [
    pytest.mark.skipif(not WILD.is_dir(), reason="../shared/wild is not beside this checkout"),
    pytest.mark.skipif(not any(Path(d, "vie.traineddata").is_file() for d in ocr.TESSDATA),
                       reason="Debian's tesseract-ocr-vie (make install) is not installed"),
]


def page_image(pdf: Path, number: int, ppi: int) -> Image.Image:
    """A scanned page as its scanner gave it, at `ppi`."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[number - 1].render(scale=ppi / 72, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()


def mixed_pdf(folder: Path) -> Path:
    """A corpus sample's first page (text layer) followed by the scanned invitation (an image page)."""
    scan = io.BytesIO()
    page_image(GIAYMOI, 1, 300).save(scan, format="PDF", resolution=300)
    out = pikepdf.open(CORPUS / "000_c15e43302a308399.pdf")
    del out.pages[1:]
    out.pages.extend(pikepdf.open(io.BytesIO(scan.getvalue())).pages)
    out.save(folder / "mixed.pdf")
    return folder / "mixed.pdf"


def vanban(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractors.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, env={**os.environ, **(env or {})})


def test_a_scanned_decree_is_read_page_by_page_with_its_number_date_and_citations():
    out = vanban("extract", str(ND199), "--json")
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    assert found["source"]["pages"] == 3 and found["source"]["warnings"] == []
    meta = found["metadata"]
    assert (meta["number"], meta["date"], meta["doc_type"]) == ("199/2026/NĐ-CP", "2026-06-05", "Nghị định")
    cited = {r["key"] for r in found["references"]}
    assert {"63/2025/QH15", "89/2025/QH15", "64/2025/QH15", "36/2015/QĐ-TTg"} <= cited  # the page's Căn cứ lines
    doc = read(ND199)
    assert all(p.text.strip() and p.ocr_confidence > ocr.LOW_CONFIDENCE and not p.has_text_layer for p in doc.pages)
    # the header's two columns, read by Tesseract as one line, are two lines of one visual line, the issuer's first
    lines = doc.pages[0].text.split("\n")
    issuer, motto = lines.index("CHÍNH PHỦ"), lines.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert issuer < motto and doc.pages[0].line_numbers[issuer] == doc.pages[0].line_numbers[motto]


def test_a_one_page_colour_scan_gives_its_number_type_and_printed_dates():
    ex = extract(TB01)  # scanned at 309 ppi, read so
    assert (ex.metadata["number"], ex.metadata["doc_type"]) == ("01/TB-BGH", "Thông báo")
    assert "năm học 2012-2013 từ ngày 24/11/2012" in ex.text.text  # printed in its first paragraph
    # its own date has a handwritten day ("ngày 22 tháng 01 năm 2013"): Tesseract reads the line at 300 ppi but
    # leaves it out as a picture at the scan's 309 (README, OCR), so it is not asserted


def test_images_are_read_one_page_each_and_a_tiff_a_page_per_frame(tmp_path):
    invitation = page_image(GIAYMOI, 1, 150)
    invitation.save(tmp_path / "giay moi.png", dpi=(150, 150))  # scaled up to OCR's resolution when read
    invitation.save(tmp_path / "giay moi.jpg", dpi=(150, 150), quality=85)
    frames = [page_image(GIAYMOI, 1, 300), page_image(TB01, 1, 300)]
    frames[0].save(tmp_path / "hai trang.tif", save_all=True, append_images=frames[1:], dpi=(300, 300),
                   compression="tiff_lzw")
    for name, kind in (("giay moi.png", "png"), ("giay moi.jpg", "jpeg")):
        doc = read(tmp_path / name)
        assert doc.format == kind and doc.page_count == 1 and doc.contract_format == "other"
        assert "ngày 25 tháng 11 năm 2025" in doc.pages[0].text and doc.pages[0].ocr_confidence > ocr.LOW_CONFIDENCE
    tiff = extract(tmp_path / "hai trang.tif")
    assert tiff.document.format == "tiff" and tiff.document.page_count == 2
    assert "GIẤY MỜI" in tiff.document.pages[0].text.replace("GIẦY", "GIẤY") and "01/TB-BGH" in tiff.document.pages[1].text
    with pytest.raises(ReadError, match="only be read by OCR, and --ocr never was given"):
        read(tmp_path / "giay moi.png", ocr="never")


def test_a_pdf_of_text_and_scanned_pages_ocr_auto_never_and_force(tmp_path):
    pdf = mixed_pdf(tmp_path)
    auto = read(pdf)
    text_page, scanned = auto.pages
    assert text_page.has_text_layer and text_page.ocr_confidence is None
    assert not scanned.has_text_layer and scanned.ocr_confidence > ocr.LOW_CONFIDENCE and auto.warnings == ()
    assert "Dự Lễ kết nạp Đảng viên" in scanned.text and "Hội trường Trung tâm Giám sát" in scanned.text
    assert text_page.text == read(CORPUS / "000_c15e43302a308399.pdf").pages[0].text  # the text page untouched
    never = read(pdf, ocr="never")
    assert never.pages[1].text == "" and never.warnings == ("page 2: no text layer (scanned image; OCR needed)",)
    force = read(pdf, ocr="force")
    assert all(p.ocr_confidence is not None for p in force.pages)
    # the text layer's page, read from its picture instead, says what its text layer says
    assert force.pages[0].text.split()[:4] == text_page.text.split()[:4]


def test_the_kb_keeps_each_pages_confidence_and_lines_and_the_mode_it_was_read_with(tmp_path):
    pdf, db = mixed_pdf(tmp_path), tmp_path / "kb.sqlite"
    never = vanban("ingest", str(pdf), "--db", str(db), "--ocr", "never", "--json")
    assert never.returncode == 0, never.stderr
    assert json.loads(never.stdout)["warnings"][0]["warnings"] == ["page 2: no text layer (scanned image; OCR needed)"]
    auto = vanban("ingest", str(pdf), "--db", str(db), "--json")  # read again: OCR is on now
    assert auto.returncode == 0, auto.stderr
    summary = json.loads(auto.stdout)
    assert summary["ingested"] == 1 and summary["warnings"] == []
    conn = sqlite3.connect(db)
    pages = conn.execute("select page, has_text, ocr_confidence from pages order by page").fetchall()
    assert pages[0] == (1, 1, None) and pages[1][:2] == (2, 0) and pages[1][2] > ocr.LOW_CONFIDENCE
    # a line of the scanned page is found at its page and line, as a text page's is
    text, = conn.execute("select text from texts").fetchone()
    start = text.index("Thời gian")
    page, line = conn.execute("select page, line from text_lines where start <= ? order by start desc limit 1",
                              [start]).fetchone()
    assert page == 2 and line > 5
    assert json.loads(vanban("ingest", str(pdf), "--db", str(db), "--json").stdout)["unchanged"] == 1


def test_a_page_past_its_time_budget_is_a_warning_not_a_lost_file(tmp_path):
    pdf = mixed_pdf(tmp_path)
    out = vanban("ingest", str(pdf), "--db", str(tmp_path / "kb.sqlite"), "--json",
                 env={"VANBAN_OCR_PAGE_SECONDS": "0.001"})
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["ingested"] == 1
    assert summary["warnings"][0]["warnings"] == [
        "page 2: OCR gave up after 0.001 s (VANBAN_OCR_PAGE_SECONDS raises the limit)"]


def test_a_page_read_with_low_confidence_is_flagged_in_the_kb_and_the_summary(tmp_path):
    signature = page_image(TB01, 1, 300)  # the foot of the notice: a stamp, a signature, a handwritten name
    signature.crop((0, int(signature.height * 0.8), signature.width, signature.height)).save(
        tmp_path / "chu ky.png", dpi=(300, 300))
    db = tmp_path / "kb.sqlite"
    out = vanban("ingest", str(tmp_path / "chu ky.png"), "--db", str(db))
    assert out.returncode == 0, out.stderr
    assert "chu ky.png: page 1: read by OCR with low confidence 0." in out.stdout
    conn = sqlite3.connect(db)
    (confidence,), = conn.execute("select ocr_confidence from pages").fetchall()
    (warnings,), = conn.execute("select warnings from documents").fetchall()
    assert confidence < ocr.LOW_CONFIDENCE and json.loads(warnings)[0].startswith(
        f"page 1: read by OCR with low confidence {confidence:.2f} (under 0.80")
