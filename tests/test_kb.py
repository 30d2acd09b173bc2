"""The knowledge base, built for real from the corpus and from bad files."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from extractors.ingest import ingest
from extractors.kb import KB
from extractors.readers import Stamp
from extractors.search import search

from . import build
from .conftest import CORPUS, SAMPLES


@pytest.fixture()
def archive(tmp_path) -> Path:
    root = tmp_path / "lưu trữ" / "báo cáo 2025"
    root.mkdir(parents=True)
    for stem in SAMPLES[:3]:
        shutil.copy(CORPUS / f"{stem}.txt", root / f"{stem}.txt")
    return root


def table_counts(kb: KB) -> dict[str, int]:
    return kb.counts()


def test_ingest_is_idempotent_and_integral(tmp_path, archive):
    kb = KB(tmp_path / "kb.sqlite")
    first = ingest([archive], kb)
    assert (first.seen, first.ingested, first.failed) == (3, 3, [])
    counts = table_counts(kb)
    assert counts["documents"] == 3 and counts["texts"] == 3 and counts["footnotes"] > 0
    again = ingest([archive], kb)
    assert (again.ingested, again.unchanged) == (0, 3)
    assert table_counts(kb) == counts
    assert kb.db.execute("pragma integrity_check").fetchone()[0] == "ok"


def test_kb_holds_tasks_identity_and_entities(tmp_path, archive):
    kb = KB(tmp_path / "kb.sqlite")
    ingest([archive], kb)
    counts = table_counts(kb)
    assert counts["tasks"] >= 60 and counts["entities"] >= 200  # the Hoằng Kim plan is among the three
    issuers = {r[0] for r in kb.db.execute("select issuer from documents")}
    assert {"Ủy ban nhân dân xã Hoằng Kim", "Tổ công tác triển khai Đề án 06"} <= issuers
    period = kb.db.execute("select period_start, period_end from documents where path like '%000_%'").fetchone()
    assert period == ("2025-11", "2025-11")


def test_changed_file_replaces_its_old_rows(tmp_path, archive):
    kb = KB(tmp_path / "kb.sqlite")
    ingest([archive], kb)
    target = sorted(archive.glob("*.txt"))[0]
    old_id = kb.db.execute("select id from documents where path = ?", [str(target)]).fetchone()[0]
    target.write_text(target.read_text(encoding="utf-8") + "\nPhụ lục bổ sung.\n", encoding="utf-8")
    summary = ingest([archive], kb)
    assert (summary.ingested, summary.unchanged) == (1, 2)
    assert kb.db["documents"].count == 3
    for table in ("documents", "texts", "pages", "text_lines", "footnotes"):
        key = "id" if table == "documents" else "doc_id"
        assert kb.db.execute(f"select count(*) from {table} where {key} = ?", [old_id]).fetchone()[0] == 0


def test_bad_files_are_recorded_and_the_batch_goes_on(tmp_path, archive):
    build.build(archive / "hỏng")
    kb = KB(tmp_path / "kb.sqlite")
    summary = ingest([archive], kb)
    failed = {Path(p).name: reason for p, _, reason in summary.failed}
    assert "encrypted_real_password.pdf" in failed and "zip_bomb.docx" in failed and "empty.txt" in failed
    assert summary.ingested == summary.seen - len(failed) >= 3 + 3  # samples + good pdf/docx
    rows = kb.db.execute("select path, stage, reason from ingest_errors").fetchall()
    assert {Path(p).name for p, _, _ in rows} == set(failed)
    assert all(stage == "read" and reason for _, stage, reason in rows)
    assert kb.db.execute("pragma integrity_check").fetchone()[0] == "ok"
    # a re-run records each failure once, not twice
    ingest([archive], kb)
    assert kb.db["ingest_errors"].count == len(failed)


def test_a_crash_mid_document_leaves_nothing_half_written(tmp_path, archive):
    kb = KB(tmp_path / "kb.sqlite")
    # one of a document's later writes fails inside SQLite itself, as a full disk would
    kb.db.execute("create trigger crash before insert on entities begin select raise(abort, 'disk full'); end")
    summary = ingest([archive], kb)
    assert summary.ingested == 0 and len(summary.failed) == 3
    assert all("disk full" in reason for _, _, reason in summary.failed)
    for table in ("documents", "texts", "pages", "text_lines"):
        assert kb.db[table].count == 0, table
    con = sqlite3.connect(tmp_path / "kb.sqlite")
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("query", ["chi thi so 24", "Chỉ thị số 24", "CHI THI SO 24", '"chi thi so 24/ct-ttg"'])
def test_search_ignores_case_and_diacritics(tmp_path, query):
    kb = KB(tmp_path / "kb.sqlite")
    ingest([CORPUS / f"{SAMPLES[0]}.txt"], kb)
    (hit, *_) = search(kb.db, query).hits
    assert "Chỉ thị số 24/CT-TTg" in hit.snippet
    line = (CORPUS / f"{SAMPLES[0]}.txt").read_text(encoding="utf-8").split("\n")[hit.line - 1]
    assert "Chỉ thị" in line or "24/CT" in line


def test_search_folds_d_with_stroke(tmp_path):
    kb = KB(tmp_path / "kb.sqlite")
    ingest([CORPUS / f"{SAMPLES[0]}.txt"], kb)
    assert all(search(kb.db, q).hits for q in ("de an 06", "Đề án 06", "DE AN"))


def test_a_reference_keeps_what_each_citing_document_says(tmp_path):
    """One document gives a decision's date, another its subject: the reference holds both, for every one of
    600 decisions (more keys than one lookup query takes)."""
    (tmp_path / "a.txt").write_text("".join(f"Thực hiện Quyết định số {n}/QĐ-UBND ngày 05/3/2024.\n"
                                            for n in range(1, 601)), encoding="utf-8")
    (tmp_path / "b.txt").write_text("".join(f"Căn cứ Quyết định số {n}/QĐ-UBND về việc phê duyệt quy hoạch.\n"
                                            for n in range(1, 601)), encoding="utf-8")
    kb = KB(tmp_path / "kb.sqlite")
    ingest([tmp_path / "a.txt", tmp_path / "b.txt"], kb)
    rows = kb.db.execute("select key, date, subject from [references]").fetchall()
    assert len(rows) == 600
    assert {(date, subject) for _, date, subject in rows} == {("2024-03-05", "phê duyệt quy hoạch")}
    assert kb.db.execute("select count(*) from citations").fetchone()[0] == 1200


def test_a_stated_issuer_wins_over_the_one_its_symbol_implies(tmp_path):
    """"…/QĐ-UBND" implies "Ủy ban nhân dân"; a document that says whose it is names it fully: the KB keeps the
    full name, whichever document came first."""
    (tmp_path / "a.txt").write_text("Thực hiện Quyết định số 12/QĐ-UBND ngày 05/3/2024.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Căn cứ Quyết định số 12/QĐ-UBND của Ủy ban nhân dân tỉnh Lâm Đồng.\n",
                                    encoding="utf-8")
    for order in ([tmp_path / "a.txt", tmp_path / "b.txt"], [tmp_path / "b.txt", tmp_path / "a.txt"]):
        kb = KB(tmp_path / f"kb-{order[0].stem}.sqlite")
        for path in order:
            ingest([path], kb)
        assert kb.db.execute("select issuer, date from [references]").fetchall() == [
            ("Ủy ban nhân dân tỉnh Lâm Đồng", "2024-03-05")]


def test_a_rerun_reads_only_files_whose_size_or_time_moved(tmp_path, archive):
    """rsync's test: a file whose size and modification time are as recorded is not read again. Rewritten with
    other bytes of the same size and its old time, it is not seen; given a new time, it is read and its rows
    replaced; touched without a change, it is read once, found unchanged, and its new time recorded. A copy of
    another file's bytes is stamped too."""
    kb = KB(tmp_path / "kb.sqlite")
    files = sorted(archive.iterdir())
    shutil.copy(files[1], archive / "bản sao.txt")
    first = ingest([archive], kb)
    assert (first.ingested, first.unchanged) == (3, 1)
    assert all(kb.untouched(str(p), Stamp.of(p)) for p in archive.iterdir())

    target, old = files[0], files[0].stat()
    data = bytearray(target.read_bytes())
    data[data.index(b"a")] = ord("b")  # one letter: the same size
    target.write_bytes(bytes(data))
    os.utime(target, ns=(old.st_atime_ns, old.st_mtime_ns))
    assert (ingest([archive], kb).unchanged, kb.db["documents"].count) == (4, 3)  # not seen: size and time agree

    os.utime(target, ns=(old.st_atime_ns, old.st_mtime_ns + 10**9))
    again = ingest([archive], kb)
    assert (again.ingested, again.unchanged) == (1, 3)
    stored = kb.db.execute("select id from documents where path = ?", [str(target)]).fetchall()
    assert stored == [(hashlib.sha256(data).hexdigest(),)]  # the new bytes' rows, the old ones gone

    touched = files[2]
    os.utime(touched, ns=(old.st_atime_ns, old.st_mtime_ns + 2 * 10**9))
    assert not kb.untouched(str(touched), Stamp.of(touched))
    assert ingest([archive], kb).unchanged == 4
    assert kb.untouched(str(touched), Stamp.of(touched))  # next time it is not read
    assert kb.db.execute("pragma integrity_check").fetchone()[0] == "ok"
