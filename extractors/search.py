"""Search people can use, for `vanban search` and the web view's search page alike.

A query is first read as a citation (the references grammar's key functions and `citegraph.candidates`, with the
short forms people type: "ct 24 ttg", "CT24", "Đề án 06", "luat can cuoc 2023"); the reports citing what it names
come first, each with the mention highlighted. Then every report holding the words, ranked: the words as a phrase
first, then near one another, then anywhere, and by bm25 (FTS5's ranking over the folded text) within each. Each
result is a report with its files, the snippet of its first match with the words marked, that place's page and
line, and how many times the report holds the match. Results are grouped by report through `filed()` alone.
"""

from __future__ import annotations

import difflib
import json
from bisect import bisect_right
from dataclasses import asdict, dataclass, field
from functools import cache

import regex

from . import citegraph
from .fold import fold
from .references.grammar import codes, type_of_code, type_words
from .references.key import parts
from .references.query import loose
from .rules import table

SNIPPET = 70  # characters of context on each side of a match
NEAR = 10  # words: how close "near one another" is
PHRASE, CLOSE, ANYWHERE = 0, 1, 2  # how a report holds the words, best first
# the file of a report that shows its match: the one with pages first (a PDF can be shown as page images)
FORMATS = ("pdf", "docx", "doc", "odt", "rtf", "xlsx", "xls", "txt")
YEAR = regex.compile(r"(?:19|20)\d\d")


def filed(db) -> str:
    """The one place results are grouped by report: a `with` clause naming `filed` (doc_id, report, path, format,
    title, doc_type, number, date, issuer). A file is its own report until the KB has `documents.report_id` (and
    `reports`, where a report's facts are kept once)."""
    columns = {r[1] for r in db.execute("pragma table_info(documents)").fetchall()}
    if "report_id" in columns:
        return ("with filed as (select d.id as doc_id, coalesce(d.report_id, d.id) as report, d.path, d.format, "
                "coalesce(r.title, d.title) as title, coalesce(r.type, d.doc_type) as doc_type, "
                "coalesce(r.number, d.number) as number, coalesce(r.date, d.date) as date, "
                "coalesce(r.issuer, d.issuer) as issuer "
                "from documents d left join reports r on r.report_id = d.report_id)")
    return ("with filed as (select id as doc_id, id as report, path, format, title, doc_type, number, date, issuer "
            "from documents)")


@dataclass(frozen=True)
class Candidate:
    """A cited document the query may name, with how much the KB cites it."""

    key: str
    type: str | None
    date: str | None
    issuer: str | None
    mentions: int
    reports: int

    def line(self) -> str:
        facts = "  ".join(f for f in (self.type, self.date, self.issuer) if f)
        return f"{self.key}  {facts} — {self.reports} {'report' if self.reports == 1 else 'reports'}, " \
               f"{self.mentions} {'mention' if self.mentions == 1 else 'mentions'}"


@dataclass(frozen=True)
class File:
    doc_id: str
    path: str
    format: str


@dataclass(frozen=True)
class Hit:
    """One report found: its facts, its files, and where it matches (in `path`, the file shown)."""

    report: str
    title: str | None
    doc_type: str | None
    number: str | None
    date: str | None
    issuer: str | None
    doc_id: str
    path: str
    page: int | None
    line: int
    start: int  # clean-text span of the match shown (the document page marks it)
    end: int
    snippet: str
    marks: tuple[tuple[int, int], ...]  # spans of the snippet to highlight
    hits: int  # times the report's file holds the match (the mentions, for a citing report)
    cites: str | None  # the key it cites, when found as citing the query's reference
    files: tuple[File, ...]

    def pieces(self) -> list[tuple[str, bool]]:
        """The snippet as (text, highlighted) pieces."""
        out, at = [], 0
        for a, b in self.marks:
            out += [(self.snippet[at:a], False), (self.snippet[a:b], True)]
            at = b
        return [p for p in [*out, (self.snippet[at:], False)] if p[0]]


@dataclass(frozen=True)
class Answer:
    query: str
    citation: list[Candidate]  # what the query names as a citation: one, or several when ambiguous
    suggestions: list[Candidate]  # closest references, when a citation-shaped query names none
    hits: list[Hit]
    total: int  # reports found, before the limit
    citing: int = 0  # of them, the reports citing the one reference the query names
    words: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.citation or self.hits)

    def as_dict(self) -> dict:
        return {"query": self.query, "citation": [asdict(c) for c in self.citation],
                "suggestions": [asdict(c) for c in self.suggestions], "total": self.total, "citing": self.citing,
                "shown": len(self.hits), "results": [asdict(h) for h in self.hits]}

    def as_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)


