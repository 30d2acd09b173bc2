"""Nothing skipped in silence: every file under the paths given to `vanban ingest` is ingested, unchanged, failed
(with its reason) or skipped (with its reason); the file type is decided by content; special files are never
opened, so nothing hangs; a path that does not exist is a usage error."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from extractors.readers import read

from .conftest import CORPUS, ROOT

VANBAN = [sys.executable, "-m", "extractors.cli"]
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002"
                    "000154a24f5d0000000049454e44ae426082")  # a 1x1 PNG whose data stream is cut short


def run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*VANBAN, *args], capture_output=True, text=True, cwd=ROOT, timeout=timeout)


@pytest.fixture
def archive(tmp_path) -> Path:
    """A folder as archives are: reports, and beside them what vanban does not read."""
    root = tmp_path / "kho"
    (root / "2025" / ".git" / "objects").mkdir(parents=True)
    (root / "2025" / ".git" / "objects" / "ab").write_bytes(b"x")
    shutil.copy(CORPUS / "000_c15e43302a308399.txt", root / "2025" / "báo cáo.txt")
    shutil.copy(CORPUS / "000_c15e43302a308399.pdf", root / "2025" / "pdf đặt tên sai.txt")  # a PDF named .txt
    (root / "2025" / ".~lock.báo cáo.docx#").write_text("lock")
    # Word's owner file of an open document: 162 bytes, the user's name in ANSI then UTF-16
    name = "Nguyễn Văn A"
    owner = (bytes([len(name)]) + name.encode("cp1258", "replace")).ljust(54, b" ") + name.encode("utf-16-le")
    (root / "2025" / "~$báo cáo.docx").write_bytes(owner.ljust(162, b"\0"))
    (root / "2025" / "ảnh.png").write_bytes(PNG)
    (root / "2025" / "anh-khong-duoi").write_bytes(PNG)
    (root / "2025" / "ghi chú").write_text("chỉ là ghi chú", encoding="utf-8")
    (root / "2025" / "cong-van.pdf").write_text('{"id": 1, "file": "1-CV.pdf"}')  # JSON named .pdf
    with zipfile.ZipFile(root / "2025" / "hồ sơ.zip", "w") as z:
        z.writestr("a.txt", "x")
    os.mkfifo(root / "2025" / "ống")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(root / "2025" / "ổ cắm"))
    sock.close()
    (root / "liên kết").symlink_to(root / "2025", target_is_directory=True)
    return root


EXPECTED_SKIPS = {
    "2025/.git": "hidden folder",
    "2025/.~lock.báo cáo.docx#": "hidden",
    "2025/~$báo cáo.docx": "Office lock file (~$…: the mark of a document open in Word or Excel)",
    "2025/ghi chú": "unsupported format (no extension)",
    "2025/hồ sơ.zip": "unsupported format .zip (a zip archive)",
    "2025/ống": "special file (FIFO)",
    "2025/ổ cắm": "special file (socket)",
    "liên kết": "link to a folder, not followed",
}


def test_every_file_is_accounted_for_with_a_reason(archive, tmp_path):
    out = run("ingest", str(archive), "--db", str(tmp_path / "kb.sqlite"), "--json", "-j", "1", timeout=120)
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    rel = lambda p: Path(p).relative_to(archive).as_posix()  # noqa: E731
    skipped = {rel(s["path"]): s["reason"] for s in summary["skipped"]}
    failed = {rel(f["path"]): f["reason"] for f in summary["failed"]}
    assert skipped == EXPECTED_SKIPS
    # an image is read by OCR, found by its content too; this one's data stream is cut short
    assert failed == {"2025/cong-van.pdf": "not a PDF: the file holds JSON text (wrong extension or damaged file)",
                      "2025/anh-khong-duoi": "damaged PNG image, cannot be decoded (broken data stream when reading "
                                             "image file)",
                      "2025/ảnh.png": f"same bytes as {archive / '2025' / 'anh-khong-duoi'}, which could not be "
                                      "ingested"}
    assert summary["ingested"] == 2 and summary["seen"] == 2 + len(failed) + len(skipped)
    listed = {p.relative_to(archive).as_posix() for p in archive.rglob("*") if ".git" not in p.parts}
    listed = {p for p in listed if not (archive / p).is_dir() or (archive / p).is_symlink()}
    assert listed - {"2025/báo cáo.txt", "2025/pdf đặt tên sai.txt"} == (skipped.keys() | failed.keys()) - {"2025/.git"}
    db = sqlite3_rows(tmp_path / "kb.sqlite", "select path, format from documents")
    assert {rel(p): f for p, f in db} == {"2025/báo cáo.txt": "txt", "2025/pdf đặt tên sai.txt": "pdf"}
    assert sorted(rel(p) for p, in sqlite3_rows(tmp_path / "kb.sqlite", "select path from ingest_errors")) == \
        ["2025/anh-khong-duoi", "2025/cong-van.pdf", "2025/ảnh.png"]
    # the summary for a person says the same, and --strict fails on a skipped or failed file
    again = run("ingest", str(archive), "--db", str(tmp_path / "kb.sqlite"), "--strict", timeout=120)
    assert again.returncode == 1
    assert "2 unchanged, 3 failed, 8 skipped in" in again.stdout
    assert f"  skipped {archive / '2025' / 'ống'}: special file (FIFO)" in again.stdout


def sqlite3_rows(db: Path, sql: str) -> list[tuple]:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_strict_passes_when_everything_is_read(tmp_path):
    shutil.copy(CORPUS / "000_c15e43302a308399.txt", tmp_path / "a.txt")
    out = run("ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "kb.sqlite"), "--strict")
    assert out.returncode == 0 and "1 ingested, 0 unchanged, 0 failed, 0 skipped in" in out.stdout, out.stderr
    # one of a thing is said in the singular
    assert out.stdout.startswith("1 file: ") and "knowledge base: 1 document, 1 page, " in out.stdout, out.stdout
    assert out.stdout.rstrip().endswith(" footnotes, 0 recorded errors"), out.stdout


def test_a_path_that_does_not_exist_is_a_usage_error(tmp_path):
    db = tmp_path / "kb.sqlite"
    out = run("ingest", str(CORPUS), str(tmp_path / "không có"), "--db", str(db))
    assert out.returncode == 2
    assert out.stderr.splitlines() == [f"Error: {tmp_path / 'không có'}: no such file or folder"]
    assert not db.exists()  # nothing was done


def test_extract_refuses_a_special_file_at_once(tmp_path):
    os.mkfifo(tmp_path / "ống.pdf")
    out = run("extract", str(tmp_path / "ống.pdf"), timeout=60)  # opening a FIFO would wait for a writer forever
    assert out.returncode == 1
    assert out.stderr.splitlines() == [f"Error: {tmp_path / 'ống.pdf'}: special file (FIFO): not read"]


def test_type_is_decided_by_content(tmp_path):
    shutil.copy(CORPUS / "000_c15e43302a308399.docx", tmp_path / "a.pdf")
    shutil.copy(CORPUS / "000_c15e43302a308399.pdf", tmp_path / "b.docx")
    assert read(tmp_path / "a.pdf").format == "docx"
    assert read(tmp_path / "b.docx").format == "pdf"
