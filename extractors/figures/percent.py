"""What a percentage is, before anything is checked: growth, attainment of a plan, percentage points, a
threshold or goal, or (none of these) a rate or share that claims.py may find written with its terms.

The words are rules/percent_kinds.tsv; this module holds the shapes: words right after the percentage
("đạt 98% kế hoạch", "tăng 5% so với cùng kỳ"), right before it ("tăng 12,5%"), or anywhere earlier in its
clause ("phấn đấu đến năm 2025, tỷ lệ … đạt 80%").
"""

from __future__ import annotations

from functools import lru_cache

import regex

from ..rules import alternation, table
from .find import Figure

# a rate compared with a count, not a period: "so với 176.822 hộ" (not "so với năm 2018", "so với 2022")
BASE_FIGURE_AFTER = regex.compile(r"\G\s*(?i:so\s+với|trên)\s+(?:(?i:tổng\s+số)\s+)?"
                                  r"(?!(?:19|20)\d\d\b)\d[\d.,]*\s+\p{L}")
KINDS = ("rate", "share", "growth", "attainment", "points", "threshold", "no_base")
CLAUSE_START = regex.compile(r"[.;\n](?=[^.;\n]*$)")
# the rate of a change written just before it: "giảm 92 vụ (35%)", "tăng 64 vụ - tương ứng 30,48%"
AFTER_CHANGE = regex.compile(r"(?i)(?<!\p{L})(?:tăng|giảm)(?:\s+thêm)?\s+\d[\d.,]*(?:\s+\p{L}+){0,3}\s*"
                             r"(?:\(|[-–,]\s*tương\s+(?:ứng|đương))\s*(?:(?:tăng|giảm)\s+|[-+]\s?)?$")


@lru_cache(maxsize=1)
def _patterns() -> dict[tuple[str, str], regex.Pattern]:
    rows = table("percent_kinds")
    approx = alternation(r["word"] for r in table("approximations"))
    words: dict[tuple[str, str], list[str]] = {}
    for r in rows:
        words.setdefault((r["kind"], r["where"]), []).append(r["words"])
    shapes = {  # where the words stand, relative to the percentage
        "after": r"\G\s*(?:của\s+)?(?i:{w})(?![\p{{L}}\p{{N}}])",  # "(so với …)" after it is a remark
        "just_before": r"(?<![\p{{L}}])(?i:{w})\s+(?:(?i:" + approx + r")\s+)?(?:(?:tỷ lệ|mức)\s+)?$",
        "before": r"(?<![\p{{L}}])(?i:{w})(?![\p{{L}}])",
    }
    return {key: regex.compile(shapes[key[1]].format(w=alternation(ws))) for key, ws in words.items()}


def _has(kind: str, where: str, text: str, f: Figure, clause: int) -> bool:
    p = _patterns().get((kind, where))
    if p is None:
        return False
    if where == "after":
        return bool(p.match(text, f.end, f.end + 40))
    if where == "just_before":
        return bool(p.search(text, max(clause, f.start - 40), f.start))
    return bool(p.search(text, clause, f.start))


def plan_words_end(text: str, f: Figure) -> int | None:
    """Where the words of a plan right after a percentage end ("đạt 152,32% so với chỉ tiêu"), or None."""
    p = _patterns().get(("attainment", "after"))
    m = p.match(text, f.end, f.end + 40) if p else None
    return m.end() if m else None


def cue(text: str, f: Figure) -> str | None:
    """growth | attainment | points | threshold from the words around a percentage, or None (it may be a
    rate or a share, or have no base in the text)."""
    if f.unit and f.unit.startswith("điểm"):
        return "points"
    head = CLAUSE_START.search(text, max(0, f.start - 150), f.start)
    clause = head.end() if head else max(0, f.start - 150)
    if _has("base", "after", text, f, clause) or _has("level", "just_before", text, f, clause):
        return None
    if BASE_FIGURE_AFTER.match(text, f.end):  # "chiếm 6,74% so với 176.822 hộ": a base, not an earlier period
        return None
    if AFTER_CHANGE.search(text, max(0, f.start - 60), f.start):
        return "growth"
    for kind in ("attainment", "growth", "threshold"):
        if any(_has(kind, where, text, f, clause) for where in ("after", "just_before", "before")):
            return kind
    return None
