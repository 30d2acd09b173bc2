"""Find every citation in a clean text, with what each one says: date, issuer, subject, alias."""

from __future__ import annotations

from datetime import date as Date

import regex

from . import grammar
from .key import implied_issuer, numbered_key, type_of_symbol
from .model import Citation

OWN_NUMBER = regex.compile(r"\bSố\s*:?\s*$")  # "Số: 19/BC-…" heads the document itself; citations say "số"


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        return Date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _date_before(text: str, start: int) -> str | None:
    m = grammar.DATE_BEFORE.search(text, max(0, start - 130), start)
    if not m:
        return None
    return _iso(m["y"], m["m"], m["d"]) if m["y"] else _iso(m["y2"], m["m2"], m["d2"])


def _details(text: str, pos: int, start: int) -> tuple[int, dict]:
    """Date, issuer, subject and alias after a number, in the order texts give them; else a date
    that opens the citation's clause."""
    found: dict = {}
    for name, pattern in (("date", grammar.DATE), ("issuer", grammar.ISSUER), ("date", grammar.DATE),
                          ("subject", grammar.subject_pattern()), ("alias", grammar.ALIAS)):
        if name in found:
            continue
        m = pattern.match(text, pos)
        if not m:
            continue
        if name == "date":
            found["date"] = _iso(m["y"], m["m"], m["d"]) if m["y"] else _iso(m["y2"], m["m2"], m["d2"])
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
        legal_year or (int(issued[:4]) if issued else None), issued,
        found.get("issuer") or implied_issuer(symbol), found.get("subject"), found.get("alias"), has_so,
    )


def _shared_type(text: str, pos: int, type_word: str | None, out: list[Citation], taken: list[tuple[int, int]]) -> None:
    """Numbers that share the type word of the citation before them: "… số 1552/… và 708/…"."""
    pattern = grammar.bare_symbol()
    while (gap := grammar.LIST_GAP.match(text, pos)) and (m := pattern.match(text, gap.end())):
        pos, citation = _numbered(text, m, m.start(), type_word, False)
        out.append(citation)
        taken.append((citation.start, citation.end))


def find(text: str) -> list[Citation]:
    """All citations, in text order. Short forms are left for resolve() to attach."""
    out: list[Citation] = []
    taken: list[tuple[int, int]] = [(m.start(), m.end()) for m in grammar.not_citations().finditer(text)]

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in grammar.citation().finditer(text):
        if not free(m.start(), m.end()):
            continue
        type_word = grammar.type_words()[m["type"].lower()]
        has_so = "số" in m["so"]
        if m["bare"]:
            found = _details(text, m.end(), m.start())[1] if has_so else {}
            issued = found.get("date")
            out.append(Citation(m.start(), m.end(), "short", None, type_word, m["bare"], None,
                                int(issued[:4]) if issued else None, issued, found.get("issuer"),
                                found.get("subject"), found.get("alias"), has_so))
            taken.append((m.start(), m.end()))
            continue
        tail, citation = _numbered(text, m, m.start(), type_word, has_so)
        out.append(citation)
        taken.append((m.start(), m.end()))
        _shared_type(text, tail, type_word, out, taken)
    for m in grammar.bare_symbol().finditer(text):
        if free(m.start(), m.end()) and not OWN_NUMBER.search(text, max(0, m.start() - 20), m.start()):
            _, citation = _numbered(text, m, m.start(), None, False)
            out.append(citation)
            taken.append((m.start(), m.end()))
    for m in grammar.law_name().finditer(text):
        if free(m.start(), m.end()):
            name = " ".join((m["listed"] or m["unlisted"]).split())
            year = int(m["year"]) if m["year"] else None
            out.append(Citation(m.start(), m.end(), "named", name, name.split()[0] if name.startswith("Luật") else
                                " ".join(name.split()[:2]), None, None, year, None, "Quốc hội"))
            taken.append((m.start(), m.end()))
    return sorted(out, key=lambda c: c.start)
