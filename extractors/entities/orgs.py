"""Bodies named in running text (ORG), by a grammar whose words are rules/org_names.tsv:

    fixed name [level [place]]            "Bộ Công an", "Sở Tư pháp tỉnh Lâm Đồng"
    head [cấp] [các] level[, level…] [place]   "Công an tỉnh", "UBND cấp xã", "UBND các xã, phường, đặc khu",
                                          "Công an xã Hoằng Kim"
    programme head … Đề án 06[/CP] [level [place]]   "Ban Chỉ đạo Đề án 06 tỉnh", "Tổ công tác triển khai Đề án 06"

A body named with its place is one ORG, not an ORG and a LOC."""

from __future__ import annotations

from functools import lru_cache

import regex

from ..rules import table
from . import gazetteer

LEVEL = r"(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu|Trung ương|trung ương)"
PLACE = r"\p{Lu}[\p{Ll}\p{M}’']*(?:[ \t]+\p{Lu}[\p{Ll}\p{M}’']*){0,3}"
# "tỉnh Lâm Đồng", "cấp xã", "các xã, phường, đặc khu" (a list of levels names no one place)
LEVELS = (rf"(?:[ \t]+cấp[ \t]+{LEVEL}|[ \t]+các[ \t]+{LEVEL}(?:,[ \t]*{LEVEL})*"
          rf"|[ \t]+{LEVEL}(?:[ \t]+(?!Đề[ \t]án)(?P<place>{PLACE}))?)")
PROGRAMME = r"Đề[ \t]án[ \t]+06(?:/CP)?"


@lru_cache(maxsize=1)
def grammar() -> regex.Pattern:
    rows = table("org_names")

    def names(kind: str) -> str:
        chosen = sorted((r["name"] for r in rows if r["kind"] == kind), key=len, reverse=True)
        return "|".join(regex.escape(n) for n in chosen)

    # between a programme body's head and its programme: words, but none that says what the body does
    between = rf"(?:(?![ \t]+(?:{names('not_in_name')})(?![\p{{L}}]))[^\n.;:()“”/]){{0,110}}?"
    return regex.compile(
        rf"(?<![\p{{L}}\p{{N}}/-])(?:"
        rf"(?:{names('programme')}){between}[ \t]{PROGRAMME}(?:{LEVELS})?"
        rf"|(?:{names('programme')}|{names('leveled')})(?:{LEVELS})"
        rf"|(?:{names('fixed')})(?![\p{{L}}\p{{N}}])(?:{LEVELS})?"
        rf")(?![\p{{L}}\p{{N}}])"
    )


def find(text: str) -> list[tuple[int, int]]:
    """Spans of the bodies named in `text`; a place after a level that the gazetteer does not know is not part
    of the name ("UBND tỉnh Tập trung …" names "UBND tỉnh")."""
    known = gazetteer.names()
    places = known["province"] | known["district"] | known["ward"]
    out = []
    for m in grammar().finditer(text):
        end = m.end()
        if m["place"] and m["place"] not in places:
            words = m["place"].split()
            while words and " ".join(words) not in places:
                words.pop()
            end = m.start("place") + len(" ".join(words)) if words else m.start("place") - 1
        out.append((m.start(), end))
    return out
