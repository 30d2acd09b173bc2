"""One report, many files: the PDF, the DOCX and the TXT of one văn bản are one report in the KB.

Two documents are one report when they state the same identity (own number, issuer and date, all three known)
or hold the same text up to layout: the bottom-k sketch of their folded text's five-word shingles (one hash per
shingle, the `SKETCH` smallest kept, as in Broder's bottom-k MinHash) estimates the shingles' Jaccard similarity,
and SAME_TEXT of it is one text (a TXT whose footnotes moved still scores 0.98 against its PDF; two different
reports of the corpus score under 0.1). A stated number or date that differs keeps two documents apart whatever
their text (a monthly report on a template).

The reports are the connected components of that relation, kept right on every write and delete: the documents
of the reports a change touches are grouped again among themselves. A report's id is its smallest document id
(a single-file report's is its doc_id), so the same files give the same reports in whatever order they came.
"""

from __future__ import annotations

import hashlib
import json

import regex

SKETCH = 64  # hashes kept per text
SAME_TEXT = 0.9  # estimated Jaccard similarity of two renderings of one text
SHINGLE = 5  # words per shingle
# the file shown for a report, and whose items are counted: the original's formats first
FORMAT_ORDER = ("pdf", "docx", "doc", "odt", "rtf", "xlsx", "xls", "txt")
FIELDS = ("title", "type", "number", "date", "issuer")  # the reports table's facts, from its documents
WORD = regex.compile(r"\w+")
EMPTY_HASH = hashlib.blake2b(digest_size=8)  # a shingle's hash: the first 63 bits of its 8-byte BLAKE2b


def sketch(folded: str) -> list[int]:
    """The SKETCH smallest 63-bit hashes of the text's five-word shingles (the text already folded)."""
    words = WORD.findall(folded.casefold())
    if len(words) < SHINGLE:  # no text to compare (a sheet of figures, a near-empty file)
        return []
    encoded = [w.encode() for w in words]  # the UTF-8 of words joined by spaces is their UTF-8s joined so
    shingles = set(map(b" ".join, zip(*(encoded[i:] for i in range(SHINGLE)), strict=False)))  # the last tail ends it
    digests = []
    for shingle in shingles:  # a copy of an empty hash, updated: a quarter faster than a new one with its options
        h = EMPTY_HASH.copy()
        h.update(shingle)
        digests.append(h.digest())
    # big-endian digests sort as their numbers do: only the smallest are made numbers, until SKETCH are (two that
    # differ in the last bit only are one hash once shifted)
    hashes: dict[int, None] = {}
    for digest in sorted(digests):
        hashes[int.from_bytes(digest, "big") >> 1] = None
        if len(hashes) == SKETCH:
            break
    return list(hashes)


def similarity(a: list[int], b: list[int]) -> float:
    """Estimated Jaccard similarity of two texts from their sketches."""
    if not a or not b:
        return 0.0
    union = sorted(set(a) | set(b))[:SKETCH]
    both = set(a) & set(b)
    return sum(h in both for h in union) / len(union)


def _identity(doc: dict) -> tuple | None:
    if doc["number"] and doc["issuer"] and doc["date"]:
        return (doc["number"].casefold(), " ".join(doc["issuer"].casefold().split()), doc["date"])
    return None


def _conflict(a: dict, b: dict) -> bool:
    """Two documents that state different own numbers or dates are two reports."""
    return any(a[f] and b[f] and a[f].casefold() != b[f].casefold() for f in ("number", "date"))


def same_report(a: dict, b: dict) -> bool:
    if _conflict(a, b):
        return False
    ident = _identity(a)
    return (ident is not None and ident == _identity(b)) or similarity(a["sketch"], b["sketch"]) >= SAME_TEXT


def _documents(db, where: str, params: list) -> dict[str, dict]:
    cursor = db.execute(
        "select d.id, d.path, d.format, d.title, d.doc_type as type, d.number, d.date, d.issuer, d.report_id, "
        f"(select json_group_array(h) from sketches s where s.doc_id = d.id) as sketch from documents d {where}",
        params)
    columns = [c[0] for c in cursor.description]
    docs = {}
    for row in cursor.fetchall():
        doc = dict(zip(columns, row, strict=True))
        doc["sketch"] = sorted(json.loads(doc["sketch"] or "[]"))
        docs[doc["id"]] = doc
    return docs


