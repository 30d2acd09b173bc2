"""Claims: the arithmetic a report states, recomputed and judged.

- ratio: a fraction with its stated rate ("104.462/108.117 …, đạt tỷ lệ 96,62%", "27.95% (244/ 873)",
  "3.065 … trên tổng số 3.416 …, đạt tỷ lệ 89,7%");
- sum: a total with its parts in parentheses ("1.674 thủ tục (cấp tỉnh: 1.377, cấp huyện: 195, cấp xã: 102)").

A stated rate is ok when it equals the computed one rounded or truncated to the decimals written; an
approximate one ("hơn 80%") is judged by its direction; what cannot be decided is unverifiable, never
an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

import regex

from .find import Figure

WINDOW = 220  # how far before a rate its fraction may stand (one clause of a report)
CLAUSE_END = regex.compile(r"[;\n]|\.\s")
SLASH = regex.compile(r"^\s?/\s?$|^[^\d;/()]{0,80}/[^\d;/()]{0,20}$")  # "a/b", "a hồ sơ trực tuyến/b"
OVER_TOTAL = regex.compile(r"(?i:trên\s+(?:tổng\s+số\s+)?|/\s?)")


@dataclass(frozen=True)
class Claim:
    kind: str  # ratio | sum
    values: dict
    computed: float | None
    reported: float
    verdict: str  # ok | error | unverifiable
    message: str
    start: int  # the clean-text span the claim covers (fraction to rate, total to last part)
    end: int


def consistent(computed: Decimal, stated: Decimal, decimals: int, approx: str | None) -> bool:
    """Equal to the written precision, rounded or truncated; an approximation by its direction."""
    q = Decimal(1).scaleb(-decimals)
    if approx == "above":
        return computed >= stated - q
    if approx == "below":
        return computed <= stated + q
    if approx == "about":
        return abs(computed - stated) <= max(q, stated * Decimal("0.05"))
    return stated in (computed.quantize(q, ROUND_HALF_UP), computed.quantize(q, ROUND_DOWN))


def _fmt(d: Decimal, decimals: int) -> str:
    return f"{d:.{decimals}f}".replace(".", ",")


def _ratio(text: str, a: Figure, b: Figure, rate: Figure) -> Claim:
    start, end = min(a.start, rate.start), max(b.end, rate.end)
    values = {"numerator": float(a.value), "denominator": float(b.value), "rate": float(rate.value)}
    if b.value == 0:
        return Claim("ratio", values, None, float(rate.value), "unverifiable", "denominator is zero", start, end)
    computed = a.value / b.value * 100
    shown = _fmt(computed, max(2, rate.decimals))
    if consistent(computed, rate.value, rate.decimals, rate.approx):
        return Claim("ratio", values, float(computed), float(rate.value), "ok",
                     f"{a.value}/{b.value} = {shown}%", start, end)
    return Claim("ratio", values, float(computed), float(rate.value), "error",
                 f"{a.value}/{b.value} = {shown}%, stated {_fmt(rate.value, rate.decimals)}%", start, end)


def ratios(text: str, figures: list[Figure]) -> list[Claim]:
    out, used = [], set()
    plain = [f for f in figures if f.kind != "percent"]
    for rate in (f for f in figures if f.kind == "percent"):
        # "p% (a/b)": the fraction in parentheses right after the rate
        after = [f for f in plain if rate.end <= f.start <= rate.end + 4 and text[rate.end:f.start].strip() in ("(", "")]
        if after:
            a = after[0]
            b = next((f for f in plain if f.start > a.end and text[a.end:f.start].strip() == "/"), None)
            if b:
                out.append(_ratio(text, a, b, rate))
                used |= {a.start, b.start}
                continue
        # "a …/b …, đạt tỷ lệ p%" or "a … trên tổng số b …, đạt p%": the nearest fraction before the rate, same clause
        clause = max((m.end() for m in CLAUSE_END.finditer(text, max(0, rate.start - WINDOW), rate.start)),
                     default=max(0, rate.start - WINDOW))
        before = [f for f in plain if clause <= f.start and f.end <= rate.start and f.start not in used]
        for b_i in range(len(before) - 1, 0, -1):
            a, b = before[b_i - 1], before[b_i]
            between = text[a.end:b.start]
            if SLASH.match(between) or OVER_TOTAL.search(between):
                out.append(_ratio(text, a, b, rate))
                used |= {a.start, b.start}
                break
    return out


PARTS_OPEN = regex.compile(r"\G[^()\d;.]{0,40}?\(")


def sums(text: str, figures: list[Figure]) -> list[Claim]:
    """A total followed by its parts in parentheses: every number inside is a part."""
    out = []
    for i, total in enumerate(figures):
        if total.kind == "percent":
            continue
        m = PARTS_OPEN.match(text, total.end, total.end + 60)
        if not m:
            continue
        close = text.find(")", m.end(), m.end() + 400)
        if close < 0 or "(" in text[m.end():close]:
            continue
        parts = [f for f in figures[i + 1:] if m.end() <= f.start and f.end <= close and f.kind != "percent"]
        if len(parts) < 2 or any(p.approx for p in parts + [total]):
            continue
        computed = sum(p.value for p in parts)
        values = {"total": float(total.value), "parts": [float(p.value) for p in parts]}
        listed = " + ".join(str(p.value) for p in parts)
        if computed == total.value:
            out.append(Claim("sum", values, float(computed), float(total.value), "ok", f"{listed} = {computed}",
                             total.start, close + 1))
        elif computed > total.value or "gồm" in text[total.end:m.end()] or ":" in text[m.end():close]:
            out.append(Claim("sum", values, float(computed), float(total.value), "error",
                             f"{listed} = {computed}, stated {total.value}", total.start, close + 1))
        else:  # parts that fall short may list only some of the whole
            out.append(Claim("sum", values, float(computed), float(total.value), "unverifiable",
                             f"{listed} = {computed} < {total.value}: the parts may not be all of it",
                             total.start, close + 1))
    return out


def claims(text: str, figures: list[Figure]) -> list[Claim]:
    return sorted(ratios(text, figures) + sums(text, figures), key=lambda c: c.start)
