"""Word 97-2003 .doc, RTF and ODT through LibreOffice (one converter kept running per process), read by the DOCX
reader: real .doc files of shared/wild read in place, an ODT and RTFs made here, a damaged file and a conversion
past its time limit recorded as failures while the batch goes on."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.errors import ReadError
from extractors.pipeline import extract
from extractors.readers import office, read

from .conftest import CORPUS, ROOT, squash

WILD = ROOT.parent / "shared" / "wild" / "files"
needs_office = pytest.mark.skipif(shutil.which("soffice") is None or office._uno_python() is None,
                                  reason="LibreOffice (make install) is not installed")
needs_wild = pytest.mark.skipif(not WILD.is_dir(), reason="../shared/wild is not beside this checkout")
pytestmark = needs_office


def rtf(body: str) -> bytes:
    """An RTF document; non-ASCII letters as RTF's \\uN escapes, paragraphs as \\par."""
    escaped = "".join(c if ord(c) < 128 else f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}?" for c in body)
    return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0 "
            + escaped.replace("\n", "\\par\n") + "\\par}").encode("ascii")


@needs_wild
@pytest.mark.parametrize("name, words, tables", [
    ("27_tb03-dtdh-uit-2014.doc", ["THÔNG BÁO", "xét tốt nghiệp đợt 1 năm 2014", "Số: 03/TB-ĐTĐH"], 3),
    ("28_cv172-cdgdvn-2013.doc", ["CÔNG ĐOÀN GIÁO DỤC VIỆT NAM", "Số: 172/CĐN-TGNC"], 3),
    ("29_qd07-2025-ubnd-thainguyen.doc", ["ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN", "Số: 07/2025/QĐ-UBND",
                                          "Căn cứ Luật Giá ngày 19 tháng 6 năm 2023;"], 4),
])
def test_word_97_2003_files_read_as_docx_would(name, words, tables):
    ex = extract(WILD / name)
    assert ex.document.format == "doc" and ex.as_json()["source"]["format"] == "doc"
    for w in words:
        assert w in ex.text.text, w
    assert len(ex.document.tables) == tables


def test_odt_keeps_paragraphs_tables_and_footnotes_as_its_docx(tmp_path):
    source = CORPUS / "002_465208a09d94fdc9.docx"  # 2 tables, 5 footnotes
    (tmp_path / "bản.odt").write_bytes(office.convert(str(source), source.read_bytes(), "odt"))
    original, converted = extract(source), extract(tmp_path / "bản.odt")
    assert converted.document.format == "odt" and converted.as_json()["source"]["format"] == "other"
    assert squash(converted.text.text) == squash(original.text.text)
    assert [t.rows for t in converted.document.tables] == [t.rows for t in original.document.tables]
    assert len(converted.text.footnotes) == len(original.text.footnotes) == 5
    assert converted.metadata == original.metadata


def test_rtf_and_an_rtf_named_doc(tmp_path):
    text = "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nBÁO CÁO\nKết quả thực hiện Chỉ thị số 24/CT-TTg ngày 13/9/2025."
    (tmp_path / "báo cáo.rtf").write_bytes(rtf(text))
    (tmp_path / "thực ra là rtf.doc").write_bytes(rtf(text))  # Word saved many .doc files as RTF
    for name in ("báo cáo.rtf", "thực ra là rtf.doc"):
        doc = read(tmp_path / name)
        assert doc.format == "rtf"
        assert [line for line in doc.pages[0].text.splitlines() if line] == text.splitlines()
    assert [r.key for r in extract(tmp_path / "báo cáo.rtf").references] == ["24/CT-TTg"]


