"""Canonical keys: one spelling per document number however the text damaged it.

"06/QĐ-TTG", "06/QĐ- TTg", "06/QĐ TTg" and "06/qđ_ttg" all become "06/QĐ-TTg"; party symbols keep
their slash ("57-NQ/TW"), legal normative ones their year ("69/2024/NĐ-CP").
"""

from __future__ import annotations

import regex

from . import grammar

PARTS = regex.compile(r"\s*[-–_]\s*|\s+")


def _code(part: str) -> str:
    return grammar.codes().get(part.upper(), part)


def _unglued(part: str) -> list[str]:
    """A type code glued to the next code by a copy that lost the hyphen ("QĐUBND", "NĐCP", "CTTTg") is two;
    only where both halves are known codes and the whole is not one."""
    known, types = grammar.codes(), grammar.type_of_code()
    upper = part.upper()
    if upper in known:
        return [part]
    cut = next((n for n in range(len(upper) - 1, 0, -1) if upper[:n] in types and upper[n:] in known), None)
    return [part[:cut], part[cut:]] if cut else [part]


def _dotted(part: str) -> list[str]:
    """A symbol's first code written with a dot for the hyphen ("01/1999/QĐ.UB") is two codes where it is a type code
    and a known code; later dots belong to a code ("TTr-TT.HĐND")."""
    halves = part.split(".")
    if len(halves) == 2 and halves[0].upper() in grammar.type_of_code() and halves[1].upper() in grammar.codes():
        return halves
    return [part]


def parts(symbol: str) -> list[str]:
    pieces = [p for p in PARTS.split(symbol.strip()) if p]
    pieces = [*_dotted(pieces[0]), *pieces[1:]] if pieces else pieces
    return [_code(q) for p in pieces for q in _unglued(p)]


def numbered_key(m: regex.Match) -> tuple[str, str, int | None]:
    """(key, symbol, year of a legal normative number) from a match of grammar.symbol_pattern()."""
    number = m.group("number")
    if m.group("legal"):
        symbol = "-".join(parts(m.group("legal")))
        return f"{number}/{m.group('year')}/{symbol}", symbol, int(m.group("year"))
    if m.group("party"):
        symbol = f"{_code(m.group('ptype'))}/{'-'.join(parts(m.group('party')))}"
        return f"{number}-{symbol}", symbol, None
    codes = parts(m.group("admin"))
    if len(codes) == 2 and codes[0].upper() in grammar.type_of_code() and codes[1].upper() in grammar.party_codes():
        symbol = "/".join(codes)  # "49/NQ-TW": a party resolution misprinted in the government's shape
        return f"{number}-{symbol}", symbol, None
    symbol = "-".join(codes)
    return f"{number}/{symbol}", symbol, None


def implied_issuer(symbol: str) -> str | None:
    """The body a symbol names: after the type code (QĐ-TTg), first (UBND-NC), last (NĐ-CP, QH15), after '/' (NQ/TW)."""
    known = grammar.issuers()
    if "/" in symbol:  # party: number-TYPE/ISSUER
        candidates = [symbol.split("/", 1)[1].split("-")[0]]
    else:
        codes = symbol.split("-")
        is_type = codes[0].upper() in grammar.type_of_code()
        first = codes[1] if is_type and len(codes) > 1 else codes[0]
        candidates = [first, codes[-1], regex.sub(r"\d+$", "", codes[-1])]
    for code in candidates:
        if code.upper() in known:
            return known[code.upper()]
    return None


def type_of_symbol(symbol: str) -> str | None:
    first = regex.split(r"[-/]", symbol)[0]
    return grammar.type_of_code().get(first.upper())
