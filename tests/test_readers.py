"""Readers on real files: PDF (text, encrypted, image-only, damaged), DOCX (tables, footnotes, damaged)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.errors import ReadError
from extractors.readers import read

from . import build
from .conftest import CORPUS, SAMPLES


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
        read(files[name], ocr="never")  # the image-only PDF is read by OCR otherwise (test_ocr)
    assert reason in err.value.reason
    assert name in str(err.value)


def test_missing_and_unsupported_files(tmp_path):
    with pytest.raises(ReadError, match="file not found"):
        read(tmp_path / "gone.pdf")
    (tmp_path / "x.xyz").write_bytes(b"x")
    with pytest.raises(ReadError, match=r"unsupported format \.xyz"):
        read(tmp_path / "x.xyz")


def test_image_only_page_among_text_pages_is_reported(tmp_path):
    import io

    import pikepdf

    merged = pikepdf.open(io.BytesIO(build.text_pdf(["Trang mot"])))
    merged.pages.extend(pikepdf.open(io.BytesIO(build.image_only_pdf())).pages)
    merged.save(tmp_path / "mixed.pdf")
    doc = read(tmp_path / "mixed.pdf", ocr="never")  # OCR'd otherwise (test_ocr)
    assert doc.page_count == 2
    assert not doc.pages[1].has_text_layer
    assert doc.warnings == ("page 2: no text layer (scanned image; OCR needed)",)


def test_docx_paragraphs_and_tables(files):
    doc = read(files["small.docx"])
    assert doc.format == "docx" and doc.page_count == 1
    assert doc.pages[0].text.startswith("BÁO CÁO\n" + build.PARAGRAPH)
    (table,) = doc.tables
    assert table.rows == (("TT", "Nội dung", "Đơn vị chủ trì"), ("1", "Rà soát thủ tục", "Công an xã"))


SAMPLE_TEXT = (CORPUS / f"{SAMPLES[0]}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def encoded(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("encodings")
    paths = {}
    for name, data in build.text_files(SAMPLE_TEXT).items():
        (out / name).write_bytes(data)
        paths[name] = out / name
    return paths


@pytest.mark.parametrize(
    "name, encoding",
    [("utf8.txt", "utf-8"), ("utf8_bom.txt", "utf-8-bom"), ("utf16_le_bom.txt", "utf-16-bom"),
     ("utf16_be_bom.txt", "utf-16-bom"), ("utf16_le.txt", "utf-16-le"), ("nfd.txt", "utf-8"),
     ("windows1258.txt", "windows-1258"), ("tcvn3.txt", "tcvn3"), ("vni.txt", "vni")],
)
def test_txt_in_every_encoding_reads_as_the_same_nfc_text(encoded, name, encoding):
    doc = read(encoded[name])
    assert doc.encoding == encoding and doc.page_count is None
    expected = SAMPLE_TEXT.lower() if encoding == "tcvn3" else SAMPLE_TEXT  # TCVN3 has no capital toned letters
    got = doc.pages[0].text.lower() if encoding == "tcvn3" else doc.pages[0].text
    assert got == expected


def test_a_page_saved_as_its_html_source_reads_as_its_text_on_its_lines(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text('Tin bài\n<p style="text-align: justify;"><span>Ng&agrave;y 16 th&aacute;ng 8 năm 2021, UBND '
                    't&#7881;nh ban h&agrave;nh</span></p>\n<p>Văn bản số 2882/UBND-KTTH.</p>\n', encoding="utf-8")
    lines = read(path).pages[0].text.splitlines()
    assert [" ".join(x.split()) for x in lines] == ["Tin bài", "Ngày 16 tháng 8 năm 2021, UBND tỉnh ban hành",
                                                    "Văn bản số 2882/UBND-KTTH."]


def test_a_text_with_a_few_angle_brackets_and_ampersands_is_left_as_it_is(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Tỷ lệ <5% & >3%; A&B <b>\n", encoding="utf-8")
    assert read(path).pages[0].text == "Tỷ lệ <5% & >3%; A&B <b>\n"


@pytest.mark.parametrize(
    "raw, encoding, text",
    [  # the mojibake every Vietnamese office has seen: 8-bit files shown in a Western font
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam. §éc lËp - Tù do - H¹nh phóc", "tcvn3",
         "Cộng hoà xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam. Ñoäc laäp - Töï do - Haïnh phuùc. Ngöôøi ñöôïc", "vni",
         "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc. Người được"),
    ],
)
def test_legacy_tables_read_known_text(tmp_path, raw, encoding, text):
    path = tmp_path / "cũ.txt"
    path.write_bytes(raw.encode("cp1252"))
    doc = read(path)
    assert (doc.encoding, doc.pages[0].text) == (encoding, text)


def test_text_limit_counts_the_bytes_of_the_text_not_its_letters(tmp_path, monkeypatch):
    """A DOCX whose text is under the limit counted in letters but over it in UTF-8 bytes (a Vietnamese letter
    takes up to three) is refused."""
    import docx

    from extractors import readers

    document = docx.Document()
    document.add_paragraph("Hướng dẫn thực hiện nhiệm vụ ở địa phương. " * 40)
    document.save(tmp_path / "dài.docx")
    letters = len(readers.read(tmp_path / "dài.docx").pages[0].text)
    monkeypatch.setattr(readers, "MAX_TEXT_BYTES", int(letters * 1.1))
    with pytest.raises(ReadError, match="text too large"):
        readers.read(tmp_path / "dài.docx")


def _with_footnotes_part(path: Path, xml: str) -> Path:
    """A sample DOCX whose footnotes part is replaced by `xml`."""
    import zipfile

    source = zipfile.ZipFile(CORPUS / f"{SAMPLES[0]}.docx")
    with zipfile.ZipFile(path, "w") as out:
        for item in source.infolist():
            out.writestr(item, xml if item.filename == "word/footnotes.xml" else source.read(item.filename))
    return path


FOOTNOTES = '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{}</w:footnotes>'


def test_a_hostile_or_broken_footnotes_part_is_a_reason_not_a_crash(tmp_path):
    """An external entity naming a local file is not fetched, an entity bomb and broken XML are a damaged DOCX
    (not lxml's traceback, nor an 'internal error' in ingest)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("MAT-KHAU-BI-MAT")
    note = '<w:footnote w:id="1"><w:p><w:r><w:t>Ghi chú &e;</w:t></w:r></w:p></w:footnote>'
    xxe = _with_footnotes_part(tmp_path / "xxe.docx", f'<!DOCTYPE r [<!ENTITY e SYSTEM "file://{secret}">]>'
                                                      + FOOTNOTES.format(note))
    assert "MAT-KHAU" not in "".join(p.text for p in read(xxe).pages)
    levels = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    bomb = _with_footnotes_part(tmp_path / "bomb.docx", f'<!DOCTYPE r [<!ENTITY e0 "lol">{levels}'
                                f'<!ENTITY e "&e9;">]>' + FOOTNOTES.format(note))
    broken = _with_footnotes_part(tmp_path / "broken.docx", FOOTNOTES.format("<w:footnote")[:-14])
    for path in (bomb, broken):
        with pytest.raises(ReadError, match="damaged DOCX, its footnotes part is not well-formed XML"):
            read(path)


def test_a_tcvn3_heading_in_capitals_keeps_its_capitals(tmp_path):
    """TCVN3 has no capital toned letters: a heading in capitals holds the small ones ("ủY BAN", "TỉNH NGHệ AN").
    Read back in capitals, the issuer is found; a name with its capital first ("Hà Nội") is left as it is."""
    from extractors.pipeline import extract

    text = ("ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\nSố: 8123/UBND-KSTT\nHà Nội, ngày 14 tháng 11 năm 2023\n"
            "Kính gửi: Các sở, ban, ngành. Bà Lê Thị Hà báo cáo kết quả số hóa hồ sơ.\n")
    path = tmp_path / "cong-van.txt"
    path.write_bytes(build.encode_legacy(text, "tcvn3"))
    doc = read(path)
    assert (doc.encoding, doc.pages[0].text) == ("tcvn3", text)
    assert extract(path).metadata["issuer"] == "Ủy ban nhân dân tỉnh Nghệ An"
