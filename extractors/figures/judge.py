"""The judge: every verdict of the audit comes from here, so that "why is this an error?" has one answer.

The finders (claims.py, counts.py) only read: they say what a sentence states (a rate with the bases it may
be of, a total with its parts, a count with the items listed) and how sure the reading is. The judge
recomputes and decides, by statcheck's rule: never call an error what cannot be decided.

- a rate is ok when it agrees with one admissible base (rounded or truncated to the decimals written, an
  approximation by its direction), and the message names that base; it is an error only when the reading is
  explicit (a written fraction, "trên tổng số", a single admissible base); otherwise unverifiable, with the
  candidates in the message;
- a total is ok when its parts add up to it; an error only when the list says it is complete ("gồm", a
  level breakdown, "còn lại"); parts that fall short or run over an open list ("trong đó" naming some
  categories, which may overlap) are unverifiable;
- a count is ok when the items listed number it; an error only when the list is plain to count.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from .find import Figure
from .numbers import write


@dataclass(frozen=True)
class Claim:
    kind: str  # ratio | share | sum | count
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


def _w(f: Figure) -> str:
    return write(f.value, f.decimals)


def _percent(part: Figure, base: Figure, decimals: int) -> str:
    return f"{_w(part)}/{_w(base)} = {write(part.value / base.value * 100, max(2, decimals))}%"


def rate(kind: str, part: Figure, bases: list[Figure], rate: Figure, start: int, end: int,
         explicit: bool = True) -> Claim:
    """A stated rate of `part` against its admissible bases (the likeliest first). `explicit`: the text says
    which is the base (a fraction, "trên tổng số", the one base that counts what the part counts), so a
    mismatch with the first one is an error; else a mismatch with all of them is unverifiable."""
    bases = [b for b in bases if b.value]
    values = {"part": float(part.value), "total": float(bases[0].value) if bases else None,
              "percent": float(rate.value)}
    if kind == "ratio":
        values = {"numerator": values["part"], "denominator": values["total"], "percent": values["percent"]}
    if not bases:
        return Claim(kind, values, None, float(rate.value), "unverifiable", "the base is zero", start, end)
    if len(bases) > 1:
        values["candidates"] = [float(b.value) for b in bases]
    for base in bases:
        computed = part.value / base.value * 100
        if consistent(computed, rate.value, rate.decimals, rate.approx):
            message = _percent(part, base, rate.decimals)
            if len(bases) > 1:
                message = f"base {_w(base)}: {message}"
                values["total"] = float(base.value)
            return Claim(kind, values, float(computed), float(rate.value), "ok", message, start, end)
    first = part.value / bases[0].value * 100
    if explicit:
        return Claim(kind, values, float(first), float(rate.value), "error",
                     f"{_percent(part, bases[0], rate.decimals)}, stated {_w(rate)}%", start, end)
    tried = "; ".join(_percent(part, b, rate.decimals) for b in bases)
    return Claim(kind, values, float(first), float(rate.value), "unverifiable",
                 f"{_w(rate)}% fits none of the possible bases: {tried}", start, end)


def total(total: Figure, parts: list[Figure], complete: bool, start: int, end: int,
          same_things: bool = True) -> Claim:
    """A total against its parts. `complete`: the text says the parts are all of it; `same_things`: the parts
    count what the total counts (else a mismatch says nothing)."""
    computed, stated = sum(p.value for p in parts), total.value
    values = {"total": float(stated), "parts": [float(p.value) for p in parts]}
    listed = f"{' + '.join(_w(p) for p in parts)} = {write(computed)}"
    if computed == stated:
        return Claim("sum", values, float(computed), float(stated), "ok", listed, start, end)
    nested = next((p for p in parts if computed - p.value == stated), None) if computed > stated else None
    if nested is not None:  # "434 tổ chức (… 149 đảng bộ, với 1.251 chi bộ trực thuộc, và 285 chi bộ)"
        return Claim("sum", values, float(computed), float(stated), "unverifiable",
                     f"{listed} > {_w(total)}; without {_w(nested)} (a detail of another part?) they make it",
                     start, end)
    if same_things and complete:
        return Claim("sum", values, float(computed), float(stated), "error", f"{listed}, stated {_w(total)}",
                     start, end)
    why = (": the parts count other things than the total" if not same_things
           else f" < {_w(total)}: the parts may not be all of it" if computed < stated
           else f" > {_w(total)}: the list does not say its parts exclude each other")
    return Claim("sum", values, float(computed), float(stated), "unverifiable", listed + why, start, end)


def count(stated: int, counted: int, what: str, start: int, end: int, decidable: bool = True,
          why: str = "the list is not plain items") -> Claim:
    """A stated count against the items counted; `what` says what was counted ("5 listed"); a list that is not
    `decidable` (items that cannot be counted for sure) is unverifiable when it disagrees."""
    values = {"stated": stated, "counted": counted}
    if counted == stated:
        return Claim("count", values, float(counted), float(stated), "ok", what, start, end)
    if decidable:
        return Claim("count", values, float(counted), float(stated), "error", f"{what}, stated {stated}", start, end)
    return Claim("count", values, float(counted), float(stated), "unverifiable", f"{what}, stated {stated}; {why}",
                 start, end)
