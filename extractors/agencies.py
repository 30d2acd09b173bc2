"""Agency names as task tables and plans write them: where one starts (a head word from
rules/agencies.tsv: "Công an", "Sở", "UBND", "Bộ phận" …) and how a list of them splits into units."""

from __future__ import annotations

from functools import lru_cache

import regex

from .rules import alternation, level_alternation, table


@lru_cache(maxsize=1)
def heads() -> regex.Pattern:
    """Any agency head at a word start, longest first."""
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{alternation(r['head'] for r in table('agencies'))})"
                         r"(?![\p{Ll}\p{N}])")


def starts_agency(text: str, pos: int = 0) -> bool:
    return heads().match(text, pos) is not None


def _top_level(text: str) -> list[int]:
    """Positions of characters outside parentheses."""
    depth, out = 0, []
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(i)
    return out


# ';' with no space after it stays inside a name ("Viettel;VNPT…" in one cell)
SEPARATOR = regex.compile(r"\s*(?:,\s*(?:và\s+)?|;\s+(?:và\s+)?|\s+và\s+)")
LEVEL = rf"(?:{level_alternation('agency')})"
# "UBND huyện Ea Súp, huyện Krông Búk": a level word with a name after a comma is a unit of its own
NAMED_PLACE = regex.compile(rf"{LEVEL}\s+\p{{Lu}}")


def split(cell: str) -> list[str]:
    """'Sở Tư pháp, Văn phòng UBND tỉnh (Trung tâm …), Sở Y tế và các đơn vị có liên quan' -> four units;
    a comma not followed by a new agency stays inside one ('UBND các huyện, thị xã, thành phố')."""
    cell = " ".join(cell.split()).strip(" .;,")
    if not cell:
        return []
    outside = set(_top_level(cell))
    units, start = [], 0
    for m in SEPARATOR.finditer(cell):
        if m.start() not in outside or m.start() == 0:
            continue
        rest = cell[m.end():]
        if (starts_agency(rest) or (rest[:4].lower() == "các " and "và" in m[0]) or ";" in m[0]
                or ("," in m[0] and NAMED_PLACE.match(rest))):
            units.append(cell[start:m.start()])
            start = m.end()
    units.append(cell[start:])
    return [u.strip(" .;,") for u in units if u.strip(" .;,")]
