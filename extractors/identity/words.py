"""The words of rules/header.tsv by part, and names spelled out with rules/abbreviations.tsv."""

from __future__ import annotations

from functools import lru_cache

import regex

from ..rules import alternation, levels, table


def words(part: str) -> list[str]:
    return [r["word"] for r in table("header") if r["part"] == part]


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[regex.Pattern, dict[str, str]]:
    rows = {r["short"]: r["full"] for r in table("abbreviations")}
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{alternation(rows)})(?![\p{{L}}\p{{N}}])"), rows


def spelled_out(name: str) -> str:
    """'UBND xã Hoằng Kim' -> 'Ủy ban nhân dân xã Hoằng Kim'."""
    pattern, full = _abbreviations()
    return pattern.sub(lambda m: full[m[0]], name)


LEVELS = set(levels("title"))


@lru_cache(maxsize=1)
def _spellings() -> tuple[regex.Pattern, dict[str, str]]:
    """Names with capitals of their own, lower-cased -> as written: the bodies of rules/org_names.tsv ("Sở Tư
    pháp", "Bộ Công an"; a name written two ways there is left alone) and a document type before its number, as
    rules/doc_types.tsv writes it ("Đề án 06")."""
    spellings: dict[str, set[str]] = {}
    for r in table("org_names"):
        if r["kind"] != "not_in_name" and r["name"][:1].isupper():  # "các sở, ban, ngành" may open a line
            spellings.setdefault(r["name"].lower(), set()).add(r["name"])
    names = {k: v.pop() for k, v in spellings.items() if len(v) == 1}
    types = {r["word"].lower(): r["word"] for r in table("doc_types") if len(r["word"]) > 3}
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?i:(?:{alternation(names)})(?![\p{{L}}\p{{N}}])"
                         rf"|(?:{alternation(types)})(?=\s+\d))"), names | types


def sentence_case(upper: str) -> str:
    """'ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG' -> 'Ủy ban nhân dân tỉnh Lâm Đồng': lower case but for the first word,
    abbreviations of rules/abbreviations.tsv, the place name after a level word and the known names of
    _spellings ('SỞ TƯ PHÁP' -> 'Sở Tư pháp', 'TỔ CÔNG TÁC TRIỂN KHAI ĐỀ ÁN 06' -> '… Đề án 06')."""
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
    known, spelling = _spellings()
    return known.sub(lambda m: spelling[m[0].lower()], " ".join(out))