# -- the query read as a citation ---------------------------------------------------------------------------------


@cache
def _short_forms() -> dict[str, str]:
    """Folded short form or type word -> canonical type word: rules/query_words.tsv and rules/doc_types.tsv."""
    words = {fold(w): t for w, t in type_words().items()}
    return words | {r["typed"]: r["means"] for r in table("query_words")}


@cache
def _code_of_type() -> dict[str, str]:
    return {word: code for code, word in type_of_code().items()}


@dataclass(frozen=True)
class Shape:
    """What a loosely typed citation holds: its type, number, the codes of its symbol, a year."""

    type: str | None
    number: str | None
    codes: tuple[str, ...]
    year: str | None

    def key(self) -> str | None:
        """The canonical key these parts spell ("24/CT-TTg"), when they hold a symbol."""
        if not (self.number and self.codes):
            return None
        type_code = _code_of_type().get(self.type or "")
        symbol = self.codes if not type_code or fold(self.codes[0]) == fold(type_code) else (type_code, *self.codes)
        return f"{self.number}/{'-'.join(parts('-'.join(symbol)))}"


def shape(query: str) -> Shape | None:
    """The query's parts when it is all citation: a type word or short form, one number, known codes, a year
    ("ct 24 ttg", "CT24", "CT-TTg 24", "24/CT", "24/CT-TTg 2025"); None when it holds other words."""
    tokens = regex.findall(r"\p{L}+|\d+", fold(query))
    known = {fold(c): c for c in codes()}
    type_, number, found, year = None, None, [], None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        two = " ".join(tokens[i: i + 2])
        if type_ is None and two in _short_forms():
            type_, i = _short_forms()[two], i + 2
            continue
        if token.isdigit():
            if number and YEAR.fullmatch(token):
                year = token
            elif number:
                return None
            else:
                number = token
        elif token in ("so", "nam"):
            pass
        elif type_ is None and token in _short_forms() and (not found or token not in known):
            type_ = _short_forms()[token]
        elif token in known:
            found.append(known[token])
            type_ = type_ or type_of_code().get(known[token].upper())
        else:
            return None
        i += 1
    return Shape(type_, number, tuple(found), year) if number and (type_ or found) else None


def _law_and_year(query: str) -> tuple[str, str] | None:
    """("luat can cuoc", "2023") from a law's name typed with its year."""
    m = regex.fullmatch(r"(\D+?)\s*(?:nam\s+)?((?:19|20)\d\d)", " ".join(fold(query).split()))
    return (m[1], m[2]) if m and m[1].split()[0] in ("luat", "bo", "hien", "phap") else None


def _aliases(db, query: str) -> list[str]:
    """Keys recorded with the query as an alias ("Đề án 06" for 06/QĐ-TTg); a bare type word ("Đề án") names none."""
    typed = loose(query)
    if fold(" ".join(query.split())) in _short_forms():
        return []
    rows = db.execute("select key, aliases from [references] where aliases not in ('', '[]')").fetchall()
    return [key for key, aliases in rows if typed in {loose(a) for a in json.loads(aliases)}]


def _kept(db, keys: list[str], type_: str | None, year: str | None) -> list[str]:
    """The keys of the type the query names, and of its year where any is (a year after a full key that the KB
    dates otherwise is not held against it); a reference whose type or year is unknown is kept."""
    if not keys:
        return keys
    rows = db.execute(f"select key, type, year, date from [references] where key in ({', '.join('?' * len(keys))})",
                      keys).fetchall()
    facts = {key: (t, str(y) if y else (d or "")[:4]) for key, t, y, d in rows}
    typed = [k for k in keys if not type_ or not facts[k][0] or loose(facts[k][0]) == loose(type_)]
    return [k for k in typed if not year or not facts[k][1] or facts[k][1] == year] or typed


def named(db, query: str) -> tuple[list[str], bool]:
    """(keys the query may name as a citation, whether it is shaped like one)."""
    if keys := _aliases(db, query):
        return keys, True
    found = shape(query)
    law = _law_and_year(query)
    keys = [r[0] for r in db.execute("select key from [references] where loose = ?", [loose(found.key())])] \
        if found and found.key() else []
    if not keys:
        keys = citegraph.candidates(db, query)
    if not keys and found:
        keys = citegraph.candidates(db, f"{found.type or ''} {found.number}".strip())
    if not keys and law:
        keys = citegraph.candidates(db, law[0])
    year = found.year if found else law[1] if law else None
    return _kept(db, keys, found.type if found else None, year), bool(keys or found or law)


