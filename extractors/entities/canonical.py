"""Canonical names: abbreviations spelled out (rules/abbreviations.tsv), well-known short names given their
full name (rules/canonical_names.tsv), a province alone given its level ("Lâm Đồng" -> "tỉnh Lâm Đồng"), and,
inside one report, a body of 'tỉnh' with no name given the issuing province's ("UBND tỉnh" in a Lâm Đồng report
-> "Ủy ban nhân dân tỉnh Lâm Đồng"). 'cấp xã', 'các xã' and the like stay as written: they name no one place.
A name the report defines a short form for ("Ban chỉ đạo … tỉnh Lâm Đồng (sau đây viết tắt là Ban Chỉ đạo
tỉnh)") is the canonical name of that short form."""

from __future__ import annotations

from functools import lru_cache

import regex

from ..fold import fold
from ..identity.words import sentence_case, spelled_out
from ..rules import table
from .gazetteer import province_names

BARE_PROVINCE = regex.compile(r"(?:\btỉnh|Tỉnh ủy)$")
WORD = regex.compile(r"[\p{L}\p{N}]+")
DEFINED = regex.compile(r"\(\s*(?:sau\s+đây\s+)?(?:viết|gọi)\s+tắt\s+là\s+(?P<short>[^()]{2,60}?)\s*\)")


@lru_cache(maxsize=1)
def _known() -> dict[str, str]:
    return {r["name"]: r["canonical"] for r in table("canonical_names")}


def key(name: str) -> str:
    return " ".join(WORD.findall(fold(name)))


def aliases(text: str, spans: list[tuple[int, int]]) -> dict[str, str]:
    """Short forms the text defines for a body it names: folded short form -> the body's name."""
    out = {}
    for m in DEFINED.finditer(text):
        before = [(a, b) for a, b in spans if b <= m.start() and m.start() - b <= 2]
        if before:
            a, b = before[-1]
            out[key(m["short"])] = text[a:b]
    return out


def canonical(text: str, label: str, province: str | None, defined: dict[str, str] | None = None) -> str:
    name = " ".join(text.split())
    if label == "LOC":
        name = spelled_out(name)
        return province_names().get(name, name)
    if label != "ORG":
        return name
    if name in _known():
        return _known()[name]
    for short, full in (defined or {}).items():  # "Ban chỉ đạo tỉnh", "Ban Chỉ đạo", "BAN CHỈ ĐẠO"
        if short.startswith(key(name)) or key(name) == f"{short} {key(province or '')}".strip():
            return " ".join(full.split())
    name = spelled_out(sentence_case(name) if name.isupper() and len(name) > 5 else name)  # "UBND TỈNH" in a signature
    if province and BARE_PROVINCE.search(name):
        name = f"{name} {province}"
    return name
