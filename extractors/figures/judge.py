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

import json
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from .find import Figure
from .numbers import write

CONTRACT_KINDS = ("ratio", "share", "sum", "count")  # the contract's claim kinds; a growth or attainment is "other"


@dataclass(frozen=True)
class Claim:
    kind: str  # ratio | share | sum | count | growth | attainment
    values: dict
    computed: float | None
    reported: float
    verdict: str  # ok | error | unverifiable
    message: str
    start: int  # the clean-text span the claim covers (fraction to rate, total to last part)
    end: int

    def as_json(self, text) -> dict:
        """The contract's claim; `text` is the clean Text it was found in (for its place)."""
        return {"kind": self.kind if self.kind in CONTRACT_KINDS else "other", "claim_kind": self.kind,
                "values": self.values, "computed": self.computed, "reported": self.reported, "verdict": self.verdict,
                "message": self.message, "place": text.place(self.start, self.end).as_dict()}

    def as_row(self, text) -> dict:
        """The KB's `claims` row (without doc_id)."""
        return {"kind": self.kind, "values_json": json.dumps(self.values, ensure_ascii=False),
                "computed": self.computed, "reported": self.reported, "verdict": self.verdict,
                "message": self.message, **text.place(self.start, self.end).as_dict()}


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


def _fits(part: Figure, base: Figure, rate: Figure) -> bool:
    """The rate agrees with part/base: exactly to the written precision, or, for terms that are themselves
    rounded or approximate ("8,98 ngàn", "gần 1.400"), somewhere within the rates their bounds allow."""
    if part.exact and base.exact:
        return consistent(part.value / base.value * 100, rate.value, rate.decimals, rate.approx)
    (plo, phi), (blo, bhi) = part.bounds(), base.bounds()
    if blo <= 0:
        return False
    lo, hi = plo / bhi * 100, phi / blo * 100
    q = Decimal(1).scaleb(-rate.decimals)
    slo, shi = rate.bounds()
    if part.approx or base.approx or rate.approx:  # "gần 1.250" of "trên 86.000": loose words, a digit's slack
        return lo <= shi + q and hi >= slo - q
    return lo < shi + q and hi >= slo - q / 2  # some rate the terms allow rounds (or truncates) to the stated


def _what(f: Figure) -> str:
    """' (giải quyết hồ sơ)': what a base counts, in a message (its last qualifying words and its noun)."""
    return f" ({' '.join(f.qualifiers.split()[-3:])} {f.unit})" if f.qualifiers and f.unit else ""


def _near(computed: Decimal, stated: Decimal) -> bool:
    """A slip is a near miss (a digit swapped, a rate nudged, a part left out): within a quarter of the stated
    value, and a rate of at most 100% computed as at most 100%. A wilder miss means the figures were misread
    (a wrong base, a part of another list), which is no finding."""
    if stated <= 100 < computed and stated > 0 and computed > stated * Decimal("1.25"):
        return False
    return abs(computed - stated) <= abs(stated) * Decimal("0.25")


def written(f: Figure) -> str:
    """A figure as the report writes it: '104.462', '96,62'."""
    return write(f.value, f.decimals)


def _percent(part: Figure, base: Figure, decimals: int) -> str:
    return f"{written(part)}/{written(base)} = {write(part.value / base.value * 100, max(2, decimals))}%"


def rate(kind: str, readings: list[tuple[Figure, Figure]], rate: Figure, start: int, end: int,
         explicit: bool = True, net_of: list[Figure] = (), siblings: list[tuple[Figure, Figure]] = ()) -> Claim:
    """A stated rate against its admissible readings, each a part and a base (the likeliest first).
    `explicit`: the text says which part and which base (a written fraction, "trên tổng số", one base tied
    by "trong đó … chiếm"), so a near miss with the first reading is an error; else a mismatch with all of
    them is unverifiable, and the message lists what was tried. `net_of`: figures the sentence takes out of
    the base ("… trong tổng số 698 vụ …, đạt 89,5%; chuyển … 3 vụ": 622/695); a near miss that one of them
    explains is unverifiable. `siblings`: the (part, rate) of the paragraph's other shares; when there are some and
    none fits the base either, the base is in doubt and a near miss is unverifiable."""
    readings = [(p, b) for p, b in readings if b.value]
    if not readings:
        return Claim(kind, {"percent": float(rate.value)}, None, float(rate.value), "unverifiable",
                     "the base is zero", start, end)
    part, base = readings[0]
    names = {"ratio": ("numerator", "denominator"), "attainment": ("actual", "plan")}.get(kind, ("part", "total"))
    values = {names[0]: float(part.value), names[1]: float(base.value), "percent": float(rate.value)}
    if len(readings) > 1:
        values["candidates"] = [[float(p.value), float(b.value)] for p, b in readings]
    explicit = explicit and not (part.approx or base.approx)  # "gần 1.400" decides nothing; rounding: by bounds
    for p, b in readings:
        computed = p.value / b.value * 100
        if _fits(p, b, rate):
            message = _percent(p, b, rate.decimals)
            if len(readings) > 1:
                message = f"base {written(b)}{_what(b)}: {message}"
                values.update({names[0]: float(p.value), names[1]: float(b.value)})
            return Claim(kind, values, float(computed), float(rate.value), "ok", message, start, end)
    first = part.value / base.value * 100
    if explicit and not _near(first, rate.value):
        return Claim(kind, values, float(first), float(rate.value), "unverifiable",
                     f"{_percent(part, base, rate.decimals)}, stated {written(rate)}%: too far off for a slip, "
                     "the figures read may not be this rate's terms", start, end)
    net = explicit and next((n for n in net_of if n.value < base.value and consistent(
        part.value / (base.value - n.value) * 100, rate.value, rate.decimals, rate.approx)), None)
    if net:
        return Claim(kind, values, float(first), float(rate.value), "unverifiable",
                     f"{_percent(part, base, rate.decimals)}, stated {written(rate)}%; without the {written(net)} "
                     f"{net.unit or ''} taken out, {written(part)}/{write(base.value - net.value)} fits", start, end)
    if explicit and siblings and not any(_fits(p, base, r) for p, r in siblings):
        return Claim(kind, values, float(first), float(rate.value), "unverifiable",
                     f"{_percent(part, base, rate.decimals)}, stated {written(rate)}%; the paragraph's other shares "
                     f"do not fit {written(base)} either: their base may be another", start, end)
    if explicit:
        return Claim(kind, values, float(first), float(rate.value), "error",
                     f"{_percent(part, base, rate.decimals)}, stated {written(rate)}%", start, end)
    tried = "; ".join(_percent(p, b, rate.decimals) for p, b in readings)
    return Claim(kind, values, float(first), float(rate.value), "unverifiable",
                 f"{written(rate)}% fits none of the possible readings: {tried}", start, end)


