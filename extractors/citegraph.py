"""The citation graph in the KB: which documents cite which, queried both ways and exported.

references: one row per distinct cited document (keyed by its canonical key); citations: one row
per mention, with the citing document, the place and the citing sentence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape as _escape

import regex

from . import sql
from .pipeline import Extraction
from .references import query as q
from .references.model import FACTS
from .references.query import loose
from .rules import levels


def escape(s: str) -> str:
    return _escape(s, {'"': "&quot;"})


SENTENCE_END = regex.compile(r"(?<=[.;:!?])\s+(?=\p{Lu}|[-+*•(])|\n")


def sentence(text: str, start: int, end: int, limit: int = 400) -> str:
    """The sentence around a mention (to the nearest sentence or line break, at most `limit` characters)."""
    a = max((m.end() for m in SENTENCE_END.finditer(text, max(0, start - limit), start)), default=max(0, start - limit))
    b = next((m.start() for m in SENTENCE_END.finditer(text, end, end + limit)), min(len(text), end + limit))
    return " ".join(text[a:b].split())


def rows(ex: Extraction, doc_id: str) -> tuple[list[dict], list[dict]]:
    """(references rows, citations rows) of one extraction."""
    refs, cites = [], []
    for ref in ex.references:
        aliases = json.dumps(list(ref.aliases), ensure_ascii=False)
        refs.append({"key": ref.key, "loose": loose(ref.key), "aliases": aliases,
                     **{f: getattr(ref, f) for f in ("kind", *FACTS)}})
        for m in ref.mentions:
            place = ex.text.place(m.start, m.end).as_dict()
            cites.append({"doc_id": doc_id, "ref_key": ref.key, "sentence": sentence(ex.text.text, m.start, m.end),
                          **place})
    return refs, cites


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


def graph(db, fmt: str = "graphml") -> str:
    """The whole citation graph: documents and references as nodes, one edge per citing pair (weight = mentions)."""
    docs = db.execute("select id, path from documents order by path").fetchall()
    refs = db.execute("select key, type from [references] order by key").fetchall()
    edges = db.execute("select doc_id, ref_key, count(*) from citations group by 1, 2 order by 1, 2").fetchall()
    if fmt == "dot":
        out = ["digraph citations {", "  rankdir=LR;"]
        out += [f'  "{i}" [label={json.dumps(p, ensure_ascii=False)}, shape=box];' for i, p in docs]
        out += [f'  {json.dumps(k, ensure_ascii=False)} [shape=ellipse];' for k, _ in refs]
        out += [f'  "{d}" -> {json.dumps(k, ensure_ascii=False)} [weight={n}];' for d, k, n in edges]
        return "\n".join(out + ["}"]) + "\n"
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
           '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
           '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
           '  <key id="mentions" for="edge" attr.name="mentions" attr.type="int"/>',
           '  <graph id="citations" edgedefault="directed">']
    out += [f'    <node id="doc:{i}"><data key="label">{escape(p)}</data><data key="kind">document</data></node>'
            for i, p in docs]
    out += [f'    <node id="ref:{escape(k)}"><data key="label">{escape(k)}</data>'
            f'<data key="kind">{escape(t or "")}</data></node>' for k, t in refs]
    out += [f'    <edge source="doc:{d}" target="ref:{escape(k)}"><data key="mentions">{n}</data></edge>'
            for d, k, n in edges]
    return "\n".join(out + ["  </graph>", "</graphml>"]) + "\n"
