"""The knowledge base: one SQLite file, written one document per transaction.

Every extraction table carries doc_id and the place (page, line, start, end) of each item.
Documents are keyed by the sha256 of their bytes: an unchanged file with the same pipeline
version is skipped; a file whose bytes changed replaces the rows it had under its old id.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from . import DEFAULT_DB, citegraph, reports, sql
from .errors import KBError
from .pipeline import Extraction, pipeline_version
from .readers import Stamp
from .rows import Rows, rows

# the folded column has no diacritics; this tokenizer takes them off a query typed with them too (a search box
# that passes the words on as they are: Datasette's)
TOKENIZER = "unicode61 remove_diacritics 2"
PLACE = {"text": str, "page": int, "line": int, "start": int, "end": int}

SCHEMA: dict[str, dict] = {
    "documents": {
        "columns": {
            "id": str, "path": str, "format": str, "pages": int, "size": int, "mtime_ns": int, "encoding": str,
            "doc_type": str, "title": str, "number": str, "symbol": str, "date": str, "year": int, "place": str,
            "issuer": str,
            "issuer_lines": str, "period_start": str, "period_end": str, "signers": str, "recipients": str,
            "chars": int, "warnings": str, "ingested_at": str, "pipeline_version": str,
            "report_id": str,  # the report this file is a rendering of (reports.py): its own id when alone
            "number_key": str,  # the own number loosened as references' keys are: what resolves a citation to it
        },
        "pk": "id",
    },
    # one row per report: its files' facts (the shown file's first), how many files it has
    "reports": {"columns": {"report_id": str, "title": str, "type": str, "number": str, "date": str, "issuer": str,
                            "files": int}, "pk": "report_id"},
    # the bottom-k sketch of each text's shingles: finds the renderings of one text (reports.py)
    "sketches": {"columns": {"doc_id": str, "h": int}, "pk": ("doc_id", "h")},
    # ocr_confidence: a page read by OCR, its words' mean confidence (0-1); NULL for a page of text
    "pages": {"columns": {"doc_id": str, "page": int, "raw": str, "has_text": int, "ocr_confidence": float},
              "pk": ("doc_id", "page")},
    "texts": {"columns": {"doc_id": str, "text": str, "folded": str}, "pk": "doc_id"},
    # clean-text offset where each raw line starts: turns a search hit into (page, line)
    "text_lines": {"columns": {"doc_id": str, "start": int, "page": int, "line": int}, "pk": ("doc_id", "start")},
    "footnotes": {"columns": {"doc_id": str, "label": str, **PLACE}},
    "references": {
        "columns": {
            "key": str, "loose": str, "kind": str, "type": str, "number": str, "year": int, "symbol": str,
            "date": str, "issuer": str, "subject": str, "aliases": str,
            "doc_id": str,  # the KB's report that is this document (its id), when exactly one fits (citegraph.link)
        },
        "pk": "key",
    },
    # relation: what the mention does (references/relation.py): can_cu, thuc_hien, sua_doi, thay_the, bai_bo, …
    "citations": {"columns": {"doc_id": str, "ref_key": str, "sentence": str, "relation": str, **PLACE}},
    "figures": {"columns": {"doc_id": str, "value": float, "unit": str, "kind": str, "approx": str,
                            "percent_kind": str, "qualifiers": str, **PLACE}},
    "claims": {
        "columns": {
            "doc_id": str, "kind": str, "values_json": str, "computed": float, "reported": float,
            "verdict": str, "message": str, **PLACE,
        }
    },
    "tasks": {
        "columns": {
            "doc_id": str, "label": str, "body": str, "lead": str, "partners": str, "deadline": str,
            "due": str, "due_kind": str, "status": str, "grp": str, "source": str, **PLACE,
        }
    },
    "entities": {"columns": {"doc_id": str, "label": str, "canonical": str, **PLACE}},
    # the same bytes found under another path: stored once, the other paths remembered
    "copies": {"columns": {"path": str, "doc_id": str, "size": int, "mtime_ns": int}, "pk": "path"},
    "ingest_errors": {
        "columns": {"id": int, "path": str, "sha256": str, "stage": str, "reason": str, "at": str},
        "pk": "id",
    },
}
# the tables of rows a document owns (references' doc_id is a link to the document a reference is, not ownership)
PER_DOCUMENT = [name for name, spec in SCHEMA.items() if "doc_id" in spec["columns"] and name != "references"]


def _tables(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """The file's tables with their columns (reading the schema: a file that is not SQLite fails here)."""
    names = [r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")]
    return {name: {r[1] for r in conn.execute(f"pragma table_info([{name}])")} for name in names}


def _connect_read(path: Path, mode: str) -> tuple[sqlite3.Connection, dict[str, set[str]]]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True, check_same_thread=False)
    try:
        return conn, _tables(conn)
    except sqlite3.OperationalError:
        conn.close()
        raise
    except sqlite3.DatabaseError as e:
        conn.close()
        raise kb_error(path, e) from None


