"""Batch ingestion: every file read, extracted and written, or recorded as an error with its reason.

Every file under the given paths is accounted for: ingested, unchanged, failed (with its reason, in the KB's
ingest_errors) or skipped (with its reason: hidden, a special file, or content vanban does not read).

Reading and extracting run in worker processes (an engine: local processes, or Dask tasks on a cluster);
one writer, this process, puts each document into SQLite in its own transaction. A file whose bytes and
pipeline version are already in the KB is skipped, so a run killed half-way is finished by running it again;
a file whose bytes changed replaces its old rows.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .engines import Crashed, TimeLimit, engine_for
from .errors import UsageError, VanbanError
from .pipeline import Stopwatch, extract_document
from .readers import Stamp, read, sha256_of, special, unsupported
from .rows import Rows, rows

if TYPE_CHECKING:  # the workers import this module too: they never load the writer's SQLite layer
    from .kb import KB


@dataclass
class Summary:
    seen: int = 0
    ingested: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (path, stage, reason)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    warnings: list[tuple[str, list[str]]] = field(default_factory=list)  # (path, the reader's warnings)
    pages: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # time per stage, summed over the workers

    def add_seconds(self, seconds: dict[str, float]) -> None:
        for stage, s in seconds.items():
            self.seconds[stage] = self.seconds.get(stage, 0.0) + s

    def as_dict(self) -> dict:
        return {
            "seen": self.seen, "ingested": self.ingested, "unchanged": self.unchanged, "pages": self.pages,
            "failed": [{"path": p, "stage": s, "reason": r} for p, s, r in self.failed],
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
            "warnings": [{"path": p, "warnings": w} for p, w in self.warnings],
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }


# a worker that died on a file twice, the second time alone: killed for memory, or a C library aborting on it
CRASHED = ("the reader crashed on this file (its worker process died on it, also when tried alone: out of memory, "
           "or a library aborting on a damaged or hostile file); skipped")


@dataclass(frozen=True)
class Failure:
    path: str
    stage: str
    reason: str


# Word and Excel write "~$" + the name beside a document while it is open: its owner's name, not a document
LOCK = "Office lock file (~$…: the mark of a document open in Word or Excel)"


@dataclass(frozen=True)
class Entry:
    """A file found under the given paths, and why it is skipped when the walk alone tells (it is hidden)."""

    path: Path
    skip: str | None = None


def discover(paths: Iterable[str | Path | Entry]) -> Iterator[Entry]:
    """Every file under the given files and folders (recursive, sorted), hidden ones and lock files marked to be
    skipped; an Entry passes through (so a walk done once can be ingested). A path that does not exist is a
    UsageError."""
    for root in paths:
        if isinstance(root, Entry):
            yield root
            continue
        root = Path(root)
        if not os.path.lexists(root):
            raise UsageError(str(root), "no such file or folder")
        if not root.is_dir():
            yield Entry(root)
            continue
        yield from sorted(_walk(root), key=lambda e: e.path)


def _walk(root: Path) -> Iterator[Entry]:
    """The files under a folder, hidden ones and Office lock files marked to be skipped; a hidden folder (.git,
    .cache) or a link to a folder is one entry, skipped without being walked."""
    for folder, dirs, names in os.walk(root):
        for name in [d for d in dirs if d.startswith(".") or os.path.islink(os.path.join(folder, d))]:
            dirs.remove(name)
            why = "hidden folder" if name.startswith(".") else "link to a folder, not followed"
            yield Entry(Path(folder, name), why)
        for name in names:
            skip = "hidden" if name.startswith(".") else LOCK if name.startswith("~$") else None
            yield Entry(Path(folder, name), skip)


def work(path: str, ocr: str = "auto") -> tuple[Rows | Failure, dict[str, float]]:
    """Read and extract one file (in a worker; `ocr` as `--ocr`): its KB rows, or why it failed; seconds per
    stage."""
    clock = Stopwatch()
    try:
        doc = clock("read", read, path, ocr)
        ex = extract_document(doc, clock)
        return clock("rows", rows, ex), clock.seconds  # the KB's rows built here: the one writer only inserts
    except VanbanError as e:
        return Failure(path, e.stage, e.reason), clock.seconds
    except TimeLimit as e:
        return Failure(path, "extract", f"{e}: refused (VANBAN_FILE_CPU_SECONDS raises the limit)"), clock.seconds
    except MemoryError:
        return Failure(path, "extract", "out of memory while extracting (over the worker's limit, "
                                        "VANBAN_WORKER_MEMORY_MB)"), clock.seconds
    except Exception as e:  # a bug must not stop the batch either; it is recorded for a report
        return Failure(path, "extract", f"internal error: {e.__class__.__name__}: {e}"), clock.seconds


def _pending(files: list[Entry], kb: KB, force: bool, summary: Summary, on_file) -> tuple[dict, dict]:
    """The files that need work with their stamps, and the copies among them (same bytes as an earlier file of
    the batch: done once); the unreadable ones recorded, the unchanged ones counted. A file whose stamp is as
    recorded is not read at all; another is hashed, and is new work only if its bytes are."""
    todo, first, copies = {}, {}, {}
    for entry in files:
        path = entry.path
        if entry.skip:
            _skipped(summary, path, entry.skip, on_file)
            continue
        try:
            st = os.stat(path)
            if skip := special(st.st_mode):
                _skipped(summary, path, skip, on_file)
                continue
            stamp = Stamp(st.st_size, st.st_mtime_ns)
            if not force and kb.untouched(str(path), stamp):
                _unchanged(kb, summary, str(path), on_file)
                continue
            if skip := unsupported(path):
                _skipped(summary, path, skip, on_file)
                continue
            sha = sha256_of(path)
        except OSError as e:
            _failed(kb, summary, Failure(str(path), "read", f"cannot read the file ({e.strerror or e})"))
            on_file(str(path), "failed")
            continue
        if not force and kb.is_current(sha, str(path), stamp):  # same bytes, same pipeline: nothing new to learn
            _unchanged(kb, summary, str(path), on_file)
        elif sha in first:
            copies[str(path)] = (sha, first[sha], stamp)
        else:
            first[sha] = str(path)
            todo[str(path)] = stamp
    return todo, copies


def _skipped(summary: Summary, path: Path, reason: str, on_file) -> None:
    summary.skipped.append((str(path), reason))
    on_file(str(path), "skipped")


def _unchanged(kb: KB, summary: Summary, path: str, on_file) -> None:
    kb.forget_error(path)  # current now: an error of an earlier run (a file since replaced) is no longer true
    summary.unchanged += 1
    on_file(path, "unchanged")


def _failed(kb: KB, summary: Summary, f: Failure) -> None:
    from .kb import readable

    kb.record_error(f.path, f.stage, f.reason)
    summary.failed.append((readable(f.path), f.stage, readable(f.reason)))


def _fatal(e: Exception) -> bool:
    """An error of the KB's disk, not of one document: no later write (nor the error's record) can succeed."""
    import sqlite3

    return isinstance(e, sqlite3.OperationalError) and any(
        w in str(e) for w in ("disk is full", "disk I/O error", "readonly database"))


def _store(kb: KB, summary: Summary, ex: Rows, stamp: Stamp) -> str:
    """Write one document (its own transaction): 'ingested', or 'failed' with the reason recorded."""
    clock = Stopwatch()
    try:
        clock("write", kb.write, ex, stamp)
    except Exception as e:  # a document SQLite refuses: the transaction is rolled back, the batch goes on
        if _fatal(e):
            raise
        _failed(kb, summary, Failure(ex.path, "write", f"cannot write to the KB: {e}"))
        return "failed"
    summary.ingested += 1
    summary.add_seconds(clock.seconds)
    if warnings := json.loads(ex.document["warnings"]):  # pages without text, mojibake …
        summary.warnings.append((ex.path, warnings))
    return "ingested"


def ingest(paths: Iterable[str | Path | Entry], kb: KB, force: bool = False, jobs: int = 1,
           engine: str = "local", scheduler: str | None = None, on_file=None) -> Summary:
    """Ingest files and folders into `kb` with `jobs` workers (`vanban ingest` uses every core), read with the
    KB's `ocr` mode.
    `on_file(path, outcome)` is called as each file is done ('ingested', 'unchanged', 'failed', 'skipped'): a
    progress bar. A path that does not exist raises UsageError before anything is done."""
    summary = Summary()
    on_file = on_file or (lambda path, outcome: None)
    files = list(discover(paths))
    summary.seen = len(files)
    try:
        _run(files, kb, force, jobs, engine, scheduler, on_file, summary)
    except Exception as e:
        if not _fatal(e):
            raise
        left = summary.seen - summary.ingested - summary.unchanged - len(summary.failed)
        raise VanbanError(str(kb.path), f"{e}: stopped; {summary.ingested} documents written in this run are "
                                        f"kept, {left} files are not done (free space and run the same command "
                                        "again to finish)") from None
    summary.pages = kb.db.execute("select coalesce(sum(coalesce(pages, 1)), 0) from documents").fetchone()[0]
    return summary


def _run(files: list[Path], kb: KB, force: bool, jobs: int, engine: str, scheduler: str | None, on_file,
         summary: Summary) -> None:
    todo, copies = _pending(files, kb, force, summary, on_file)
    with engine_for(engine, jobs, scheduler) as run:
        for out in run(partial(work, ocr=kb.ocr), list(todo)):
            result, seconds = (Failure(out.item, "read", CRASHED), {}) if isinstance(out, Crashed) else out
            summary.add_seconds(seconds)
            if isinstance(result, Failure):
                _failed(kb, summary, result)
                outcome, path = "failed", result.path
            else:
                outcome, path = _store(kb, summary, result, todo[result.path]), result.path
            on_file(path, outcome)
    for path, (sha, original, stamp) in copies.items():
        if kb.is_current(sha, path, stamp):
            _unchanged(kb, summary, path, on_file)
        else:
            _failed(kb, summary, Failure(path, "read", f"same bytes as {original}, which could not be ingested"))
            on_file(path, "failed")
