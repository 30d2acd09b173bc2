"""The read commands never write, and a `--db` that cannot be used gets one line and exit 2, never a traceback:
someone else's SQLite file, a text file, a truncated or damaged KB, a missing one, a KB on a read-only disk."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from extractors.ingest import ingest
from extractors.kb import KB

from .conftest import CORPUS, SAMPLES, tmpfs, vanban

LAM_DONG = SAMPLES[0]


def read_commands(db: Path, out: Path) -> list[tuple[str, ...]]:
    """Every command that reads a KB, with arguments that make it read."""
    d = ("--db", str(db))
    return [("stats", *d), ("search", "chi thi", *d), ("cites", "chi thi 24", *d), ("refs", LAM_DONG, *d),
            ("check", *d), ("tasks", *d), ("graph", *d), ("export", "documents", "-o", str(out / "x.csv"), *d),
            ("export", "--query", "select 1", "-o", str(out / "y.csv"), *d)]


@pytest.fixture(scope="module")
def kb_file(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("safety") / "kb.sqlite"
    kb = KB(db)
    assert not ingest([CORPUS / f"{s}.txt" for s in SAMPLES], kb).failed
    kb.close()
    return db


def _state(db: Path) -> tuple[str, list[str]]:
    """The file's bytes and the other files beside it. A read changes no byte; SQLite's readers of a KB in WAL mode
    share an index of the log (-shm) and may leave an empty log (-wal), which are no change of content."""
    wal = db.with_name(db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    return hashlib.sha256(db.read_bytes()).hexdigest(), sorted(
        p.name for p in db.parent.iterdir() if p.name not in (wal.name, db.name + "-shm"))


def _one_line_refusal(r: subprocess.CompletedProcess, *words: str) -> None:
    assert r.returncode == 2, (r.returncode, r.stderr)
    assert "Traceback" not in r.stderr and r.stderr.startswith("Error: ") and r.stderr.count("\n") == 1, r.stderr
    assert all(w in r.stderr for w in words), r.stderr


def test_read_commands_leave_the_kb_as_it_was(kb_file, tmp_path):
    before = _state(kb_file)
    for command in read_commands(kb_file, tmp_path):
        r = vanban(*command)
        assert r.returncode in (0, 1) and "Traceback" not in r.stderr, (command, r.stderr)
    assert _state(kb_file) == before


def test_someone_elses_database_is_refused_and_left_alone(tmp_path):
    other = tmp_path / "other" / "accounts.sqlite"
    other.parent.mkdir()
    conn = sqlite3.connect(other)
    conn.execute("create table accounts (id integer primary key, who text, balance real)")
    conn.execute("insert into accounts (who, balance) values ('Nguyễn Văn A', 1000)")
    conn.commit()
    conn.close()
    before = _state(other)
    for command in read_commands(other, tmp_path):
        _one_line_refusal(vanban(*command), "not a vanban knowledge base", "accounts")
    _one_line_refusal(vanban("ingest", str(CORPUS / f"{LAM_DONG}.txt"), "--db", str(other)), "not a vanban")
    _one_line_refusal(vanban("serve", "--db", str(other)), "not a vanban")
    assert _state(other) == before
    assert sqlite3.connect(other).execute("pragma journal_mode").fetchone()[0] == "delete"


def _damaged(kb_file: Path, folder: Path) -> dict[str, tuple[Path, str]]:
    """Files that are not a usable KB, with a word of the expected refusal."""
    folder.mkdir()
    data = kb_file.read_bytes()
    made = {"text": (b"Bao cao tong ket nam 2024\n" * 400, "not a SQLite database"),
            "truncated": (data[: len(data) // 3], "damaged"),
            "header": (b"\0" * 100 + data[100:], "not a SQLite database"),
            "middle": (data[:4096 * 3] + os.urandom(len(data) // 2) + data[4096 * 3 + len(data) // 2:], "damaged"),
            "empty": (b"", "not a vanban knowledge base")}
    out = {}
    for name, (content, word) in made.items():
        path = folder / f"{name}.sqlite"
        path.write_bytes(content)
        out[name] = (path, word)
    return out


def test_a_file_that_is_not_a_usable_kb_gets_one_line(kb_file, tmp_path):
    for name, (path, word) in _damaged(kb_file, tmp_path / "bad").items():
        before = _state(path)
        for command in (("stats", "--db", str(path)), ("search", "bao cao", "--db", str(path)),
                        ("export", "texts", "-o", str(tmp_path / "t.csv"), "--db", str(path))):
            _one_line_refusal(vanban(*command), word)
        assert _state(path) == before, name
    missing = tmp_path / "nowhere" / "kb.sqlite"
    for command in read_commands(missing, tmp_path)[::3]:
        _one_line_refusal(vanban(*command), "no knowledge base here")
    assert not missing.parent.exists()


def test_a_kb_found_damaged_while_working_is_named(kb_file, tmp_path):
    """Damage that opening does not see (random bytes over the last quarter, where the texts are) is found by the
    command's own reads or writes: the one line still names the KB, in ingest and in `check`'s own --db too."""
    data = kb_file.read_bytes()
    path = tmp_path / "kb.sqlite"
    for command in (("check", "--db", str(path)), ("ingest", str(CORPUS / f"{SAMPLES[1]}.txt"), "--db", str(path))):
        path.write_bytes(data[: len(data) * 3 // 4] + os.urandom(len(data) - len(data) * 3 // 4))
        _one_line_refusal(vanban(*command), "damaged", f"Error: {path}: ")


def test_vanban_db_names_the_kb_from_any_folder(kb_file, tmp_path):
    """Run from another folder: without VANBAN_DB the relative default is missing and the line says where it looked;
    with it, the read commands and ingest use that KB."""
    exe = str(Path(sys.executable).with_name("vanban"))
    env = {k: v for k, v in os.environ.items() if k != "VANBAN_DB"}
    out = subprocess.run([exe, "stats"], cwd=tmp_path, env=env, capture_output=True, text=True)
    _one_line_refusal(out, f"no knowledge base here ({tmp_path / 'output' / 'kb.sqlite'})", "VANBAN_DB")
    db = tmp_path / "kho.sqlite"
    shutil.copy(kb_file, db)
    out = subprocess.run([exe, "stats", "--json"], cwd=tmp_path, env=env | {"VANBAN_DB": str(db)},
                         capture_output=True, text=True)
    assert out.returncode == 0 and json.loads(out.stdout)["tables"]["documents"] == len(SAMPLES), out.stderr
    out = subprocess.run([exe, "ingest", str(CORPUS / f"{SAMPLES[0]}.txt")], cwd=tmp_path,
                         env=env | {"VANBAN_DB": str(db)}, capture_output=True, text=True)
    assert out.returncode == 0 and str(db) in out.stdout and not (tmp_path / "output").exists(), out.stderr


@pytest.fixture
def read_only_disk(tmp_path):
    """A small filesystem of our own, mounted read-only once the KB is on it (root only)."""
    yield from tmpfs(tmp_path / "ro", "20m")


def test_a_kb_on_a_read_only_disk_is_read_and_ingest_says_why_it_cannot_write(kb_file, read_only_disk, tmp_path):
    db = read_only_disk / "kb.sqlite"
    shutil.copy(kb_file, db)
    subprocess.run(["mount", "-o", "remount,ro", str(read_only_disk)], check=True)
    r = vanban("stats", "--db", str(db))
    assert r.returncode == 0 and "documents" in r.stdout, r.stderr
    r = vanban("search", "chi thi 24", "--db", str(db))
    assert r.returncode == 0 and LAM_DONG in r.stdout, r.stderr
    _one_line_refusal(vanban("ingest", str(CORPUS / f"{SAMPLES[1]}.docx"), "--db", str(db)), "read-only")
