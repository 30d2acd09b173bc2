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
    r"(?i:(?<!\p{L})mức(?:\s+độ)?)\s+\d(?!\d)(?:\s*(?:,|và|-)\s*\d(?!\d))*",  # "mức độ 1, 2", a level's name
    r"(?m:^[ \t]*(?:[IVX]+|\d{1,2}(?:\.\d{1,2})*)[.)])",
    r"\(\d{1,2}\)",
    r"(?<![\p{L}\p{N}])[a-zđ]\)",
    r"(?<!\d)0\d{9,10}(?!\d)|(?<![\d.,])0\d{2,3}[ .]\d{3}[ .]\d{3,4}(?!\d)",  # phone numbers (not "406.016 792.782")
    # numbers of documents are references; a run of digits is tried from its start only (linear time)
    r"(?<!\d)\d++\s?/\s?(?:\d++\s?/\s?)?\p{Lu}|(?<!\d)\d++\s?-\s?\p{Lu}++\s?/",
))


# what a figure counts when rules/units.tsv does not know the word: the noun right after it ("6.670 tấn",
# "52 vụ", "43 xã", "15 giải"), so that parts and totals can be told to count the same thing
NOUN = regex.compile(r"\G\s(?!(?i:và|hoặc|với|là|của|đến|so|trên|tại|trong|được|đã|đạt|người)(?![\p{L}]))"
                     r"(\p{Ll}{2,}|\p{Lu}{2,5})(?![\p{L}\p{N}])")


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
    precision: Decimal = Decimal(0)  # how far the true value may be from `value` ("8,98 ngàn": ± 5)
    qualifiers: str | None = None  # which of its kind it counts: "giải quyết đúng hạn" (words before it)

    def as_json(self, text) -> dict:
        """The contract's figure; `text` is the clean Text it was found in (for its place)."""
        return {"value": float(self.value), "unit": self.unit, "approx": self.approx is not None,
                "direction": self.approx, "kind": self.kind, "percent_kind": self.percent_kind,
                "qualifiers": self.qualifiers, "place": text.place(self.start, self.end).as_dict()}

    def as_row(self, text) -> dict:
        """The KB's `figures` row (without doc_id)."""
        return {"value": float(self.value), "unit": self.unit, "kind": self.kind, "approx": self.approx,
                "percent_kind": self.percent_kind, "qualifiers": self.qualifiers,
                **text.place(self.start, self.end).as_dict()}

    def bounds(self) -> tuple[Decimal, Decimal]:
        """The values the figure may stand for: its precision, and its approximation's direction ("gần 1.400"
        is a little under 1 400, "hơn 13.000" a little over 13 000: 5 % either side at most)."""
        lo, hi = self.value - self.precision, self.value + self.precision
        if self.approx in ("below", "about"):
            lo = min(lo, self.value * Decimal("0.95"))
        if self.approx in ("above", "about"):
            hi = max(hi, self.value * Decimal("1.05"))
        return lo, hi

    @property
    def exact(self) -> bool:
        return not self.precision and not self.approx


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


@lru_cache(maxsize=1)
def _scales() -> tuple[regex.Pattern, dict[str, Decimal]]:
    factors = {r["word"]: Decimal(r["factor"]) for r in table("scales")}
    return regex.compile(rf"\G\s(?i:({alternation(factors)}))(?=\s)"), factors


def find(text: str, skip: list[tuple[int, int]] = ()) -> list[Figure]:
    units, by_lower = _units()
    scales, factors = _scales()
    approx, directions = _approximations()
    blocked = masked(text, list(skip))
    out, k = [], 0
    for n in numbers(text):
        while k < len(blocked) and blocked[k][1] <= n.start:
            k += 1
        if k < len(blocked) and blocked[k][0] < n.end:
            continue
        value, decimals, precision, after = n.value, n.decimals, Decimal(0), n.end
        u = units.match(text, n.end, n.end + 40)
        scale = scales.match(text, n.end, n.end + 12)
        # "10,77 tỷ USD" is 10,77 × 10⁹ USD, not 10,77 of the unit "tỷ" ("tỷ đồng" stays a unit): a currency after
        # the scale word is the longer reading
        scaled = scale and units.match(text, scale.end(), scale.end() + 40)
        if u and not (scaled and by_lower[scaled.group(1).lower()][1] == "money" and scaled.end() > u.end()):
            scale = None
        if scale:  # "8,98 ngàn HS": 8 980, known to half the last written digit's place (± 5)
            factor = factors[scale.group(1).lower()]
            value, after = n.value * factor, scale.end()
            precision = Decimal(1).scaleb(-n.decimals) * factor / 2
            decimals = max(0, n.decimals - len(str(factor)) + 1)
            u = units.match(text, after, after + 40)
        u = u or NOUN.match(text, after, after + 40)
        unit, kind = (by_lower.get(u.group(1).lower()) or (u.group(1), None)) if u else (None, None)
        if unit is None and n.decimals == 0 and 1900 <= n.value <= 2100 and text[n.start:n.end].isdigit():
            continue  # a year ("năm 2022", "2021/2022"), not a quantity
        if kind in ROUNDED and not precision:  # "7.392 tỷ đồng", "369,4 ha": rounded to the last digit written
            precision = Decimal(1).scaleb(-n.decimals) / 2
        a = approx.search(text, max(0, n.start - 20), n.start)
        since = max(out[-1].end if out else 0, n.start - 60)
        out.append(Figure(value, decimals, unit, kind, directions.get(a.group(1).lower()) if a else None,
                          n.start, u.end() if u else after, precision=precision,
                          qualifiers=_qualifiers(text, since, a.start() if a else n.start, u.end() if u else after)))
    return out


QUALIFIER_WORDS = regex.compile(r"\p{L}+")
ROUNDED = ("money", "measure")  # amounts and measures are written rounded; counts (hồ sơ, người) are exact


AFTER_NOUN = regex.compile(r"\G(?:\s+\p{Ll}+){1,3}")


def _qualifiers(text: str, start: int, end: int, noun_end: int) -> str | None:
    """The words that say which of its kind a figure counts: at most five before it in its clause, since the
    previous figure ("tiếp nhận", "giải quyết"), and up to three lower-case words after its noun ("đúng hạn")."""
    head = max(text.rfind(sep, start, end) for sep in (";", ".", "\n", "(", ":"))
    words = QUALIFIER_WORDS.findall(text, max(start, head + 1), end)[-5:]
    after = AFTER_NOUN.match(text, noun_end, noun_end + 40)
    words += after.group().split() if after else []
    return " ".join(words).lower() or None

