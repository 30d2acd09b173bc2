"""The words of rules/header.tsv by part, and names spelled out with rules/abbreviations.tsv."""

from __future__ import annotations

from functools import lru_cache

import regex

from ..rules import levels, table


def words(part: str) -> list[str]:
    return [r["word"] for r in table("header") if r["part"] == part]


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[regex.Pattern, dict[str, str]]:
    rows = {r["short"]: r["full"] for r in table("abbreviations")}
    alternatives = "|".join(regex.escape(k) for k in sorted(rows, key=len, reverse=True))
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{alternatives})(?![\p{{L}}\p{{N}}])"), rows


def spelled_out(name: str) -> str:
    """'UBND xã Hoằng Kim' -> 'Ủy ban nhân dân xã Hoằng Kim'."""
    pattern, full = _abbreviations()
    return pattern.sub(lambda m: full[m[0]], name)


LEVELS = set(levels("title"))


def sentence_case(upper: str) -> str:
    """'ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG' -> 'Ủy ban nhân dân tỉnh Lâm Đồng': lower case but for the first word,
    abbreviations of rules/abbreviations.tsv and the place name after a level word."""
    pattern, _ = _abbreviations()
    out, place = [], False
    for i, w in enumerate(upper.split()):
        if pattern.fullmatch(w):
            out.append(w)
        elif i == 0 or place:
            out.append(w[:1] + w[1:].lower())
        else:
            out.append(w.lower())
        place = place or w.lower() in LEVELS
    return " ".join(out)