def _check(path: Path, tables: dict[str, set[str]], writing: bool) -> None:
    """Refuse a SQLite file that is not a vanban KB (a read command must not fill it with zeros, ingest must not
    add tables to someone else's database). A KB of an older vanban is brought up to date by ingest."""
    if not tables and writing:
        return  # a new KB
    if "documents" not in tables or "pipeline_version" not in tables["documents"]:
        what = f"a SQLite file with other tables: {', '.join(sorted(tables)[:5])}" if tables else "an empty SQLite file"
        raise KBError(str(path), f"not a vanban knowledge base ({what})")
    missing = [f"{name}.{c}" for name, spec in SCHEMA.items() for c in spec["columns"] if c not in tables.get(name, ())]
    if missing and not writing:
        raise KBError(str(path), f"made by an older vanban (no {', '.join(missing[:3])}): run `vanban ingest` on "
                                 "it once to bring it up to date")


def _check_writable(path: Path) -> None:
    """Refuse, before anything is written, a KB ingest cannot write to (read-only) or must not (not a vanban KB)."""
    if not all(os.access(p, os.W_OK) for p in (path, path.parent) if p.exists()):
        raise KBError(str(path), READ_ONLY)
    if path.exists():
        try:
            conn, tables = _connect_read(path, "mode=ro")
        except sqlite3.OperationalError as e:
            raise kb_error(path, e) from None
        conn.close()
        _check(path, tables, writing=True)


READ_ONLY = "the knowledge base is read-only (a read-only file, folder or disk): ingest needs to write to it"


def kb_error(path: Path, e: sqlite3.Error) -> KBError:
    """What a SQLite error on the KB file means for the person who gave it."""
    message = str(e)
    if "file is not a database" in message:
        return KBError(str(path), "not a SQLite database (file is not a database)")
    if "malformed" in message:
        return KBError(str(path), f"the knowledge base is damaged ({message}); rebuild it with `vanban ingest`")
    if "readonly" in message or "read-only" in message:
        return KBError(str(path), READ_ONLY)
    if "full" in message:
        return KBError(str(path), f"the disk is full ({message})")
    return KBError(str(path), f"cannot use the knowledge base ({message})")


@contextmanager
def one_writer(path: Path, on_busy=None):
    """Held while one `vanban ingest` writes to the KB at `path`: a second one waits for it (after calling
    `on_busy(pid)`) instead of failing on SQLite's locks file after file. The lock is an flock on `<KB>.lock`,
    which holds the writer's pid; the kernel lets it go when the writer ends, however it ends."""
    import errno
    import fcntl

    _check_writable(path)  # no lock file beside a file ingest will refuse
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        reason = READ_ONLY if e.errno in (errno.EACCES, errno.EROFS) else f"cannot lock the KB ({e.strerror or e})"
        raise KBError(str(path), reason) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_busy:
                on_busy(os.pread(fd, 20, 0).decode(errors="replace").strip() or "?")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)