def candidates(db, keys: list[str]) -> list[Candidate]:
    """The references under these keys with their counts, the most cited first."""
    if not keys:
        return []
    rows = db.execute(
        f"{filed(db)} select r.key, r.type, r.date, r.issuer, count(c.ref_key), count(distinct f.report) "
        "from [references] r left join citations c on c.ref_key = r.key left join filed f on f.doc_id = c.doc_id "
        f"where r.key in ({', '.join('?' * len(keys))}) group by r.key order by 6 desc, 5 desc, r.key", keys).fetchall()
    return [Candidate(*row) for row in rows]


def _suggestions(db, query: str) -> list[Candidate]:
    """References close to a citation-shaped query that names none: the same number, or a key spelled alike."""
    found = shape(query)
    typed = loose(found.key() or query) if found else loose(query)
    keys = [r[0] for r in db.execute("select key from [references] where ltrim(number, '0') = ?",
                                     [(found.number if found else "").lstrip("0") or "-"])]
    looseness = {r[1]: r[0] for r in db.execute("select key, loose from [references]")}
    keys += [looseness[k] for k in difflib.get_close_matches(typed, list(looseness), n=5, cutoff=0.75)]
    return candidates(db, list(dict.fromkeys(keys)))[:8]


# -- the words --------------------------------------------------------------------------------------------------


def words(query: str) -> list[str]:
    """The query's words, folded; a word typed with a trailing * stands for every word it begins."""
    return regex.findall(r"\w+\*?", fold(" ".join(query.split())))


def fts_queries(query: str) -> dict[int, str]:
    """The FTS5 expressions for each way of holding the words: quoted, the phrase only; otherwise the phrase, the
    words near one another, the words anywhere."""
    found = words(query)
    if not found:
        return {}
    terms = [f'"{w.rstrip("*")}"' + ("*" if w.endswith("*") else "") for w in found]
    phrase = '"' + " ".join(w.rstrip("*") for w in found) + '"' if not any(w.endswith("*") for w in found) else \
        " + ".join(terms)
    if query.strip().startswith('"') or len(found) == 1:
        return {PHRASE: phrase}
    return {PHRASE: phrase, CLOSE: f"NEAR({' '.join(terms)}, {NEAR})", ANYWHERE: " ".join(terms)}


def _pattern(found: list[str], together: bool) -> regex.Pattern:
    """Where the words stand in folded text: as a phrase (any spacing or punctuation between), or each one."""
    each = [regex.escape(w.rstrip("*")) + (r"\w*" if w.endswith("*") else "") for w in found]
    if together:
        return regex.compile(r"(?<!\w)" + r"\W+".join(each) + r"(?!\w)")
    return regex.compile(r"(?<!\w)(?:" + "|".join(each) + r")(?!\w)")


def excerpt(text: str, folded: str, found: list[str]) -> tuple[int, int, list[tuple[int, int]]]:
    """(offset of the match shown, how many times the text holds it, the spans to mark) for the words: their first
    phrase; else where the most of them stand within a snippet's width; else nothing (offset 0)."""
    phrases = list(_pattern(found, True).finditer(folded)) if found else []
    if phrases:
        return phrases[0].start(), len(phrases), [m.span() for m in phrases]
    each = list(_pattern(found, False).finditer(folded)) if found else []
    if not each:
        return 0, 0, []
    best, best_words = each[0], 0
    for m in each:
        near = {folded[n.start():n.end()] for n in each if abs(n.start() - m.start()) <= SNIPPET}
        if len(near) > best_words:
            best, best_words = m, len(near)
    counts = {}
    for m in each:
        counts[m.group()] = counts.get(m.group(), 0) + 1
    return best.start(), min(counts.values()), [m.span() for m in each]


