"""What a citation does, from its sentence: căn cứ (legal basis), thực hiện / triển khai (implements), sửa đổi /
bổ sung (amends), thay thế (replaces), bãi bỏ / hết hiệu lực (repeals), hướng dẫn (guides), or a plain mention.

The cue words are rules/citation_relations.tsv. The clause a mention stands in runs back to the last ';', line
break or sentence end before it; the cue nearest before the mention in that clause decides ("Căn cứ Nghị định
92/2017/NĐ-CP sửa đổi, bổ sung … Nghị định 63/2010/NĐ-CP": 92/2017 is the basis, 63/2010 the amended). A clause
with no cue that follows a ';' on the same line goes on the list before it ("Căn cứ Luật A; Luật B;": both bases)."""

from __future__ import annotations

from functools import lru_cache

import regex

from ..fold import fold
from ..rules import table

RELATIONS = ("can_cu", "thuc_hien", "sua_doi", "thay_the", "bai_bo", "huong_dan", "mention")
CLAUSE_START = regex.compile(r"(;)|\n|[.!?](?=\s+\p{Lu})")
WINDOW = 300  # characters looked back for the clause's start


@lru_cache(maxsize=1)
def _cues() -> tuple[regex.Pattern, dict[str, str]]:
    rows = sorted(table("citation_relations"), key=lambda r: len(r["cue"]), reverse=True)
    words = "|".join(r"\s+".join(map(regex.escape, r["cue"].split())) for r in rows)
    return regex.compile(rf"\b(?:{words})\b"), {" ".join(r["cue"].split()): r["relation"] for r in rows}


def relation(text: str, start: int) -> str:
    """The relation of the citation starting at `start` in the clean text (a RELATIONS value)."""
    before = text[max(0, start - WINDOW):start]
    pattern, meaning = _cues()
    ends = list(CLAUSE_START.finditer(before))
    end = len(before)
    for stop in [*reversed(ends), None]:  # this clause, then the list items before it on its line
        clause = fold(before[stop.end() if stop else 0:end]).casefold()
        if found := list(pattern.finditer(clause)):
            return meaning[" ".join(found[-1][0].split())]
        if stop is None or not stop.group(1):  # a line or sentence ends the list
            return "mention"
        end = stop.start()
    return "mention"