def _candidates(db, doc: dict) -> set[str]:
    """Documents that may be the same report as `doc`: the same identity, or a shared sketch hash."""
    found = set()
    if _identity(doc):
        found |= {r[0] for r in db.execute(
            "select id from documents where number = ? collate nocase and date = ? and issuer is not null",
            [doc["number"], doc["date"]])}
    if doc["sketch"]:
        hashes = doc["sketch"]
        found |= {r[0] for r in db.execute(
            f"select doc_id from sketches where h in ({', '.join('?' * len(hashes))}) group by doc_id "
            "having count(*) >= ?", [*hashes, int(SKETCH * SAME_TEXT / 2)])}
    return found - {doc["id"]}


def regroup(db, doc_ids: list[str], gone: tuple[str, ...] = ()) -> None:
    """Keep `reports` and `documents.report_id` right after the documents `doc_ids` were written and the
    reports `gone` lost a document: every document of the reports touched is grouped again."""
    written = _documents(db, f"where d.id in ({', '.join('?' * len(doc_ids))})", doc_ids) if doc_ids else {}
    reports = set(gone) | {d["report_id"] for d in written.values() if d["report_id"]}
    for doc in written.values():
        near = _candidates(db, doc)
        if near:
            reports |= {r[0] for r in db.execute(
                f"select report_id from documents where id in ({', '.join('?' * len(near))})", list(near))}
    reports.discard(None)
    docs = dict(written)
    if reports:
        marks = ", ".join("?" * len(reports))
        docs |= _documents(db, f"where d.report_id in ({marks})", list(reports))
    db.execute(f"delete from reports where report_id in ({', '.join('?' * len(reports))})", list(reports))
    for group in components(docs):
        members = sorted((docs[i] for i in group), key=rank)
        report_id = min(group)
        db.execute(f"update documents set report_id = ? where id in ({', '.join('?' * len(group))})",
                   [report_id, *group])
        facts = {f: next((m[f] for m in members if m[f]), None) for f in FIELDS}
        db.execute("insert or replace into reports (report_id, title, type, number, date, issuer, files) "
                   "values (?, ?, ?, ?, ?, ?, ?)", [report_id, *facts.values(), len(group)])


def rank(doc: dict) -> tuple:
    """A report's files in the order shown: the original's format first, then by path."""
    fmt = doc["format"]
    return (FORMAT_ORDER.index(fmt) if fmt in FORMAT_ORDER else len(FORMAT_ORDER), doc["path"])


def components(docs: dict[str, dict]) -> list[list[str]]:
    """The documents grouped by same_report, transitively (union-find)."""
    parent = {i: i for i in docs}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    ids = sorted(docs)
    for n, a in enumerate(ids):
        for b in ids[n + 1:]:
            if root(a) != root(b) and same_report(docs[a], docs[b]):
                parent[root(b)] = root(a)
    groups: dict[str, list[str]] = {}
    for i in ids:
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())


# SQL for the read side: the one file of each report whose items are counted (its first file by rank)
SHOWN = ("(select d2.id from documents d2 where d2.report_id = {d}.report_id order by "
         "case d2.format " + " ".join(f"when '{f}' then {i}" for i, f in enumerate(FORMAT_ORDER))
         + f" else {len(FORMAT_ORDER)} end, d2.path limit 1)")


def shown_file(alias: str = "d") -> str:
    """A SQL condition true for the document (table alias `alias`) shown for its report."""
    return f"{alias}.id = " + SHOWN.format(d=alias)


def files(db, report_id: str) -> list[dict]:
    """The files of one report, the shown one first: path, doc_id and format."""
    found = db.execute("select id, path, format from documents where report_id = ?", [report_id]).fetchall()
    docs = [{"doc_id": i, "path": p, "format": f} for i, p, f in found]
    return sorted(docs, key=lambda d: rank(d))
