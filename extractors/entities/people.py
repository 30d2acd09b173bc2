"""People named in running text (PER): the capitalised words after a cue of rules/person_cues.tsv
("đồng chí Nguyễn Văn A", "(đ/c Trương Công Thái)"), and the document's signers wherever they are named."""

from __future__ import annotations

from functools import lru_cache

import regex

from ..rules import alternation, table

NAME = r"\p{Lu}[\p{Ll}\p{M}]+(?:[ \t]+\p{Lu}[\p{Ll}\p{M}]+){1,3}"


@lru_cache(maxsize=1)
def _cued() -> regex.Pattern:
    def words(part: str) -> str:
        return alternation(r["word"] for r in table("person_cues") if r["part"] == part)

    return regex.compile(rf"(?i:(?<![\p{{L}}])(?:{words('cue')}))[ \t]+(?!(?:{words('title')})(?![\p{{L}}]))"
                         rf"(?P<name>{NAME})(?![\p{{L}}])")


def find(text: str, signers: list[str]) -> list[tuple[int, int]]:
    spans = [m.span("name") for m in _cued().finditer(text)]
    for name in signers:
        spans += [m.span() for m in regex.finditer(rf"(?<![\p{{L}}]){regex.escape(name)}(?![\p{{L}}])", text)]
    return sorted(set(spans))
