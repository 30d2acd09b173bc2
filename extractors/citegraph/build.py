"""The citation graph's rows, built where a document is extracted and merged into the KB by its writer."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import regex

from .. import sql
from ..references.model import FACTS, Citation, Reference
from ..references.query import loose
from ..references.relation import relation
from ..rules import levels

if TYPE_CHECKING:
    from ..normalize import Text
    from ..pipeline import Extraction
    from ..rows import Rows


SENTENCE_END = regex.compile(r"(?<=[.;:!?])\s+(?=\p{Lu}|[-+*•(])|\n")


def sentence(text: str, start: int, end: int, limit: int = 400) -> str:
    """The sentence around a mention (to the nearest sentence or line break, at most `limit` characters)."""
    a = max((m.end() for m in SENTENCE_END.finditer(text, max(0, start - limit), start)), default=max(0, start - limit))
    b = next((m.start() for m in SENTENCE_END.finditer(text, end, end + limit)), min(len(text), end + limit))
    return " ".join(text[a:b].split())


def reference_row(ref: Reference) -> dict:
    """The KB's `references` row of one cited document, as one citing text states it."""
    return {"key": ref.key, "loose": loose(ref.key), "aliases": json.dumps(list(ref.aliases), ensure_ascii=False),
            **{f: getattr(ref, f) for f in ("kind", *FACTS)}}


def citation_row(ref: Reference, mention: Citation, text: Text, doc_id: str,
                 others: list[tuple[int, int]]) -> dict:
    """The KB's `citations` row of one mention: where it stands, its sentence and what it does (`others`: every
    mention's span in the text)."""
    return {"doc_id": doc_id, "ref_key": ref.key, "sentence": sentence(text.text, mention.start, mention.end),
            "relation": relation(text.text, mention.start, others), **text.place(mention.start, mention.end).as_dict()}


def spans(ex: Extraction) -> list[tuple[int, int]]:
    """Where every citation of the text stands, in order."""
    return sorted((m.start, m.end) for ref in ex.references for m in ref.mentions)


def rows(ex: Extraction, doc_id: str) -> tuple[list[dict], list[dict]]:
    """(references rows, citations rows) of one extraction."""
    others = spans(ex)
    return ([reference_row(ref) for ref in ex.references],
            [citation_row(ref, m, ex.text, doc_id, others) for ref in ex.references for m in ref.mentions])


def _combined(old, new):
    """One fact as two documents state it: the stated one; when both state it, the same choice whatever
    order the documents came in (so parallel ingests give the same KB): the aliases of both; of two names one of
    which goes on from the other with its place, the longer ("Ủy ban nhân dân" that a symbol implies, "Ủy ban nhân
    dân tỉnh Lâm Đồng" that a text states); else the least (an issuer read too far, "Chính phủ Quy định", is
    longer, so longer alone is no better)."""
    if old in (None, "", "[]"):
        return new
    if new in (None, "", "[]") or old == new:
        return old
    if isinstance(old, str) and old.startswith("["):
        return json.dumps(sorted(set(json.loads(old)) | set(json.loads(new))), ensure_ascii=False)
    if isinstance(old, str) and isinstance(new, str):
        short, long = sorted((old, new), key=len)
        if long.startswith(short + " ") and any(long[len(short) + 1:].startswith(f"{w} ") for w in levels("title")):
            return long
    return min(old, new, key=lambda v: (str(type(v)), v))


def merge(db, refs: list[dict]) -> None:
    """Upsert references, combining what the documents citing each one say about it."""
    merged = _stored(db, list({row["key"] for row in refs}))
    for row in refs:
        known = merged.get(row["key"])
        merged[row["key"]] = {k: _combined(known.get(k), v) for k, v in row.items()} if known else row
    sql.insert(db, "references", [merged[key] for key in dict.fromkeys(row["key"] for row in refs)], replace=True)


def _stored(db, keys: list[str], chunk: int = 500) -> dict[str, dict]:
    """The references already in the KB under these keys, a query per `chunk` keys (not one per key)."""
    found = {}
    for i in range(0, len(keys), chunk):
        part = keys[i: i + chunk]
        cursor = db.execute(f"select * from [references] where key in ({', '.join('?' * len(part))})", part)
        columns = [d[0] for d in cursor.description]
        found.update((stored["key"], stored) for stored in (dict(zip(columns, row, strict=True)) for row in cursor))
    return found


def _agree(ours: str | None, theirs: str | None, same) -> bool:
    return not ours or not theirs or same(ours, theirs)


def _same_date(a: str, b: str) -> bool:
    """Two dates, either partial ("2022-12"), that may be one day."""
    return a.startswith(b) or b.startswith(a)


def _same_issuer(a: str, b: str) -> bool:
    """Two issuers one of which holds the other ("Thủ tướng" and "Thủ tướng Chính phủ"), case and spacing aside."""
    a, b = ("".join(x.split()).casefold() for x in (a, b))
    return a in b or b in a


def link(db, loose_keys: set[str]) -> None:
    """Resolve the references of these (loosened) keys to the KB's documents: `references.doc_id` is the report
    (its id, a document's id) whose own number is the key and whose type, issuer and date agree with what the
    citing texts say; none when no report, or more than one, fits (a bare "Kế hoạch 42" of two provinces)."""
    for key in sorted(loose_keys):
        docs = db.execute("select report_id, doc_type, issuer, date from documents where number_key = ?",
                          [key]).fetchall()
        for ref_key, type_, issuer, date in db.execute(
                "select key, type, issuer, date from [references] where loose = ?", [key]).fetchall():
            fits = {report for report, t, i, d in docs
                    if _agree(type_, t, str.__eq__) and _agree(issuer, i, _same_issuer) and _agree(date, d, _same_date)}
            db.execute("update [references] set doc_id = ? where key = ?",
                       [fits.pop() if len(fits) == 1 else None, ref_key])


def relink(db, written: Rows, gone: tuple[str, ...]) -> None:
    """After a document was written (and the documents `gone` deleted): resolve again what it cites, what may
    cite it, and every reference that pointed to a report that changed."""
    keys = {row["loose"] for row in written.references}
    if written.document.get("number_key"):
        keys.add(written.document["number_key"])
    stale = db.execute(
        f"select loose from [references] where doc_id in ({', '.join('?' * len(gone))}) or (doc_id is not null "
        "and doc_id not in (select report_id from reports))", list(gone)).fetchall()
    link(db, keys | {r[0] for r in stale})
