"""The citation graph queried both ways: who cites a key (`cites`), what one document cites (`refs_of`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import regex

from ..references import query as q
from ..references.query import loose


@dataclass(frozen=True)
class Citing:
    path: str
    doc_id: str
    doc_date: str | None
    ref_key: str
    page: int | None
    line: int
    sentence: str


def candidates(db, query: str) -> list[str]:
    """Keys the query may name: an exact loose match first, else by type word and number."""
    parsed = q.parse(query)
    for probe in (parsed.loose, parsed.rest):
        if probe:
            # a law's name finds it in every year it is cited with ("Luật Ngân sách nhà nước" -> … 2002, … 2015)
            keys = [r[0] for r in db.execute(
                "select key from [references] where loose = ? or loose glob ? order by key",
                [probe, f"{probe}[12][0-9][0-9][0-9]"])]
            if keys:
                return keys
    if parsed.number is None:
        return []
    rows_ = db.execute("select key, type, number from [references] where ltrim(number, '0') = ?",
                       [parsed.number.lstrip("0") or "0"]).fetchall()
    return [k for k, t, _ in rows_ if parsed.type is None or (t and loose(t) == loose(parsed.type))]


def one_law(keys: list[str]) -> bool:
    """The keys are one law's name in several years ("Luật Ngân sách nhà nước 2002", "… 2015", or bare)."""
    names = {regex.sub(r"\s+\d{4}$", "", k) for k in keys}
    return len(keys) > 1 and len(names) == 1


def cites(db, key: str, limit: int | None = None) -> list[Citing]:
    """The mentions of `key` (the `limit` newest, or all), newest citing document first."""
    found = db.execute(
        "select d.path, d.id, d.date, c.ref_key, c.page, c.line, c.sentence from citations c "
        "join documents d on d.id = c.doc_id where c.ref_key = ? "
        "order by d.date is null, d.date desc, d.path, c.start limit ?",
        [key, -1 if limit is None else limit]).fetchall()
    return [Citing(*row) for row in found]


def cited_count(db, key: str) -> tuple[int, int]:
    """(mentions, citing documents) of `key`."""
    return db.execute("select count(*), count(distinct doc_id) from citations where ref_key = ?", [key]).fetchone()


def refs_of(db, doc: str) -> list[tuple]:
    """What one document (id, id prefix or path) cites: (key, type, date, issuer, mentions, first page, first line)."""
    ids = [r[0] for r in db.execute("select id from documents where id like ? or path in (?, ?)",
                                    [doc + "%", doc, str(Path(doc).resolve())])]
    if not ids:  # a path as the user sees it, the KB holding it relative to elsewhere
        ids = [r[0] for r in db.execute("select id from documents where path like ?", ["%/" + Path(doc).name])]
    if len(ids) != 1:
        hint = ": give more of the id or the exact path" if ids else ""
        raise LookupError(f"{len(ids)} documents match {doc!r}{hint}")
    found = db.execute(
        # SQLite takes the bare columns page and line from the row holding min(start): the first mention
        "select c.ref_key, r.type, r.date, r.issuer, count(*), c.page, c.line, min(c.start) from citations c "
        "join [references] r on r.key = c.ref_key where c.doc_id = ? group by c.ref_key order by min(c.start)",
        [ids[0]]).fetchall()
    return [row[:7] for row in found]


def top_cited(db, limit: int = 10) -> list[tuple[str, int, int]]:
    """(key, citing documents, mentions), most cited first."""
    return db.execute(
        "select ref_key, count(distinct doc_id), count(*) from citations group by ref_key "
        "order by 2 desc, 3 desc, ref_key limit ?", [limit]).fetchall()