def total(total: Figure, parts: list[Figure], complete: bool, start: int, end: int,
          same_things: bool = True) -> Claim:
    """A total against its parts. `complete`: the text says the parts are all of it; `same_things`: the parts
    count what the total counts (else a mismatch says nothing)."""
    computed, stated = sum(p.value for p in parts), total.value
    values = {"total": float(stated), "parts": [float(p.value) for p in parts]}
    listed = f"{' + '.join(written(p) for p in parts)} = {write(computed)}"
    if not all(f.exact for f in [total, *parts]):  # rounded or approximate terms: decided beyond their bounds
        lo, hi = sum(p.bounds()[0] for p in parts), sum(p.bounds()[1] for p in parts)
        tlo, thi = total.bounds()
        if lo <= thi and hi >= tlo:
            return Claim("sum", values, float(computed), float(stated), "ok", listed, start, end)
        if (complete and same_things and _near(computed, stated)
                and not any(f.approx for f in [total, *parts])):  # beyond every rounding of a complete list
            return Claim("sum", values, float(computed), float(stated), "error",
                         f"{listed}, stated {written(total)} (beyond the rounding of its terms)", start, end)
        return Claim("sum", values, float(computed), float(stated), "unverifiable",
                     f"{listed}, stated {written(total)}: its terms are rounded or approximate", start, end)
    if computed == stated:
        return Claim("sum", values, float(computed), float(stated), "ok", listed, start, end)
    nested = next((p for p in parts if computed - p.value == stated), None) if computed > stated else None
    if nested is not None:  # "434 tổ chức (… 149 đảng bộ, với 1.251 chi bộ trực thuộc, và 285 chi bộ)"
        return Claim("sum", values, float(computed), float(stated), "unverifiable",
                     f"{listed} > {written(total)}; without {written(nested)} (a detail of another part?) they make it",
                     start, end)
    if same_things and complete and _near(computed, stated):
        return Claim("sum", values, float(computed), float(stated), "error", f"{listed}, stated {written(total)}",
                     start, end)
    if same_things and complete:
        return Claim("sum", values, float(computed), float(stated), "unverifiable",
                     f"{listed}, stated {written(total)}: too far off for a slip, the parts read may not be its own",
                     start, end)
    why = (": the parts count other things than the total" if not same_things
           else f" < {written(total)}: the parts may not be all of it" if computed < stated
           else f" > {written(total)}: the list does not say its parts exclude each other")
    return Claim("sum", values, float(computed), float(stated), "unverifiable", listed + why, start, end)


def count(stated: int, counted: int, what: str, start: int, end: int, decidable: bool = True,
          why: str = "the list is not plain items") -> Claim:
    """A stated count against the items counted; `what` says what was counted ("5 listed"); a list that is not
    `decidable` (items that cannot be counted for sure) is unverifiable when it disagrees."""
    values = {"stated": stated, "counted": counted}
    if counted == stated:
        return Claim("count", values, float(counted), float(stated), "ok", what, start, end)
    if decidable and abs(counted - stated) <= max(2, stated // 2):
        return Claim("count", values, float(counted), float(stated), "error", f"{what}, stated {stated}", start, end)
    if decidable:  # "12 nhiệm vụ" and 3 items read: a list misread, or one that goes on elsewhere
        why = "too far off for a slip, the items read may not be its list"
    return Claim("count", values, float(counted), float(stated), "unverifiable", f"{what}, stated {stated}; {why}",
                 start, end)


def change(rate: Figure, readings: list[tuple[str, Decimal]], values: dict, start: int, end: int) -> Claim:
    """A stated growth or fall against its readings (each a description and the rate it gives: the change over
    each earlier value the text allows): ok with the first that fits. A mismatch is never an error: which
    earlier value the writer meant, and whether a rate's change was meant in points, is not decided."""
    for said, computed in readings:
        if consistent(computed, rate.value, rate.decimals, rate.approx):
            return Claim("growth", values, float(computed), float(rate.value), "ok",
                         f"{said} = {write(computed, max(2, rate.decimals))}%", start, end)
    tried = "; ".join(f"{said} = {write(c, max(2, rate.decimals))}%" for said, c in readings)
    return Claim("growth", values, float(readings[0][1]), float(rate.value), "unverifiable",
                 f"{written(rate)}% fits none of the readings: {tried}", start, end)
