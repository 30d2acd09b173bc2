"""Batch ingestion at archive scale, for real: the bad-input set, a run killed with SIGKILL and resumed, worker
processes and the Dask engine giving the same KB as one process."""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import regex

from extractors.document import Document, Page
from extractors.ingest import ingest
from extractors.kb import KB, SCHEMA
from extractors.pipeline import extract_document

from . import build
from .conftest import CORPUS, ROOT, SAMPLES, variants


def snapshot(db: Path) -> dict[str, list]:
    """Every row of every table, in a stable order, without what differs by run (time, rowid)."""
    conn = sqlite3.connect(db)
    out = {}
    for name, spec in SCHEMA.items():
        if name == "ingest_errors":
            continue
        cols = [c for c in spec["columns"] if c != "ingested_at"]
        out[name] = sorted(conn.execute(f"select {', '.join(f'[{c}]' for c in cols)} from [{name}]").fetchall(),
                           key=repr)
    conn.close()
    return out


def test_bad_inputs_are_recorded_and_the_batch_goes_on(tmp_path):
    root = tmp_path / "kho lưu trữ"
    made = build.bad(root / "xấu", CORPUS / f"{SAMPLES[0]}.txt")
    good = variants(root / "tốt", 3)
    vanishing = root / "ở cuối" / "sẽ biến mất.txt"  # sorted last: deleted once the first files are done
    vanishing.parent.mkdir()
    vanishing.write_text("Báo cáo sẽ bị xóa giữa chừng.", encoding="utf-8")

    def remove_it(path, outcome):  # the file disappears once the run has started
        vanishing.unlink(missing_ok=True)

    kb = KB(tmp_path / "kb.sqlite")
    summary = ingest([root], kb, jobs=2, on_file=remove_it)
    stored = {r[0] for r in kb.db.execute("select path from documents union select path from copies")}
    errors = {r[0]: (r[1], r[2]) for r in kb.db.execute("select path, stage, reason from ingest_errors")}
    files = [p for p in root.rglob("*") if p.is_file()]
    assert {str(p) for p in files} <= stored | errors.keys()
    assert all(reason for _, reason in errors.values())
    assert {str(p) for p in good} <= stored and str(made["spaced"]) in stored
    reasons = {Path(p).name: reason for p, (_, reason) in errors.items()}
    assert "password" in reasons["encrypted_real_password.pdf"]
    assert "empty" in reasons["empty.txt"]
    assert "too large" in reasons["rất lớn.txt"]
    assert "not found" in reasons["sẽ biến mất.txt"]
    for name in ("utf16_le_bom.txt", "windows1258.txt", "tcvn3.txt", "vni.txt", "nfd.txt"):
        assert str(made[f"mã hóa/{name}"]) in stored, reasons.get(name)
    locked = str(made["locked"])
    assert locked in stored if os.geteuid() == 0 else "permission denied" in errors[locked][1]
    assert len(summary.failed) == len(errors) and summary.ingested + summary.unchanged == len(stored)
    assert kb.db.execute("pragma integrity_check").fetchone()[0] == "ok"
    kb.close()
    # the command exits 0 unless asked to be strict, and always says how many failed and why
    out = subprocess.run([sys.executable, "-m", "extractors.cli", "ingest", str(root), "--db",
                          str(tmp_path / "b.sqlite"), "-j", "2"], capture_output=True, text=True, cwd=ROOT)
    # (the vanished file is gone for good now)
    assert out.returncode == 0 and f"{len(errors) - 1} failed in " in out.stdout and "too large" in out.stdout, out.stderr
    assert regex.search(r"failed in \d+\.\d s \(\d+\.\d files/s\)", out.stdout)
    strict = subprocess.run([sys.executable, "-m", "extractors.cli", "ingest", str(root), "--db",
                             str(tmp_path / "b.sqlite"), "--strict"], capture_output=True, text=True, cwd=ROOT)
    assert strict.returncode == 1


def documents(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        n = conn.execute("select count(*) from documents").fetchone()[0]
        conn.close()
        return n
    except sqlite3.OperationalError:
        return 0


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill -9", "Ctrl-C"])
def test_killed_run_is_finished_by_running_it_again(tmp_path, sig):
    files = variants(tmp_path / "kho", 24)
    db = tmp_path / "kb.sqlite"
    command = [sys.executable, "-m", "extractors.cli", "ingest", str(tmp_path / "kho"), "--db", str(db), "-j", "2"]
    run = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                           start_new_session=True)
    deadline = time.monotonic() + 300
    while documents(db) < 3 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(run.pid, sig)  # the writer and its workers (a terminal's Ctrl-C reaches them all), mid-run
    _, stderr = run.communicate(timeout=60)
    if sig == signal.SIGINT:
        assert run.returncode == 130 and "run the same command again" in stderr, stderr
    done_before = documents(db)
    assert 3 <= done_before < len(files), "the run was not caught in the middle"
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert f"{done_before} unchanged" in again.stdout
    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    paths = [r[0] for r in conn.execute("select path from documents")]
    assert sorted(paths) == sorted(str(p) for p in files)  # none lost, none twice
    assert conn.execute("select count(*) from ingest_errors").fetchone()[0] == 0
    texts = conn.execute("select count(*) from texts").fetchone()[0]
    assert texts == len(files)


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("archive")
    variants(root, 4)
    for stem in SAMPLES[:2]:
        for fmt in ("pdf", "docx"):
            shutil.copy(CORPUS / f"{stem}.{fmt}", root / f"{stem}.{fmt}")
    return root


@pytest.fixture(scope="module")
def serial(archive, tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("serial") / "kb.sqlite"
    kb = KB(db)
    assert not ingest([archive], kb, jobs=1).failed
    kb.close()
    return snapshot(db)


def test_worker_processes_give_the_same_kb(archive, serial, tmp_path):
    kb = KB(tmp_path / "kb.sqlite")
    assert not ingest([archive], kb, jobs=2).failed
    kb.close()
    assert snapshot(tmp_path / "kb.sqlite") == serial


@pytest.mark.skipif("forkserver" not in multiprocessing.get_all_start_methods(), reason="no fork server here")
def test_workers_are_forked_from_a_warmed_server():
    """The local engine's workers come from a fork server that ran the pipeline once on a short report, so
    every stage's models and patterns are built before the first file (not once per worker)."""
    from extractors.engines import _context
    from extractors.warm import REPORT

    context = _context()
    assert context.get_start_method() == "forkserver"
    assert "extractors.warm" in multiprocessing.forkserver._forkserver._preload_modules
    ex = extract_document(Document("<warm-up>", "0" * 64, "txt", (Page(1, REPORT),)))
    assert ex.metadata["number"] and ex.metadata["signers"]
    assert ex.references and ex.figures and ex.claims and ex.tasks and ex.entities


def test_dask_engine_gives_the_same_kb(archive, serial, tmp_path):
    pytest.importorskip("distributed")
    kb = KB(tmp_path / "kb.sqlite")
    summary = ingest([archive], kb, jobs=2, engine="dask")  # a LocalCluster with 2 workers
    kb.close()
    assert not summary.failed and summary.ingested == 8
    assert snapshot(tmp_path / "kb.sqlite") == serial


def test_force_re_extracts_and_a_rerun_does_nothing(archive, tmp_path):
    kb = KB(tmp_path / "kb.sqlite")
    ingest([archive], kb)
    assert ingest([archive], kb).unchanged == 8
    assert ingest([archive], kb, force=True).ingested == 8
    assert kb.db["documents"].count == 8
