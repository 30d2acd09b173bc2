"""Figures: every quantity in the text with its unit or counted noun, approximation and place.

Dates, periods, document numbers, section numbers, article numbers and phone numbers are not figures:
their spans are masked before numbers are read.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex

from ..references.grammar import not_citations
from ..rules import alternation, table
from .numbers import numbers

# one pattern each: the regex module scans for each one's literal start quickly, but not for their alternation
# (all of them as one pattern took 15 ms on a 40 KB report, one by one 1.5 ms)
NOT_FIGURES = tuple(regex.compile(p) for p in (
    r"\d{1,2}\s?/\s?\d{1,2}\s?/\s?\d{2,4}",  # 06/01/2022
    r"(?<![\d.,])\d{1,2}:\d{2}(?![\d.,])",  # 18:23, a time
    r"(?i:ngày)\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}",
    r"(?i:tháng)\s+\d{1,2}(?:\s?/\s?\d{4})?",
    r"(?i:quý)\s+[IVX1-4]+\s?/\s?\d{4}",
    r"(?i:năm)\s+\d{4}",
    r"\d{4}\s?[-–]\s?\d{4}",
    r"(?i:giai đoạn)\s+\d{4}",
    r"(?i:ngày)\s+\d{1,2}(?:\s?/\s?\d{1,2})?(?!\d)",  # "trước ngày 15 hằng tháng", "ngày 15/6"
    r"(?:Điều|khoản|Khoản|điểm|Phụ lục|Mục|Chương|Phần)\s+\d+(?:\s*(?:,|và|-)\s*\d+)*",
    r"(?m:^[ \t]*(?:[IVX]+|\d{1,2}(?:\.\d{1,2})*)[.)])",
    r"\(\d{1,2}\)",
    r"(?<![\p{L}\p{N}])[a-zđ]\)",
    r"(?<!\d)0\d{9,10}(?!\d)|(?<!\d)0\d{2,3}[ .]\d{3}[ .]\d{3,4}(?!\d)",  # phone numbers
    # numbers of documents are references; a run of digits is tried from its start only (linear time)
    r"(?<!\d)\d++\s?/\s?(?:\d++\s?/\s?)?\p{Lu}|(?<!\d)\d++\s?-\s?\p{Lu}++\s?/",
))


@dataclass(frozen=True)
class Figure:
    value: Decimal
    decimals: int
    unit: str | None
    kind: str | None  # percent | money | count | measure
    approx: str | None  # above | below | about, from "hơn", "gần", "khoảng" …
    start: int
    end: int  # the number and its unit
    percent_kind: str | None = None  # a percentage's kind (percent.KINDS), set once its claims are known


@lru_cache(maxsize=1)
def _units() -> tuple[regex.Pattern, dict[str, tuple[str, str]]]:
    rows = table("units")
    by_lower = {r["unit"].lower(): (r["unit"], r["kind"]) for r in rows}
    return regex.compile(rf"\G\s?(?i:({alternation(by_lower)}))(?![\p{{L}}\p{{N}}])"), by_lower


@lru_cache(maxsize=1)
def _approximations() -> tuple[regex.Pattern, dict[str, str]]:
    rows = table("approximations")
    words = {r["word"]: r["direction"] for r in rows}
    return regex.compile(rf"(?<![\p{{L}}])(?i:({alternation(words)}))\s+(?:(?:tỷ lệ|con số|mức)\s+)?$"), words


def masked(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans that hold no figure: the given ones (e.g. citations), dates, sections, phone numbers and
    programme names ("Đề án 06")."""
    found = [(m.start(), m.end()) for p in (*NOT_FIGURES, not_citations()) for m in p.finditer(text)]
    return sorted(spans + found)


def find(text: str, skip: list[tuple[int, int]] = ()) -> list[Figure]:
    units, by_lower = _units()
    approx, directions = _approximations()
    blocked = masked(text, list(skip))
    out, k = [], 0
    for n in numbers(text):
        while k < len(blocked) and blocked[k][1] <= n.start:
            k += 1
        if k < len(blocked) and blocked[k][0] < n.end:
            continue
        u = units.match(text, n.end, n.end + 40)
        unit, kind = by_lower[u.group(1).lower()] if u else (None, None)
        if unit is None and n.decimals == 0 and 1900 <= n.value <= 2100 and text[n.start:n.end].isdigit():
            continue  # a year ("năm 2022", "2021/2022"), not a quantity
        a = approx.search(text, max(0, n.start - 20), n.start)
        out.append(Figure(n.value, n.decimals, unit, kind, directions.get(a.group(1).lower()) if a else None,
                          n.start, u.end() if u else n.end))
    return out

