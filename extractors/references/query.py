"""How people type a citation, to the key it names: forgiving of diacritics, case, "số", spaces and hyphens.

"chi thi 24/ct-ttg", "Chỉ thị số 24/CT TTg", "24/CT-TTg" and "CHỈ THỊ 24" all name 24/CT-TTg;
the last one only by type word and number, so it may name several documents (then it is ambiguous).
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..fold import fold
from . import grammar

NOT_KEPT = regex.compile(r"[^\p{L}\p{N}/]")  # compiled once: loose() runs for every reference and citation
YEAR_WORD = regex.compile(r"nam(?=\d{4}$)")


def loose(key: str) -> str:
    """A key with diacritics, case, spaces, hyphens and the "năm" before a law's year taken away: what two
    spellings share ("Luật Căn cước năm 2023" and "luat can cuoc 2023")."""
    return YEAR_WORD.sub("", NOT_KEPT.sub("", fold(key)))


@dataclass(frozen=True)
class Query:
    loose: str  # the whole query, loosened: matches a key written any way
    type: str | None  # a type word the query starts with, canonical ("Chỉ thị")
    number: str | None  # the number after the type word
    rest: str  # the query without its type word and "số", loosened


def parse(query: str) -> Query:
    folded = " ".join(fold(query).split())
    type_word, rest = None, folded
    for word, canonical in sorted(grammar.type_words().items(), key=lambda kv: -len(kv[0])):
        w = fold(word)
        if folded.startswith(w + " ") or folded == w:
            type_word, rest = canonical, folded[len(w):].strip()
            break
    rest = regex.sub(r"^so\s*:?\s*", "", rest)
    number = regex.match(r"\d+", rest)
    return Query(loose(query), type_word, number.group() if number else None, loose(rest))
