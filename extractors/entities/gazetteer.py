"""Places from a maintained gazetteer: vietnamadminunits holds the 63 provinces, their districts and communes
as they were before the 2025 merger, and the 34 provinces and 3 321 communes after it. A place is matched
with its level word ("tỉnh Lâm Đồng", "xã Hoằng Kim", "huyện Krông Búk"); a province also alone ("Lâm Đồng")."""

from __future__ import annotations

from functools import lru_cache

from vietnamadminunits.database import query

LEVELS = {"tỉnh": "province", "thành phố": "any", "huyện": "district", "quận": "district", "thị xã": "any",
          "xã": "ward", "phường": "ward", "thị trấn": "ward", "đặc khu": "ward", "tp": "any", "tp.": "any"}


@lru_cache(maxsize=1)
def names() -> dict[str, frozenset[str]]:
    """Level -> short names: {'province': {'Lâm Đồng', 'Đắk Nông', …}, 'district': {…}, 'ward': {…}}."""
    def column(name: str, *tables: str) -> frozenset[str]:
        found = {r["n"] for t in tables for r in query(f"select distinct {name} as n from {t}")}
        return frozenset(n.strip() for n in found if n and n.strip() and not n.strip().isdigit())

    provinces = column("provinceShort", "admin_units", "admin_units_legacy")
    districts = column("districtShort", "admin_units_legacy")
    wards = column("wardShort", "admin_units", "admin_units_legacy")
    return {"province": provinces, "district": districts, "ward": wards}


def phrases() -> list[tuple[str, str]]:
    """(level word + name, 'LOC') for every place, lower-cased for a case-blind match; provinces alone too."""
    found = names()
    out = set()
    for level, kind in LEVELS.items():
        pool = found["province"] | found["district"] | found["ward"] if kind == "any" else found[kind]
        out.update(f"{level} {name}".lower() for name in pool)
    out.update(name.lower() for name in found["province"])
    return sorted(out)


@lru_cache(maxsize=1)
def province_names() -> dict[str, str]:
    """Short name -> full name with its level: 'Lâm Đồng' -> 'tỉnh Lâm Đồng', 'Hà Nội' -> 'thành phố Hà Nội'."""
    rows = [r for t in ("admin_units", "admin_units_legacy")
            for r in query(f"select distinct province as full, provinceShort as short from {t}")]
    return {r["short"].strip(): r["full"][:1].lower() + r["full"][1:] for r in rows if r["short"] and r["full"]}
