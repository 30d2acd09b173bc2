"""Bodies named in running text (ORG), by a grammar whose words are rules/org_names.tsv:

    fixed name [level [place]]            "Bộ Công an", "Sở Tư pháp tỉnh Lâm Đồng"
    head [cấp] [các] level[, level…] [place]   "Công an tỉnh", "UBND cấp xã", "UBND các xã, phường, đặc khu",
                                          "Công an xã Hoằng Kim"
    programme head … Đề án 06[/CP] [level [place]]   "Ban Chỉ đạo Đề án 06 tỉnh", "Tổ công tác triển khai Đề án 06"

A body named with its place is one ORG, not an ORG and a LOC."""

from __future__ import annotations

from functools import lru_cache

import regex

from ..rules import alternation, level_alternation, table
from ..scan import Scanner
from . import gazetteer

LEVEL = rf"(?i:{level_alternation('org')})"
PLACE = r"\p{Lu}[\p{Ll}\p{M}’']+(?:[ \t]+\p{Lu}[\p{Ll}\p{M}’']+){0,3}"
# "tỉnh Lâm Đồng", "của tỉnh", "cấp xã", "các xã, phường, đặc khu", "xã, phường, thị trấn" (a list of levels names
# no one place), or a province's name alone ("… Truyền hình Lâm Đồng")
LEVELS = (rf"(?:[ \t]+cấp[ \t]+{LEVEL}|[ \t]+(?:các[ \t]+)?{LEVEL}(?:(?:,[ \t]*|[ \t]+và[ \t]+){LEVEL})+"
          rf"|[ \t]+các[ \t]+{LEVEL}|(?:[ \t]+của)?[ \t]+{LEVEL}(?:[ \t]+(?!Đề[ \t]án)(?P<place>{PLACE}))?"
          rf"|[ \t]+(?P<province>{PLACE}))")
# a unit known by its code: "Phòng PC06", "Phòng XDKTVBQPPL", "Cục C06"
CODED = r"(?:Phòng|Cục|Vụ)[ \t]+\p{Lu}{2,}[\p{Lu}\p{N}]*"
PROGRAMME = r"Đề[ \t]án[ \t]+06(?:/CP)?(?:[ \t]+Chính[ \t]phủ)?"
# a group's own level: "các sở, ban, ngành tỉnh", "… thuộc tỉnh", "các Bộ, ngành Trung ương"
GROUP_LEVEL = r"(?:[ \t]+(?:thuộc[ \t]+)?(?:tỉnh|Trung ương))?"


@lru_cache(maxsize=1)
def grammar() -> Scanner:
    rows = table("org_names")

    def names(kind: str) -> str:
        return alternation(r["name"] for r in rows if r["kind"] == kind)

    # between a programme body's head and its programme: words, but none that says what the body does
    between = rf"(?:(?![ \t]+(?:{names('not_in_name')})(?![\p{{L}}]))[^\n.;:()“”/]){{0,110}}?"
    # a unit with its parent after a dash: "Cục Cảnh sát … xã hội - Bộ Công an", "PC06 - Công an tỉnh"
    parent = rf"[ \t]+[-–][ \t]+(?:{names('fixed')}|Công an{LEVELS})(?![\p{{L}}\p{{N}}])"
    groups = "|".join(regex.escape(w) for r in rows if r["kind"] == "group"
                      for w in (r["name"], r["name"][:1].upper() + r["name"][1:]))
    openers = [r["name"].split()[0] for r in rows if r["kind"] != "not_in_name"] + ["Phòng", "Cục", "Vụ"]  # CODED
    return Scanner(regex.compile(
        rf"(?<![\p{{L}}\p{{N}}/-])(?:"
        rf"(?:{names('programme')}){between}[ \t]{PROGRAMME}(?:{LEVELS})?"
        rf"|(?:{names('fixed')}|{CODED})(?![\p{{L}}\p{{N}}])(?:{LEVELS})?(?:{parent})?"
        rf"|(?:{names('programme')}|{names('leveled')})(?:{LEVELS})"
        rf"|(?:{groups}){GROUP_LEVEL}"
        rf"|(?:{names('bare')})"
        rf")(?![\p{{L}}\p{{N}}])"
    ), openers)


def find(text: str) -> list[tuple[int, int]]:
    """Spans of the bodies named in `text`. A place the gazetteer does not know is not part of a name ("UBND
    tỉnh Tập trung …" names "UBND tỉnh"); a name alone after a body must be a province's."""
    known = gazetteer.names()
    places = known["any"]
    out = []
    for m in grammar().finditer(text):
        end = m.end()
        for group, pool in (("place", places), ("province", known["province"])):
            if m.start(group) >= 0 and m[group] not in pool:
                words = m[group].split()
                while words and " ".join(words) not in pool:
                    words.pop()
                end = m.start(group) + len(" ".join(words)) if words else len(text[:m.start(group)].rstrip())
        out.append((m.start(), end))
    return out
