"""Builds real test files (PDF, DOCX, TXT in every encoding) — used by the tests and by hand:

    python -m tests.build OUTDIR
"""

from __future__ import annotations

import codecs
import io
import sys
import unicodedata
import zipfile
import zlib
from pathlib import Path

import docx
import pikepdf
from PIL import Image, ImageDraw

from extractors.readers import legacy

PARAGRAPH = (
    "Thực hiện Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ về việc phê duyệt "
    "Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử."
)


def text_pdf(lines: list[str]) -> bytes:
    """A small real PDF with an ASCII text layer, one page per item of `lines`."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica))
    for line in lines:
        content = f"BT /F1 12 Tf 72 720 Td ({line}) Tj ET".encode("latin-1")
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream(content),
        )
        pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def flate_bomb_pdf(inflated_mb: int) -> bytes:
    """A one-page PDF of ~1 KB per inflated MB whose content stream inflates to `inflated_mb` MB of spaces (a
    decompression bomb). The stream is built without compressing it all: after a full flush deflate starts
    afresh, so the compressed MB of spaces is one block repeated; the checksum is that of the whole."""
    mb = b" " * (1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(mb) + deflate.flush(zlib.Z_FULL_FLUSH)
    assert deflate.compress(mb) + deflate.flush(zlib.Z_FULL_FLUSH) == block
    checksum = 1
    for _ in range(inflated_mb):
        checksum = zlib.adler32(mb, checksum)
    data = b"\x78\xda" + block * inflated_mb + deflate.flush() + checksum.to_bytes(4, "big")
    pdf = pikepdf.new()
    stream = pikepdf.Stream(pdf, b"")
    stream.write(data, filter=pikepdf.Name.FlateDecode)
    pdf.pages.append(pikepdf.Page(pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
                                                     Contents=pdf.make_indirect(stream))))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def encrypted_pdf(user_password: str) -> bytes:
    pdf = pikepdf.open(io.BytesIO(text_pdf(["Bao cao so 19/BC-UBND, encrypted"])))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="owner-secret", user=user_password, R=6))
    return out.getvalue()


def image_only_pdf() -> bytes:
    """A scanned page: text drawn into an image, no text layer."""
    image = Image.new("RGB", (600, 300), "white")
    ImageDraw.Draw(image).text((20, 20), "BAO CAO (scanned)", fill="black")
    out = io.BytesIO()
    image.save(out, format="PDF")
    return out.getvalue()


def small_docx(with_footnote: bool = True) -> bytes:
    document = docx.Document()
    document.add_paragraph("BÁO CÁO")
    document.add_paragraph(PARAGRAPH)
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([("TT", "Nội dung", "Đơn vị chủ trì"), ("1", "Rà soát thủ tục", "Công an xã")]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (40 * 1024 * 1024))
    return out.getvalue()


TONES = "\u0300\u0301\u0303\u0309\u0323"


def encode_legacy(text: str, encoding: str) -> bytes:
    """Vietnamese text as an old 8-bit file would hold it (the inverse of the rules/encodings tables)."""
    out = bytearray()
    if encoding == "windows-1258":  # base letter (with its vowel mark) + a combining tone byte
        for c in text:
            d = unicodedata.normalize("NFD", c)
            base = unicodedata.normalize("NFC", "".join(x for x in d if x not in TONES))
            out += (base + "".join(x for x in d if x in TONES)).encode("cp1258")
        return bytes(out)
    letters, marks = legacy._table(encoding)
    by_text = {t: b for b, t in letters.items()}
    # keyed in canonical order (NFD puts the dot below before the circumflex); lower-case mark bytes win
    by_mark = {unicodedata.normalize("NFD", "a" + t)[1:]: b for b, t in sorted(marks.items(), reverse=True)}
    for c in text:
        if c in by_text:
            out.append(by_text[c])
            continue
        d = unicodedata.normalize("NFD", c)
        for cut in range(len(d), 0, -1):  # the longest precomposed base the table knows, then its marks
            head, tail = unicodedata.normalize("NFC", d[:cut]), d[cut:]
            if (head in by_text or head.isascii()) and (not tail or tail in by_mark):
                out += bytes([by_text[head]]) if head in by_text else head.encode("ascii")
                if tail:
                    out.append(by_mark[tail])
                break
        else:  # TCVN3 has no capital toned letters: files set them in a capitals font, so lose the case
            out += encode_legacy(c.lower(), encoding) if c.lower() != c else c.encode("cp1252")
    return bytes(out)


def text_files(text: str) -> dict[str, bytes]:
    """One Vietnamese text in every encoding the TXT reader accepts."""
    return {
        "utf8.txt": text.encode("utf-8"),
        "utf8_bom.txt": codecs.BOM_UTF8 + text.encode("utf-8"),
        "utf16_le_bom.txt": text.encode("utf-16"),
        "utf16_be_bom.txt": codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        "utf16_le.txt": text.encode("utf-16-le"),
        "nfd.txt": unicodedata.normalize("NFD", text).encode("utf-8"),
        "windows1258.txt": encode_legacy(text, "windows-1258"),
        "tcvn3.txt": encode_legacy(text, "tcvn3"),
        "vni.txt": encode_legacy(text, "vni"),
    }


def build(outdir: Path) -> dict[str, Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    good_pdf = text_pdf(["Bao cao so 19/BC-UBND ngay 06/01/2022", "Trang hai"])
    files = {
        "empty.txt": b"",
        "text.pdf": good_pdf,
        "encrypted_empty_password.pdf": encrypted_pdf(""),
        "encrypted_real_password.pdf": encrypted_pdf("mật-khẩu".encode().hex()),
        "image_only.pdf": image_only_pdf(),
        "truncated.pdf": good_pdf[: len(good_pdf) // 2],
        "random_bytes.pdf": __import__("random").Random(0).randbytes(4096),
        "small.docx": small_docx(),
        "broken_zip.docx": small_docx()[:2000],
        "zip_bomb.docx": zip_bomb_docx(),
        "not_a_docx.docx": b"PK\x03\x04 but nothing else of a zip",
        "binary.txt": bytes(range(256)) * 8,
    }
    paths = {}
    for name, data in files.items():
        (outdir / name).write_bytes(data)
        paths[name] = outdir / name
    return paths


def bad(outdir: Path, sample: Path) -> dict[str, Path]:
    """The bad-input set of issue 7, under a folder whose name has Vietnamese letters and spaces: every kind of
    broken file `build` makes, a Vietnamese sample in every legacy encoding, a 50 MB text file, a file nobody
    may read and a name with spaces and diacritics. Each must ingest or be recorded with a reason."""
    paths = build(outdir / "tệp hỏng")
    text = sample.read_text(encoding="utf-8")
    for name, data in text_files(text).items():
        (outdir / "mã hóa" / name).parent.mkdir(parents=True, exist_ok=True)
        (outdir / "mã hóa" / name).write_bytes(data)
        paths[f"mã hóa/{name}"] = outdir / "mã hóa" / name
    big = outdir / "rất lớn.txt"
    with open(big, "wb") as f:
        chunk = (text + "\n").encode("utf-8")
        while f.tell() < 50 * 1024 * 1024:
            f.write(chunk)
    locked = outdir / "không được đọc.txt"
    locked.write_text(text, encoding="utf-8")
    locked.chmod(0)
    spaced = outdir / "Báo cáo tháng 11 năm 2025 (bản cuối).txt"
    spaced.write_text(text, encoding="utf-8")
    return paths | {"big": big, "locked": locked, "spaced": spaced}


if __name__ == "__main__":
    if sys.argv[1:2] == ["bad"]:
        made = bad(Path(sys.argv[2] if len(sys.argv) > 2 else "tests/data/bad"),
                   Path(__file__).resolve().parent.parent / "corpus" / "000_c15e43302a308399.txt")
    else:
        made = build(Path(sys.argv[1] if len(sys.argv) > 1 else "tests/data/built"))
    for path in made.values():
        print(path)
