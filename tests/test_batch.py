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
from .conftest import CORPUS, ROOT, SAMPLES, tmpfs, variants


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
    assert out.returncode == 0 and f"{len(errors) - 1} failed, 0 skipped in " in out.stdout and "too large" in out.stdout, out.stderr
    assert regex.search(r"skipped in \d+,\d s \(\d+,\d files/s\)", out.stdout)  # numbers the Vietnamese way
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


def _ingest(*args: str, env: dict | None = None, **popen) -> subprocess.Popen:
    """A real `vanban ingest` in a session of its own (so that every process of the run can be found)."""
    return subprocess.Popen([sys.executable, "-m", "extractors.cli", "ingest", *args], cwd=ROOT, text=True,
                            start_new_session=True, env=os.environ | (env or {}), **popen)


def _session(sid: int) -> list[int]:
    """The live processes of a session (zombies are dead: their parent has only not reaped them)."""
    import psutil

    out = []
    for p in psutil.process_iter(["pid", "status"]):
        try:
            if os.getsid(p.pid) == sid and p.info["status"] != psutil.STATUS_ZOMBIE:
                out.append(p.pid)
        except (ProcessLookupError, PermissionError):
            pass
    return out


def _workers(writer: int) -> list[int]:
    """The worker processes of a running ingest: the fork server's children."""
    import psutil

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        servers = [c for c in psutil.Process(writer).children() if "forkserver" in " ".join(c.cmdline())]
        workers = [w.pid for s in servers for w in s.children()]
        if workers:
            return workers
        time.sleep(0.1)
    raise AssertionError("no worker started")


def _wait_for_documents(db: Path, run: subprocess.Popen, n: int) -> None:
    deadline = time.monotonic() + 300
    while documents(db) < n and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)


