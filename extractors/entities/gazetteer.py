"""Places from a maintained gazetteer: vietnamadminunits holds the 63 provinces, their districts and communes
as they were before the 2025 merger, and the 34 provinces and 3 321 communes after it. A place is matched
with its level word ("tỉnh Lâm Đồng", "xã Hoằng Kim", "huyện Krông Búk"); a province also alone ("Lâm Đồng")."""

from __future__ import annotations

import importlib.util
import sqlite3
from contextlib import closing
from functools import lru_cache
from pathlib import Path

import regex

from ..rules import levels

LEVELS = levels("gazetteer")  # level word -> the unit a name after it is looked up in


def query(sql: str) -> list[sqlite3.Row]:
    """Rows of vietnamadminunits' SQLite dataset, read as its own `database.query` reads them, but without
    importing the package: its __init__ loads the address parsers and shapely (0.25 s), which are not used here."""
    package = importlib.util.find_spec("vietnamadminunits").submodule_search_locations[0]
    with closing(sqlite3.connect(f"{(Path(package) / 'data' / 'dataset.db').as_uri()}?immutable=1", uri=True)) as conn:
        conn.row_factory = sqlite3.Row
        return conn.execute(sql).fetchall()


@lru_cache(maxsize=1)
def names() -> dict[str, frozenset[str]]:
    """Level -> short names: {'province': {'Lâm Đồng', 'Đắk Nông', …}, 'district': {…}, 'ward': {…}, 'any': all}."""
    def column(name: str, *tables: str) -> frozenset[str]:
        found = {r["n"] for t in tables for r in query(f"select distinct {name} as n from {t}")}
        return frozenset(n.strip() for n in found if n and n.strip() and not n.strip().isdigit())

    provinces = column("provinceShort", "admin_units", "admin_units_legacy")
    districts = column("districtShort", "admin_units_legacy")
    wards = column("wardShort", "admin_units", "admin_units_legacy")
    return {"province": provinces, "district": districts, "ward": wards, "any": provinces | districts | wards}


def places(text: str) -> list[tuple[int, int]]:
    """Spans of the places `text` names with their level word, the name known to the gazetteer at that level
    ("xã Hoằng Kim"; "tỉnh Tập trung" is no place): the longest known name of up to four words."""
    found, out = names(), []
    for m in LEVELED.finditer(text):
        level = m["level"].lower().rstrip(".")
        pool = found[LEVELS[level]]
        words = m["name"].split()
        while words and " ".join(words) not in pool:
            words.pop()
        if words:
            out.append((m.start(), m.start("name") + len(" ".join(words))))
    return out


# a level word of LEVELS ("TP." with its dot) and the capitalised words after it
_LEVEL_WORDS = "|".join(r"tp\.?" if w == "tp" else regex.escape(w) for w in LEVELS)  # LEVELS: longest first
LEVELED = regex.compile(rf"(?<![\p{{L}}])(?P<level>(?i:{_LEVEL_WORDS}))"
                        r"[ \t]+(?P<name>\p{Lu}[\p{L}\p{M}’']*(?:[ \t]+\p{Lu}[\p{L}\p{M}’']*){0,3})")


@lru_cache(maxsize=1)
def province_names() -> dict[str, str]:
    """Short name -> full name with its level: 'Lâm Đồng' -> 'tỉnh Lâm Đồng', 'Hà Nội' -> 'thành phố Hà Nội'."""
    rows = [r for t in ("admin_units", "admin_units_legacy")
            for r in query(f"select distinct province as full, provinceShort as short from {t}")]
    return {r["short"].strip(): r["full"][:1].lower() + r["full"][1:] for r in rows if r["short"] and r["full"]}
