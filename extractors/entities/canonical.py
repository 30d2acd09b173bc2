"""Canonical names: abbreviations spelled out (rules/abbreviations.tsv) and, inside one report, a body of
'tỉnh' with no name given the issuing province's ("UBND tỉnh" in a Lâm Đồng report -> "Ủy ban nhân dân tỉnh
Lâm Đồng"). 'cấp xã', 'các xã' and the like stay as written: they name no one place."""

from __future__ import annotations

import regex

from ..identity.words import spelled_out

BARE_PROVINCE = regex.compile(r"(?<=\btỉnh)$")


def canonical(text: str, label: str, province: str | None) -> str:
    name = " ".join(text.split())
    if label != "ORG":
        return name
    name = spelled_out(name)
    if province and BARE_PROVINCE.search(name):
        name = f"{name} {province}"
    return name
