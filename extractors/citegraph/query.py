"""The citation graph queried both ways: who cites a key (`cites`), what one document cites (`refs_of`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import regex

from ..references import query as q
from ..references.query import loose
from ..reports import rank, shown_file


@dataclass(frozen=True)
class Citing:
    path: str
    doc_id: str
    doc_date: str | None
    ref_key: str
    page: int | None
    line: int
    sentence: str
    report_id: str  # the report the citing file is a rendering of: its mentions are counted once, in this file
    relation: str  # what the mention does: can_cu, thuc_hien, sua_doi, thay_the, bai_bo, huong_dan, mention


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


def cites(db, key: str, limit: int | None = None, relation: str | None = None) -> list[Citing]:
    """The mentions of `key` (the `limit` newest, or all; only those of `relation` if given), newest citing report
    first, each report's mentions from the one file shown for it (its other renderings say the same)."""
    found = db.execute(
        "select d.path, d.id, d.date, c.ref_key, c.page, c.line, c.sentence, d.report_id, c.relation "
        f"from citations c join documents d on d.id = c.doc_id where c.ref_key = ? and {shown_file('d')} "
        "and (? is null or c.relation = ?) order by d.date is null, d.date desc, d.path, c.start limit ?",
        [key, relation, relation, -1 if limit is None else limit]).fetchall()
    return [Citing(*row) for row in found]


def cited_count(db, key: str) -> tuple[int, int]:
    """(mentions, citing reports) of `key`, each report counted once."""
    return db.execute(f"select count(*), count(distinct d.report_id) from citations c join documents d "
                      f"on d.id = c.doc_id where c.ref_key = ? and {shown_file('d')}", [key]).fetchone()


def citing_reports(db, key: str) -> list[dict]:
    """The reports citing `key`, newest first: their facts, mentions, and files (the shown one first), each file
    with its own mentions."""
    found = db.execute(
        "select r.report_id, r.title, r.type, r.number, r.date, r.issuer, d.id, d.path, d.format, count(*) "
        "from citations c join documents d on d.id = c.doc_id join reports r on r.report_id = d.report_id "
        "where c.ref_key = ? group by d.id order by r.date is null, r.date desc, r.report_id", [key]).fetchall()
    out: dict[str, dict] = {}
    for report_id, title, type_, number, date, issuer, doc_id, path, fmt, mentions in found:
        report = out.setdefault(report_id, {"report_id": report_id, "title": title, "type": type_, "number": number,
                                            "date": date, "issuer": issuer, "files": []})
        report["files"].append({"doc_id": doc_id, "path": path, "format": fmt, "mentions": mentions})
    for report in out.values():
        report["files"].sort(key=rank)
        report["mentions"] = report["files"][0]["mentions"]
    return list(out.values())


def document(db, doc: str) -> str:
    """The id of the one document `doc` names (its id, an id prefix or its path); LookupError otherwise."""
    ids = [r[0] for r in db.execute("select id from documents where id like ? or path in (?, ?)",
                                    [doc + "%", doc, str(Path(doc).resolve())])]
    if not ids:  # a path as the user sees it, the KB holding it relative to elsewhere
        ids = [r[0] for r in db.execute("select id from documents where path like ?", ["%/" + Path(doc).name])]
    if len(ids) != 1:
        hint = ": give more of the id or the exact path" if ids else ""
        raise LookupError(f"{len(ids)} documents match {doc!r}{hint}")
    return ids[0]


def refs_of(db, doc: str) -> list[tuple]:
    """What one document (id, id prefix or path) cites: (key, type, date, issuer, mentions, first page, first line)."""
    ids = [document(db, doc)]
    found = db.execute(
        # SQLite takes the bare columns page and line from the row holding min(start): the first mention
        "select c.ref_key, r.type, r.date, r.issuer, count(*), c.page, c.line, min(c.start) from citations c "
        "join [references] r on r.key = c.ref_key where c.doc_id = ? group by c.ref_key order by min(c.start)",
        [ids[0]]).fetchall()
    return [row[:7] for row in found]


def top_cited(db, limit: int = 10) -> list[tuple[str, int, int]]:
    """(key, citing reports, mentions), most cited first, each report counted once."""
    return db.execute(
        f"select c.ref_key, count(distinct d.report_id), count(*) from citations c join documents d "
        f"on d.id = c.doc_id where {shown_file('d')} group by c.ref_key "
        "order by 2 desc, 3 desc, c.ref_key limit ?", [limit]).fetchall()


def links(db, keys: list[str]) -> dict[str, dict]:
    """The KB's documents these reference keys resolve to (citegraph.link): key -> doc_id, path, title, date."""
    found = db.execute(
        f"select r.key, d.id, d.path, d.title, d.date from [references] r join documents d on d.id = r.doc_id "
        f"where r.key in ({', '.join('?' * len(keys))})", keys).fetchall()
    return {key: {"doc_id": i, "path": p, "title": t, "date": d} for key, i, p, t, d in found}


def cited_by(db, doc: str) -> list[dict]:
    """The reports that cite the report one document (id, id prefix or path) is part of, newest first: the shown
    file of each, its title and date, the key it cites it by and its mentions."""
    report = db.execute("select report_id from documents where id = ?", [document(db, doc)]).fetchone()[0]
    found = db.execute(
        "select d.id, d.path, d.title, d.date, c.ref_key, count(*), min(c.line) from citations c "
        "join [references] r on r.key = c.ref_key join documents d on d.id = c.doc_id "
        f"where r.doc_id = ? and d.report_id != ? and {shown_file('d')} group by d.id, c.ref_key "
        "order by d.date is null, d.date desc, d.path", [report, report]).fetchall()
    return [dict(zip(("doc_id", "path", "title", "date", "key", "mentions", "line"), row, strict=True))
            for row in found]


SUPERSEDING = ("thay_the", "bai_bo")  # relations by which a document ends another


def superseded(db, doc: str) -> list[dict]:
    """What one document cites that another report in the KB replaces or repeals (and issued no later than the
    citing one, when both are dated): key, the superseding file, its date and the relation."""
    report, date = db.execute("select report_id, date from documents where id = ?", [document(db, doc)]).fetchone()
    found = db.execute(
        "select distinct c.ref_key, s.path, s.date, e.relation from citations c "
        "join citations e on e.ref_key = c.ref_key and e.relation in (?, ?) join documents s on s.id = e.doc_id "
        f"where c.doc_id in (select id from documents where report_id = ?) and s.report_id != ? and {shown_file('s')} "
        "and (? is null or s.date is null or s.date <= ?) order by c.ref_key, s.path",
        [*SUPERSEDING, report, report, date, date]).fetchall()
    return [dict(zip(("key", "path", "date", "relation"), row, strict=True)) for row in found]
