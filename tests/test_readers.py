"""Readers on real files: PDF (text, encrypted, image-only, damaged), DOCX (tables, footnotes, damaged)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.errors import ReadError
from extractors.readers import read

from . import build


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    return build.build(tmp_path_factory.mktemp("files"))


def test_pdf_text_per_page(files):
    doc = read(files["text.pdf"])
    assert doc.format == "pdf" and doc.page_count == 2
    assert "19/BC-UBND" in doc.pages[0].text and doc.pages[1].text.strip() == "Trang hai"


def test_pdf_with_empty_user_password_opens(files):
    doc = read(files["encrypted_empty_password.pdf"])
    assert "encrypted" in doc.pages[0].text


@pytest.mark.parametrize(
    "name, reason",
    [
        ("encrypted_real_password.pdf", "encrypted PDF: a password is required"),
        ("image_only.pdf", "no text layer"),
        ("truncated.pdf", "damaged or truncated PDF"),
        ("random_bytes.pdf", "not a PDF"),
        ("broken_zip.docx", "not a valid DOCX"),
        ("not_a_docx.docx", "not a valid DOCX"),
        ("zip_bomb.docx", "zip bomb"),
        ("empty.txt", "empty file"),
        ("binary.txt", "cannot decide the text encoding"),
    ],
)
def test_bad_input_is_a_clear_error_naming_the_file(files, name, reason):
    with pytest.raises(ReadError) as err:
        read(files[name])
    assert reason in err.value.reason
    assert name in str(err.value)


def test_missing_and_unsupported_files(tmp_path):
    with pytest.raises(ReadError, match="file not found"):
        read(tmp_path / "gone.pdf")
    (tmp_path / "x.odt").write_bytes(b"x")
    with pytest.raises(ReadError, match="unsupported format"):
        read(tmp_path / "x.odt")


def test_image_only_page_among_text_pages_is_reported(tmp_path):
    import io

    import pikepdf

    merged = pikepdf.open(io.BytesIO(build.text_pdf(["Trang mot"])))
    merged.pages.extend(pikepdf.open(io.BytesIO(build.image_only_pdf())).pages)
    merged.save(tmp_path / "mixed.pdf")
    doc = read(tmp_path / "mixed.pdf")
    assert doc.page_count == 2
    assert not doc.pages[1].has_text_layer
    assert doc.warnings == ("page 2: no text layer (scanned image; OCR needed)",)


def test_docx_paragraphs_and_tables(files):
    doc = read(files["small.docx"])
    assert doc.format == "docx" and doc.page_count == 1
    assert doc.pages[0].text.startswith("BÁO CÁO\n" + build.PARAGRAPH)
    (table,) = doc.tables
    assert table.rows == (("TT", "Nội dung", "Đơn vị chủ trì"), ("1", "Rà soát thủ tục", "Công an xã"))
