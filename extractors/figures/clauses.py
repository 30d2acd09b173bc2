"""The shape of a sentence that the claim finders share: where sentences and clauses end, parentheses, a
fraction's denominator, "trong đó", a change ("tăng/giảm")."""

from __future__ import annotations

from functools import lru_cache

import regex

from ..rules import table
from .find import Figure

CLAUSE_END = regex.compile(r"[;\n]|\.\s")
ROW_GAP = regex.compile(r"[ \t]+")  # between the cells of a table row read as text: "Mức 3 68544 61827 6717"


def closing(text: str, pos: int, reach: int = 400) -> int:
    """Where the parenthesis opening right after `pos` closes (nested ones skipped), or -1."""
    opening = text.find("(", pos, pos + 3)
    if opening < 0:
        return -1
    depth = 0
    for i in range(opening, min(len(text), opening + reach)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return -1


SENTENCE_END = regex.compile(r"\.(?:\s|$)|\n")
OF_WHICH = regex.compile(r"(?i:trong\s+đó)\s*[:,]?")


def sentence_end(text: str, pos: int) -> int:
    m = SENTENCE_END.search(text, pos, pos + 1500)
    return m.start() if m else min(len(text), pos + 1500)


def inside_parentheses(text: str, f: Figure, before: int) -> bool:
    """The figure stands in parentheses that close before `before`: a part listed with another total."""
    between = text[f.end:before]
    return between.count(")") > between.count("(")


def denominator(text: str, f: Figure) -> bool:
    """The figure is a fraction's denominator: "13/19" for 19."""
    return text[max(0, f.start - 2):f.start].strip().endswith("/")


FRACTION_BAR = regex.compile(r"\s?/\s?")


def numerator(text: str, f: Figure) -> regex.Match | None:
    """The fraction bar after a fraction's numerator ("13/19" for 13), or None."""
    return FRACTION_BAR.match(text, f.end, f.end + 3)


def sentence_start(text: str, pos: int, reach: int = 600) -> int:
    ends = list(SENTENCE_END.finditer(text, max(0, pos - reach), pos))
    return ends[-1].end() if ends else max(0, pos - reach)


def previous_sentence(text: str, start: int) -> int:
    """Where the sentence before the one starting at `start` starts."""
    end = len(text[:start].rstrip(" \t\n.;"))
    return sentence_start(text, end) if end > 0 else 0


def within_parentheses(text: str, start: int, f: Figure) -> bool:
    """The figure stands in parentheses opened after `start` (and not closed before it)."""
    before = text[start:f.start]
    return before.count("(") > before.count(")")


AFTER_A_FIGURE = regex.compile(r"\d(?:\s+\p{L}+){0,2}\s*$")  # "222 trường (", "88,5%("


def nested(text: str, start: int, f: Figure) -> bool:
    """The figure stands in parentheses opened after `start` right after another figure: a detail of that
    figure ('222 trường (có 8 …)'). A parenthesis after a name holds that name's figure, a part: 'TP.HCM
    (3.300 thẻ), Bến Tre (1.297 thẻ)'."""
    depth, opened = 0, -1
    for i in range(f.start - 1, start - 1, -1):  # the innermost parenthesis still open at the figure
        depth += {")": 1, "(": -1}.get(text[i], 0)
        if depth < 0:
            opened = i
            break
    return opened >= 0 and bool(AFTER_A_FIGURE.search(text, max(start, opened - 25), opened))


CHANGED = regex.compile(r"(?i:(?<!\p{L})(tăng|giảm)(?:\s+thêm)?)\s+$")


def changed(text: str, f: Figure) -> bool:
    """The figure is a change ("giảm 140,2 nghìn tấn", "tăng thêm 12 xã"), not a quantity of its own."""
    return bool(CHANGED.search(text, max(0, f.start - 20), f.start))


@lru_cache(maxsize=1)
def _people() -> frozenset[str]:
    """The nouns that count persons (rules/units.tsv, counts people)."""
    return frozenset(r["unit"] for r in table("units") if r["counts"] == "people")


def counts_as(text: str, part: Figure, base: Figure) -> bool:
    """The part counts what the base counts: the same unit or noun, or one of them with no noun after it whose
    noun stands before it ("1.071.393 thí sinh. Trong đó, số thí sinh đăng ký trực tuyến là 1.014.020")."""
    if part.unit == base.unit:
        return True
    if "người" in (part.unit, base.unit) and {part.unit, base.unit} <= _people():
        return True  # "1.346 công chức …, trong đó 1.070 người có trình độ đại học"
    if part.unit is None and base.unit is not None:
        said = text[max(base.end, part.start - 60):part.start]
        return bool(regex.search(rf"(?<!\p{{L}}){regex.escape(base.unit)}(?!\p{{L}})", said))
    if base.unit is None and part.unit is not None:  # "số lượng hợp tác xã … là 13.958", then "8.605 hợp tác xã"
        said = text[max(0, base.start - 60):base.start]
        return bool(regex.search(rf"(?<!\p{{L}}){regex.escape(part.unit)}(?!\p{{L}})", said))
    return False