def test_a_damaged_doc_is_a_clear_error(tmp_path):
    (tmp_path / "hỏng.doc").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504 + os.urandom(4096))
    with pytest.raises(ReadError) as err:
        read(tmp_path / "hỏng.doc")
    assert "hỏng.doc" in str(err.value)
    assert err.value.reason.startswith("not a Word 97-2003 document: the file holds an OLE2 compound file")
    word = bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504 + "WordDocument\0".encode("utf-16-le") + os.urandom(4096)
    (tmp_path / "rách.doc").write_bytes(word)  # says it holds a Word stream, but nothing more is right
    with pytest.raises(ReadError, match="LibreOffice cannot convert it"):
        read(tmp_path / "rách.doc")
    (tmp_path / "cắt.rtf").write_bytes(b"{\\rtf1 ")  # truncated
    with pytest.raises(ReadError, match="LibreOffice cannot convert it: Could not load document"):
        read(tmp_path / "cắt.rtf")
    (tmp_path / "trống.rtf").write_bytes(rtf("  \n \n"))
    with pytest.raises(ReadError, match="the document has no text"):
        read(tmp_path / "trống.rtf")


def test_a_conversion_past_its_time_limit_is_a_failure_and_the_batch_goes_on(tmp_path):
    """A huge RTF takes LibreOffice far longer than 5 s: it is stopped there, recorded with the reason, and the
    next file is read by a converter started afresh. No LibreOffice is left behind."""
    (tmp_path / "kho").mkdir()
    (tmp_path / "kho" / "1 rất dài.rtf").write_bytes(rtf("Dòng thứ nhất của một báo cáo rất dài.\n" * 400_000))
    (tmp_path / "kho" / "2 ngắn.rtf").write_bytes(rtf("BÁO CÁO\nTheo Quyết định số 06/QĐ-TTg."))
    (tmp_path / "tmp").mkdir()  # the run's LibreOffice profiles live here: its converters are told by their path
    env = os.environ | {"VANBAN_CONVERT_TIMEOUT": "5", "TMPDIR": str(tmp_path / "tmp")}
    out = subprocess.run([sys.executable, "-m", "extractors.cli", "ingest", str(tmp_path / "kho"), "--db",
                          str(tmp_path / "kb.sqlite"), "--json", "-j", "1"], capture_output=True, text=True,
                         cwd=ROOT, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert [(Path(f["path"]).name, f["reason"]) for f in summary["failed"]] == [
        ("1 rất dài.rtf", "LibreOffice did not convert it within 5 s (time limit; VANBAN_CONVERT_TIMEOUT raises it)")]
    assert summary["ingested"] == 1
    found = subprocess.run(["pgrep", "-f", str(tmp_path / "tmp" / "vanban-libreoffice-")], capture_output=True,
                           text=True).stdout.split()
    assert not [pid for pid in found if _group(int(pid)) is not None], found


def _group(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


@needs_wild
def test_every_file_of_the_wild_archive_is_accounted_for(tmp_path):
    out = subprocess.run([sys.executable, "-m", "extractors.cli", "ingest", str(WILD), "--db",
                          str(tmp_path / "kb.sqlite"), "--json"], capture_output=True, text=True, cwd=ROOT,
                         timeout=600)
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    outcome = {Path(f["path"]).name: f["reason"] for f in summary["failed"]}
    outcome |= {Path(s["path"]).name: s["reason"] for s in summary["skipped"]}
    assert summary["seen"] == 36 == summary["ingested"] + len(outcome)
    assert outcome["36_broken-json-named-pdf.pdf"].startswith("not a PDF: the file holds JSON text")
    assert set(outcome) == {"36_broken-json-named-pdf.pdf"}  # every .doc, .rtf, .docx, text PDF and scan read
    conn = sqlite3.connect(tmp_path / "kb.sqlite")
    scanned = conn.execute("select d.path, count(*), min(p.ocr_confidence), sum(length(p.raw) > 300) from pages p "
                           "join documents d on d.id = p.doc_id where p.has_text = 0 group by d.path").fetchall()
    # the 7 scans, 34 pages, every one read by OCR with some text and a confidence over the warning's
    assert sorted(Path(p).name[:2] for p, *_ in scanned) == ["14", "15", "16", "17", "18", "19", "20"]
    assert sum(n for _, n, _, _ in scanned) == 34 == sum(full for *_, full in scanned)
    assert all(low > 0.8 for _, _, low, _ in scanned)
