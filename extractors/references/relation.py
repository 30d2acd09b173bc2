"""What a citation does, from its sentence: căn cứ (legal basis), thực hiện / triển khai (implements), sửa đổi /
bổ sung (amends), thay thế (replaces), bãi bỏ / hết hiệu lực (repeals), hướng dẫn (guides), or a plain mention.

The cue words are rules/citation_relations.tsv. The clause a mention stands in runs back to the last ';', line
break or sentence end before it; the cue nearest before the mention in that clause decides ("Căn cứ Nghị định
92/2017/NĐ-CP sửa đổi, bổ sung … Nghị định 63/2010/NĐ-CP": 92/2017 is the basis, 63/2010 the amended). A clause
with no cue that follows a ';' on the same line goes on the list before it ("Căn cứ Luật A; Luật B;": both bases).

A cue in the mention's own clause that follows another citation and a word opening that citation's subject
("về việc", "V/v": rules/citation_relations.tsv, `subject`) belongs to the subject, not to this text: "Thực hiện
Công văn số 2928/… về việc triển khai Quyết định 34/2014/QĐ-TTg" only mentions 34/2014. A cue right after a citation
stays its relation ("Nghị định 24/2006/NĐ-CP sửa đổi, bổ sung … Nghị định 57/2002")."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache

import regex

from ..fold import fold
from ..rules import table

RELATIONS = ("can_cu", "thuc_hien", "sua_doi", "thay_the", "bai_bo", "huong_dan", "mention")
CLAUSE_START = regex.compile(r"(;)|\n|[.!?](?=\s+\p{Lu})")
WINDOW = 300  # characters looked back for the clause's start


def _words(rows: list[dict]) -> str:
    return "|".join(r"\s+".join(map(regex.escape, r["cue"].split())) for r in rows)


@lru_cache(maxsize=1)
def _subject() -> regex.Pattern:
    """The words that open a cited document's subject (rules/citation_relations.tsv, relation `subject`)."""
    return regex.compile(rf"\b(?:{_words([r for r in table('citation_relations') if r['relation'] == 'subject'])})\b")


@lru_cache(maxsize=1)
def _cues() -> tuple[regex.Pattern, dict[str, str]]:
    rows = sorted((r for r in table("citation_relations") if r["relation"] != "subject"),
                  key=lambda r: len(r["cue"]), reverse=True)
    return regex.compile(rf"\b(?:{_words(rows)})\b"), {" ".join(r["cue"].split()): r["relation"] for r in rows}


def relation(text: str, start: int, others: Sequence[tuple[int, int]] = ()) -> str:
    """The relation of the citation starting at `start` in the clean text (a RELATIONS value); `others`: the
    (start, end) of the text's citations, so that a cue in another citation's subject is not taken for this one's."""
    origin = max(0, start - WINDOW)
    before = text[origin:start]
    pattern, meaning = _cues()
    ends = list(CLAUSE_START.finditer(before))
    end = len(before)
    for item, stop in enumerate([*reversed(ends), None]):  # this clause, then the list items before it on its line
        opened = origin + (stop.end() if stop else 0)
        clause = fold(text[opened:origin + end]).casefold()
        if found := list(pattern.finditer(clause)):
            if item == 0 and _in_subject(text, opened, opened + found[-1].start(), others):
                return "mention"  # the cue is in an earlier citation's subject, not about this one
            return meaning[" ".join(found[-1][0].split())]
        if stop is None or not stop.group(1):  # a line or sentence ends the list
            return "mention"
        end = stop.start()
    return "mention"


def _in_subject(text: str, opened: int, cue: int, others: Sequence[tuple[int, int]]) -> bool:
    """The cue at `cue` follows a citation of its clause and a word that opens that citation's subject. `others`
    is sorted: the citations before the cue are found by bisection (a text may hold 10⁵ of them)."""
    k = bisect_left(others, (cue,)) - 1
    while k >= 0 and others[k][0] >= opened and others[k][1] > cue:  # one overlapping the cue is not before it
        k -= 1
    if k < 0 or others[k][0] < opened:
        return False
    return bool(_subject().search(fold(text[others[k][1]:cue]).casefold()))