def readable(text: str) -> str:
    """A path (or a message naming one) as the KB stores and shows it. A file name whose bytes are not UTF-8 (a
    cp1258 or TCVN3 archive unzipped on Linux) reaches Python with those bytes as surrogates, which SQLite and a
    terminal refuse; they are kept as \\xNN, so the name stays whole and readable."""
    return os.fsencode(text).decode("utf-8", "backslashreplace") if not text.isascii() else text


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class KB:
    """The KB for writing (`vanban ingest`): created if missing, its schema brought up to date. `KB.read_only(path)`
    opens an existing one for the read commands, which never write."""

    immutable = False  # opened read-only on read-only media (the file promised not to change)
    ocr = "auto"  # `--ocr` of the ingest writing: part of the pipeline version its documents are recorded with

    def __init__(self, path: str | Path = DEFAULT_DB, ocr: str = "auto"):
        self.path, self.ocr = Path(path), ocr
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _check_writable(self.path)
            self.db = sqlite_utils.Database(self.path)
            self.db.execute("PRAGMA journal_mode=WAL")
            # in WAL mode NORMAL still never corrupts the file; a power cut may only drop the last commits, which
            # the next run redoes (a document is written again unless its sha256 is in the KB)
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._ensure_schema()
        except OSError as e:
            raise KBError(str(self.path), f"cannot create the knowledge base ({e.strerror or e})") from None
        except sqlite3.DatabaseError as e:
            raise kb_error(self.path, e) from None

    @classmethod
    def read_only(cls, path: str | Path) -> KB:
        """An existing KB opened so that nothing can write to it (SQLite's mode=ro): it is never created, never
        altered, and each read sees the documents committed so far while an ingest goes on. On read-only media,
        where SQLite cannot make the write-ahead log's shared-memory file, it is opened immutable."""
        path = Path(path)
        if not path.exists():
            where = "" if path.is_absolute() else f" ({path.absolute()})"  # a relative default, run from elsewhere
            raise KBError(str(path), f"no knowledge base here{where}: run `vanban ingest` first, or give --db FILE "
                                     "or VANBAN_DB")
        if not path.is_file():
            raise KBError(str(path), "not a file (give the knowledge base's .sqlite file)")
        if not os.access(path, os.R_OK):
            raise KBError(str(path), "cannot read the knowledge base (permission denied)")
        mode = "mode=ro"
        try:
            conn, tables = _connect_read(path, mode)
        except sqlite3.OperationalError as e:
            if "unable to open" not in str(e):
                raise kb_error(path, e) from None
            mode = "immutable=1"  # read-only media: the log's shared memory cannot be made
            conn, tables = _connect_read(path, mode)
        _check(path, tables, writing=False)
        kb = cls.__new__(cls)
        kb.path, kb.db, kb.immutable = path, sqlite_utils.Database(conn), mode == "immutable=1"
        return kb

    def _ensure_schema(self) -> None:
        for name, spec in SCHEMA.items():
            table = self.db[name]
            if table.exists():  # a KB made by an older vanban: add the columns it lacks
                missing = {c: t for c, t in spec["columns"].items() if c not in table.columns_dict}
                for column, kind in missing.items():
                    table.add_column(column, kind)
            else:
                table.create(spec["columns"], pk=spec.get("pk"), not_null=spec.get("not_null"))
                if "doc_id" in spec["columns"] and "pk" not in spec:
                    table.create_index(["doc_id"])
        fts = self.db["texts_fts"]
        if not fts.exists() or TOKENIZER not in (fts.schema or ""):  # new, or made by an older vanban: (re)built
            self.db["texts"].enable_fts(["folded"], create_triggers=True, tokenize=TOKENIZER, replace=True)
        self.db["documents"].create_index(["path"], if_not_exists=True)
        self.db["documents"].create_index(["report_id"], if_not_exists=True)
        self.db["documents"].create_index(["number_key"], if_not_exists=True)
        self.db["references"].create_index(["doc_id"], if_not_exists=True)
        self.db["sketches"].create_index(["h"], if_not_exists=True)
        self.db["citations"].create_index(["ref_key"], if_not_exists=True)
        self.db["references"].create_index(["loose"], if_not_exists=True)
        self.db["references"].create_index(["number"], if_not_exists=True)

    def close(self) -> None:
        self.db.close()

    # -- writing -----------------------------------------------------------------------------

    def untouched(self, path: str, stamp: Stamp) -> bool:
        """Whether this path was ingested (or kept as a copy) from a file of this size and modification time, by
        this pipeline version: it is then not read again."""
        row = self.db.execute(
            "select pipeline_version from documents where path = ? and size = ? and mtime_ns = ? union all "
            "select d.pipeline_version from copies c join documents d on d.id = c.doc_id "
            "where c.path = ? and c.size = ? and c.mtime_ns = ?", [readable(path), *stamp] * 2).fetchone()
        return bool(row) and row[0] == pipeline_version(self.ocr)

    def is_current(self, sha256: str, path: str | None = None, stamp: Stamp | None = None) -> bool:
        """Whether these bytes are in the KB from this pipeline version; a new path for them is kept as a copy.
        The path's stamp is recorded, so that a file touched but not changed is not read again next time."""
        rows = self.db.execute("select pipeline_version, path from documents where id = ?", [sha256]).fetchall()
        current = bool(rows) and rows[0][0] == pipeline_version(self.ocr)
        path = readable(path) if path else path
        if current and path:
            size, mtime_ns = stamp or (None, None)
            with self.db.atomic():
                if rows[0][1] == path:
                    if stamp:
                        self.db.execute("update documents set mtime_ns = ? where id = ?", [mtime_ns, sha256])
                else:
                    self.db["copies"].upsert({"path": path, "doc_id": sha256, "size": size, "mtime_ns": mtime_ns},
                                             pk="path")
        return current

    def write(self, ex: Extraction | Rows, stamp: Stamp | None = None) -> None:
        """Replace everything known about this document (and older versions of its path) atomically; `stamp` is
        the file's as it was before it was read."""
        r = ex if isinstance(ex, Rows) else rows(ex)
        path = readable(r.path)
        with self.db.atomic():
            stale = self.db.execute(
                "select id, report_id from documents where id = ? or path = ?", [r.doc_id, path]).fetchall()
            for doc_id, _ in stale:
                self._delete(doc_id)
            self.db.execute("delete from copies where path = ?", [path])  # this path is a document now
            self.db.execute("delete from ingest_errors where path = ?", [path])  # it reads now
            recorded = {"path": path, "ingested_at": now(), "pipeline_version": pipeline_version(self.ocr),
                        "mtime_ns": stamp.mtime_ns if stamp else None}
            sql.insert(self.db, "documents", [r.document | recorded])
            for name, table_rows in r.tables.items():
                sql.insert(self.db, name, table_rows)
            citegraph.merge(self.db, r.references)
            sql.insert(self.db, "citations", r.citations)
            gone = tuple({i for row in stale for i in row if i})
            reports.regroup(self.db, [r.doc_id], gone=gone)
            citegraph.relink(self.db, r, gone)

    def _delete(self, doc_id: str) -> None:
        cited = [r[0] for r in self.db.execute("select distinct ref_key from citations where doc_id = ?", [doc_id])]
        for name in PER_DOCUMENT:
            self.db.execute(f"delete from [{name}] where doc_id = ?", [doc_id])
        self.db.execute("delete from documents where id = ?", [doc_id])
        for key in cited:  # a reference nobody cites any more goes too
            self.db.execute("delete from [references] where key = ? and not exists "
                            "(select 1 from citations where ref_key = ?)", [key, key])

    def record_error(self, path: str, stage: str, reason: str, sha256: str | None = None) -> None:
        """One row per failing path: a re-run replaces the file's earlier error."""
        path = readable(str(path))
        with self.db.atomic():
            self.db.execute("delete from ingest_errors where path = ?", [path])
            self.db["ingest_errors"].insert(
                {"path": path, "sha256": sha256, "stage": stage, "reason": readable(reason), "at": now()})

    def forget_error(self, path: str) -> None:
        """A path found current (unchanged, or the same bytes as a document) keeps no error of an earlier run."""
        path = readable(path)
        if self.db.execute("select 1 from ingest_errors where path = ?", [path]).fetchone():
            with self.db.atomic():
                self.db.execute("delete from ingest_errors where path = ?", [path])

    # -- reading -----------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        return {name: self.db[name].count for name in SCHEMA}