def snippet(text: str, at: int, spans: list[tuple[int, int]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The whole words around offset `at` on one line (line breaks as spaces, so offsets stay), with the spans that
    fall in it, relative to it."""
    a, b = max(0, at - SNIPPET), min(len(text), at + 2 * SNIPPET)
    b = max([b, *(e for s, e in spans if s < b < e)])  # a mark is not cut
    a = text.rfind(" ", 0, a) + 1 if a else 0
    b = len(text) if text.find(" ", b) == -1 else text.find(" ", b)
    marks = tuple((max(s, a) - a, min(e, b) - a) for s, e in sorted(spans) if s < b and e > a)
    return regex.sub(r"\s", " ", text[a:b]), marks


def _place(db, doc_id: str, offset: int) -> tuple[int | None, int]:
    rows = db.execute("select start, page, line from text_lines where doc_id = ? order by start", [doc_id]).fetchall()
    i = max(0, bisect_right([r[0] for r in rows], offset) - 1)
    return (rows[i][1], rows[i][2]) if rows else (None, 1)


# -- putting it together ----------------------------------------------------------------------------------------


def _reports(rows: list[tuple]) -> dict[str, list[tuple]]:
    """Rows (report, doc_id, format, …) grouped by report, in their order, the file shown first in each."""
    grouped: dict[str, list[tuple]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    order = {f: i for i, f in enumerate(FORMATS)}
    return {r: sorted(found, key=lambda row: order.get(row[2], len(order))) for r, found in grouped.items()}


def _files(db, report: str) -> tuple[File, ...]:
    rows = db.execute(f"{filed(db)} select doc_id, path, format from filed where report = ? order by path",
                      [report]).fetchall()
    return tuple(File(*row) for row in rows)


def _hit(db, report: str, doc_id: str, at: int, count: int, spans: list[tuple[int, int]], cites: str | None) -> Hit:
    facts = tuple(db.execute(f"{filed(db)} select path, title, doc_type, number, date, issuer from filed "
                             "where doc_id = ?", [doc_id]).fetchone())
    text = db.execute("select text from texts where doc_id = ?", [doc_id]).fetchone()[0]
    shown, marks = snippet(text, at, spans)
    page, line = _place(db, doc_id, at)
    end = next((e for s, e in spans if s == at), at)
    return Hit(report, *facts[1:], doc_id, facts[0], page, line, at, end, shown, marks, count, cites,
               _files(db, report))


def search(db, query: str, limit: int | None = 20) -> Answer:
    """Everything the KB answers to `query` (at most `limit` reports; None: all). `db` is a sqlite3 connection or
    a sqlite_utils Database on the KB."""
    keys, citation_shaped = named(db, query)
    shown = keys if len(keys) == 1 or citegraph.one_law(keys) else []
    found = words(query)
    hits: list[Hit] = []
    seen: set[str] = set()
    room = (lambda: True) if limit is None else (lambda: len(hits) < limit)
    citing = 0
    if shown:
        rows = db.execute(
            f"{filed(db)} select f.report, f.doc_id, f.format, count(*), min(c.start), c.ref_key "
            "from citations c join filed f on f.doc_id = c.doc_id "
            f"where c.ref_key in ({', '.join('?' * len(shown))}) group by f.doc_id "
            "order by f.date is null, f.date desc, 4 desc, f.path", shown).fetchall()
        grouped = _reports(rows)
        citing = len(grouped)
        for report, (best, *_) in grouped.items():
            seen.add(report)
            if room():
                _, doc_id, _, count, _, key = best
                mentions = [tuple(m) for m in db.execute("select start, end from citations where doc_id = ? and "
                                                         "ref_key = ? order by start", [doc_id, key])]
                hits.append(_hit(db, report, doc_id, mentions[0][0], count, mentions, key))
    expressions = fts_queries(query)
    ranked = []
    if expressions:
        union = " union all ".join(
            f"select t.doc_id, {tier} as tier, texts_fts.rank as score from texts_fts "
            f"join texts t on t.rowid = texts_fts.rowid where texts_fts match ?" for tier in expressions)
        ranked = db.execute(
            f"{filed(db)}, found as ({union}), best as (select doc_id, min(tier) as tier, min(score) as score "
            "from found group by doc_id) select f.report, f.doc_id, f.format, b.tier, b.score from best b "
            "join filed f on f.doc_id = b.doc_id order by b.tier, b.score, f.path",
            list(expressions.values())).fetchall()
    grouped = {r: rows for r, rows in _reports(ranked).items() if r not in seen}
    for report, (best, *_) in grouped.items():
        if not room():
            break
        doc_id = best[1]
        text, folded = db.execute("select text, folded from texts where doc_id = ?", [doc_id]).fetchone()
        at, count, spans = excerpt(text, folded, found)
        hits.append(_hit(db, report, doc_id, at, count, spans, None))
    suggestions = _suggestions(db, query) if citation_shaped and not keys else []
    return Answer(query, candidates(db, keys), suggestions, hits, citing + len(grouped), citing, found)
