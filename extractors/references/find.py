"""Find every citation in a clean text, with what each one says: date, issuer, subject, alias."""

from __future__ import annotations

from dataclasses import replace
from datetime import date as Date

import regex

from ..spans import Taken
from . import grammar
from .key import implied_issuer, numbered_key, type_of_symbol
from .model import Citation

# How far after a number its date, issuer, subject and alias may reach. Every match is bounded by it:
# the regex module looks for a pattern's required literal ("ngày", "của") up to `endpos`, so an
# unbounded match costs the length of the text, and a text of many citations goes quadratic.
WINDOW = 600
OWN_NUMBER = regex.compile(r"\bSố\s*:?\s*$")  # "Số: 19/BC-…" heads the document itself; citations say "số"


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        return Date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _date_of(m: regex.Match) -> str | None:
    """A DATE or DATE_BEFORE match, numeric ("06/01/2022") or long ("ngày 14 tháng 5 năm 2016")."""
    return _iso(m["y"], m["m"], m["d"]) if m["y"] else _iso(m["y2"], m["m2"], m["d2"])


def _year(issued: str | None) -> int | None:
    return int(issued[:4]) if issued else None


def _date_before(text: str, start: int) -> str | None:
    m = grammar.DATE_BEFORE.search(text, max(0, start - 130), start)
    return _date_of(m) if m else None


def _details(text: str, pos: int, start: int) -> tuple[int, dict]:
    """Date, issuer, subject and alias after a number, in the order texts give them; else a date
    that opens the citation's clause."""
    found: dict = {}
    for name, pattern in (("date", grammar.DATE), ("issuer", grammar.ISSUER), ("date", grammar.DATE),
                          ("subject", grammar.subject_pattern()), ("alias", grammar.ALIAS)):
        if name in found:
            continue
        m = pattern.match(text, pos, pos + WINDOW)
        if not m:
            continue
        if name == "date":
            found["date"] = _date_of(m)
        else:
            found[name] = " ".join(m[name].split()).rstrip(" ,")
        pos = m.end()
    if "date" not in found:
        found["date"] = _date_before(text, start)
    return pos, found


def _numbered(text: str, m: regex.Match, start: int, type_word: str | None, has_so: bool) -> tuple[int, Citation]:
    key, symbol, legal_year = numbered_key(m)
    tail, found = _details(text, m.end(), start)
    issued = found.get("date")
    return tail, Citation(
        start, m.end(), "numbered", key, type_word or type_of_symbol(symbol), m["number"], symbol,
        legal_year or _year(issued), issued,
        found.get("issuer") or implied_issuer(symbol), found.get("subject"), found.get("alias"), has_so,
    )


def _shared_type(text: str, pos: int, type_word: str | None, out: list[Citation], taken: Taken) -> None:
    """Numbers that share the type word of the citation before them: "… số 1552/… và 708/…"."""
    pattern = grammar.bare_symbol()
    while (gap := grammar.LIST_GAP.match(text, pos, pos + WINDOW)) and (
            m := pattern.match(text, gap.end(), gap.end() + WINDOW)):
        pos, citation = _numbered(text, m, m.start(), type_word, False)
        out.append(citation)
        taken.append((citation.start, citation.end))


def _law(text: str, m: regex.Match) -> Citation:
    """A law by name; with its number, a numbered citation that carries the name as an alias, so that
    the name alone elsewhere resolves to the number."""
    written = grammar.modern_tones(" ".join((m["listed"] or m["unlisted"]).split()))
    name = grammar.law_names().get(written.lower(), written[0].upper() + written[1:])
    kind, issuer = grammar.law_facts().get(name, ("", ""))
    kind, issuer = kind or ("Bộ luật" if name.lower().startswith("bộ luật") else "Luật"), issuer or "Quốc hội"
    if m["number"]:
        _, citation = _numbered(text, m, m.start(), kind, False)
        return replace(citation, alias=name)
    _, found = _details(text, m.end(), m.start())
    issued = found.get("date")
    year = int(m["lyear"]) if m["lyear"] else _year(issued)
    return Citation(m.start(), m.end(), "named", name, kind, None, None, year, issued, issuer)


def find(text: str) -> list[Citation]:
    """All citations, in text order. Short forms are left for resolve() to attach."""
    out: list[Citation] = []
    taken = Taken()
    for m in grammar.not_citations().finditer(text):
        if taken.free(m.start(), m.end()):
            taken.append((m.start(), m.end()))
    free = taken.free

    for m in grammar.citation().finditer(text):
        if not free(m.start(), m.end()):
            continue
        type_word = grammar.type_words()[m["type"].lower()]
        has_so = "số" in m["so"]
        if m["bare"]:  # a short form: kept for resolve(), holding no span ("pháp luật năm 2015" is no citation)
            if not (has_so or m["type"][0].isupper()):
                continue
            found = _details(text, m.end(), m.start())[1] if has_so else {}
            issued = found.get("date")
            out.append(short := Citation(m.start(), m.end(), "short", None, type_word, m["bare"], None,
                                         _year(issued), issued, found.get("issuer"),
                                         found.get("subject"), found.get("alias"), has_so))
            pos = m.end()
            while has_so and (more := grammar.MORE_NUMBERS.match(text, pos, pos + 40)):
                out.append(replace(short, start=more.start("bare"), end=more.end(), number=more["bare"], date=None,
                                   year=None, issuer=None, subject=None, alias=None))
                pos = more.end()
            continue
        tail, citation = _numbered(text, m, m.start(), type_word, has_so)
        out.append(citation)
        taken.append((m.start(), m.end()))
        _shared_type(text, tail, type_word, out, taken)
    for m in grammar.law_name().finditer(text):  # before bare numbers: "Luật Căn cước số 26/2023/QH15" is one
        if free(m.start(), m.end()):
            out.append(law := _law(text, m))
            taken.append((m.start(), m.end()))
            if m["lyear"] and not m["number"]:
                pos = m.end()
                while more := grammar.MORE_YEARS.match(text, pos, pos + 40):
                    out.append(replace(law, start=more.start("year"), end=more.end(), year=int(more["year"]),
                                       date=None))
                    taken.append((more.start("year"), more.end()))
                    pos = more.end()
            # an amending law names the laws it amends: "Luật sửa đổi, … của Luật Tổ chức Chính phủ và …"
            name_end = m.end("unlisted") if m["unlisted"] else m.end()
            out.extend(_law(text, inner) for inner in grammar.law_name().finditer(text, m.start() + 1, name_end))
    for m in grammar.party_name().finditer(text):
        if free(m.start(), m.end()):
            kind, issuer = grammar.party_facts()[" ".join(m["opens"].split()).lower()]
            name = grammar.modern_tones(" ".join(m[0].split()))
            out.append(Citation(m.start(), m.end(), "named", name, kind, None, None, None, None, issuer))
            taken.append((m.start(), m.end()))
    for m in grammar.bare_symbol().finditer(text):
        if free(m.start(), m.end()) and not OWN_NUMBER.search(text, max(0, m.start() - 20), m.start()):
            _, citation = _numbered(text, m, m.start(), None, False)
            out.append(citation)
            taken.append((m.start(), m.end()))
    return sorted(out, key=lambda c: c.start)