def test_a_name_that_is_not_utf8_is_ingested_with_the_rest(tmp_path):
    folder = tmp_path / "kho cũ"
    good = variants(folder, 3)
    odd = os.path.join(os.fsencode(folder), b"b\xe1o-c\xe1o-\xff.txt")  # a cp1258 name unzipped on Linux
    with open(odd, "wb") as f:
        f.write((CORPUS / f"{SAMPLES[1]}.txt").read_bytes())
    db = tmp_path / "kb.sqlite"
    out = subprocess.run([sys.executable, "-m", "extractors.cli", "ingest", str(folder), "--db", str(db)], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0 and "4 ingested" in out.stdout and "Traceback" not in out.stderr, out.stderr
    paths = {r[0] for r in sqlite3.connect(db).execute("select path from documents")}
    shown = str(folder / "b\\xe1o-c\\xe1o-\\xff.txt")
    assert paths == {str(p) for p in good} | {shown}  # the name's bytes kept, readable
    assert os.fsencode(shown.replace("\\xe1", "\udce1").replace("\\xff", "\udcff")) == odd  # and whole
    r = subprocess.run([sys.executable, "-m", "extractors.cli", "search", "Hoằng Kim", "--db", str(db)], cwd=ROOT,
                       capture_output=True, text=True)
    assert shown in r.stdout
    again = subprocess.run([sys.executable, "-m", "extractors.cli", "ingest", str(folder), "--db", str(db)],
                           cwd=ROOT, capture_output=True, text=True)
    assert "0 ingested, 4 unchanged" in again.stdout, again.stdout + again.stderr


def test_a_worker_killed_mid_run_is_replaced_and_the_batch_goes_on(tmp_path):
    files = variants(tmp_path / "kho", 30)
    db = tmp_path / "kb.sqlite"
    run = _ingest(str(tmp_path / "kho"), "--db", str(db), "-j", "2", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for_documents(db, run, 3)
    os.kill(_workers(run.pid)[0], signal.SIGKILL)  # as the kernel's OOM killer does
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0 and "Traceback" not in err, err
    assert f"{len(files)} ingested" in out and " 0 failed" in out, out
    assert documents(db) == len(files)


def test_a_pool_that_breaks_between_two_results_loses_no_item():
    """A worker can die while another's result is read: the next submit then raises, not a future. Real
    futures, no worker: the item being submitted comes back first with those in flight, the rest stay queued."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    from extractors.engines import _bounded

    def submit(item):
        if item == 3:
            raise BrokenProcessPool("a child process terminated abruptly")
        future = Future()
        future.set_result(item * 10)
        return future

    lost, queue = [], iter(range(6))

    def run():
        lost.extend((yield from _bounded(submit, queue, 2, lambda running: list(running)[:1],
                                         broken=(BrokenProcessPool,))))

    results = list(run())
    assert lost[0] == 3
    assert sorted([r // 10 for r in results] + lost) == [0, 1, 2, 3]
    assert list(queue) == [4, 5]


def test_a_file_that_kills_its_worker_is_recorded_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "kho"
    good = variants(folder, 6)
    bomb = folder / "bom.pdf"
    bomb.write_bytes(build.flate_bomb_pdf(1024))  # 1 MB that PDFium inflates to 1 GiB
    db = tmp_path / "kb.sqlite"
    for _ in range(2):  # a rerun does not die on it again: it is recorded, and skipped as unchanged
        out = subprocess.run([sys.executable, "-m", "extractors.cli", "ingest", str(folder), "--db", str(db), "-j",
                              "2"], cwd=ROOT, capture_output=True, text=True, env=os.environ | {
                                  "VANBAN_WORKER_MEMORY_MB": "300"}, timeout=300)
        assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    assert documents(db) == len(good)
    conn = sqlite3.connect(db)
    assert "the reader crashed on this file" in conn.execute("select reason from ingest_errors where path = ?",
                                                             [str(bomb)]).fetchone()[0]
    assert conn.execute("select count(*) from ingest_errors").fetchone()[0] == 1


def test_a_file_over_its_cpu_time_is_refused_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "kho"
    good = variants(folder, 2)
    big = folder / "bao-cao-rat-dai.txt"
    big.write_text("\n".join((CORPUS / f"{s}.txt").read_text(encoding="utf-8") for s in SAMPLES * 8),
                   encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    out = subprocess.run([sys.executable, "-m", "extractors.cli", "ingest", str(folder), "--db", str(db), "-j", "2"],
                         cwd=ROOT, capture_output=True, text=True, env=os.environ | {"VANBAN_FILE_CPU_SECONDS": "1"})
    assert out.returncode == 0, out.stderr
    assert f"failed [extract] {big}: took more than 1 s of CPU time" in out.stdout, out.stdout
    assert documents(db) == len(good)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill -9", "kill"])
def test_killing_the_writer_alone_leaves_no_process_behind(tmp_path, sig):
    variants(tmp_path / "kho", 30)
    db = tmp_path / "kb.sqlite"
    run = _ingest(str(tmp_path / "kho"), "--db", str(db), "-j", "2", stdout=subprocess.DEVNULL,
                  stderr=subprocess.PIPE)
    _wait_for_documents(db, run, 3)
    assert len(_session(run.pid)) >= 4  # the writer, the fork server, the workers, the resource tracker
    os.kill(run.pid, sig)  # the writer only, as a service manager or a script does
    _, err = run.communicate(timeout=60)
    if sig == signal.SIGTERM:
        assert run.returncode == 128 + signal.SIGTERM and "run the same command again" in err, err
    deadline = time.monotonic() + 5
    while _session(run.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _session(run.pid) == []
    again = subprocess.run([sys.executable, "-m", "extractors.cli", "ingest", str(tmp_path / "kho"), "--db", str(db)],
                           cwd=ROOT, capture_output=True, text=True)
    assert again.returncode == 0 and documents(db) == 30


def test_a_second_ingest_waits_for_the_first(tmp_path):
    variants(tmp_path / "a", 24)
    variants(tmp_path / "b", 12)
    for path in (tmp_path / "b").iterdir():  # other bytes than a's
        path.write_text(path.read_text(encoding="utf-8") + "Bản thứ hai.\n", encoding="utf-8")
    db = tmp_path / "kb.sqlite"
    first = _ingest(str(tmp_path / "a"), "--db", str(db), "-j", "2", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for_documents(db, first, 1)
    second = _ingest(str(tmp_path / "b"), "--db", str(db), "-j", "2", stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    outs = [p.communicate(timeout=300) for p in (first, second)]
    assert first.returncode == second.returncode == 0, outs
    assert f"another vanban ingest (pid {first.pid}) is writing to {db}" in outs[1][1]
    assert " 0 failed" in outs[0][0] and " 0 failed" in outs[1][0], outs
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from documents").fetchone()[0] == 36
    assert conn.execute("select count(*) from ingest_errors").fetchone()[0] == 0


def test_an_error_does_not_outlive_the_file_reading(tmp_path):
    folder = tmp_path / "kho"
    good = variants(folder, 2)
    fixed = folder / "sua-lai.txt"
    fixed.write_bytes(b"")  # empty: recorded as failed
    kb = KB(tmp_path / "kb.sqlite")
    assert [p for p, _, _ in ingest([folder], kb).failed] == [str(fixed)]
    shutil.copy(good[0], fixed)  # replaced by a valid file whose bytes are another document's: a copy
    assert ingest([folder], kb).failed == []
    assert kb.db.execute("select count(*) from ingest_errors").fetchone()[0] == 0
    kb.record_error(str(good[1]), "write", "database is locked")  # a concurrent writer's failure, then a good write
    ingest([folder], kb)
    assert kb.db.execute("select count(*) from ingest_errors").fetchone()[0] == 0
    kb.close()


@pytest.fixture
def small_disk(tmp_path):
    """A real 3 MB filesystem (tmpfs), which fills up (root only)."""
    yield from tmpfs(tmp_path / "disk", "3m")


def test_a_full_disk_stops_the_batch_cleanly_and_a_rerun_finishes(tmp_path, small_disk):
    files = variants(tmp_path / "kho", 40)
    db = small_disk / "kb.sqlite"
    command = [sys.executable, "-m", "extractors.cli", "ingest", str(tmp_path / "kho"), "--db", str(db), "-j", "2"]
    full = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert full.returncode == 1 and "Traceback" not in full.stderr, full.stderr
    error = [line for line in full.stderr.splitlines() if line.startswith("Error:")]
    assert len(error) == 1 and "disk is full" in error[0] and "run the same command again" in error[0], full.stderr
    written = documents(db)
    assert f"{written} documents written in this run are kept" in error[0]
    subprocess.run(["mount", "-o", "remount,size=80m", str(small_disk)], check=True)
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and f"{written} unchanged, 0 failed" in again.stdout, again.stdout + again.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert conn.execute("select count(*) from documents").fetchone()[0] == len(files)
    assert conn.execute("select count(*) from ingest_errors").fetchone()[0] == 0


def test_progress_lines_off_a_terminal(tmp_path):
    variants(tmp_path / "kho", 40)
    out = subprocess.run([sys.executable, "-m", "extractors.cli", "ingest", str(tmp_path / "kho"), "--db",
                          str(tmp_path / "kb.sqlite"), "-j", "2"], cwd=ROOT, capture_output=True, text=True,
                         env=os.environ | {"VANBAN_PROGRESS_SECONDS": "1"})
    lines = regex.findall(r"ingest: (\d+)/40 files \(\d+%\), 0 failed, \d+,\d files/s, about \d+ s left", out.stderr)
    elapsed = float(regex.search(r"in ([\d.]+,\d) s", out.stdout)[1].replace(".", "").replace(",", "."))
    # a line at the first file done a second after the last line: about one a second, fewer when files finish
    # slowly on a loaded machine (13 in 17 s measured), never silent for long
    assert len(lines) >= max(1, elapsed / 2 - 1), (out.stderr, elapsed)
    assert int(lines[0]) < 40  # while the run goes on, not only at its end
    assert lines == sorted(lines, key=int)
