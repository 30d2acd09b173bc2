"""The period a document reports on or plans for, from its title: 'tháng 11/2025' -> 2025-11 … 2025-11;
'giai đoạn 2022-2025' -> 2022 … 2025; 'Tổng kết 01 năm' in a report dated 2022-12 -> 2022-01 … 2022-12.
The forms are rules/periods.tsv; names in quotes (a programme's own period) are not the document's."""

from __future__ import annotations

from functools import lru_cache

import regex

from ..rules import table

QUOTED = regex.compile(r"“[^”]*”|\"[^\"]*\"")
QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}


@lru_cache(maxsize=1)
def forms() -> tuple[tuple[regex.Pattern, str], ...]:
    return tuple((regex.compile(r["pattern"], regex.IGNORECASE), r["kind"]) for r in table("periods"))


def period(title: str | None, dated: str | None = None) -> dict | None:
    """{text, start, end} of the first period the title states, None if it states none."""
    if not title:
        return None
    text = QUOTED.sub(" ", title)
    found = [(m.start(), rank, m, kind) for rank, (p, kind) in enumerate(forms()) if (m := p.search(text))]
    for _, _, m, kind in sorted(found, key=lambda f: (f[0], f[1])):
        span = _span(m, kind, dated)
        if span:
            return {"text": " ".join(m[0].split()), "start": span[0], "end": span[1]}
    return None


def _span(m: regex.Match, kind: str, dated: str | None) -> tuple[str, str] | None:
    g = m.groupdict()
    if kind == "month":
        return (f"{g['y']}-{int(g['m']):02d}",) * 2
    if kind == "quarter":
        q = QUARTERS[g["q"].upper()]
        return f"{g['y']}-{3 * q - 2:02d}", f"{g['y']}-{3 * q:02d}"
    if kind == "half":
        return f"{g['y']}-01", f"{g['y']}-06"
    if kind == "span":
        return g["y1"], g["y2"]
    if kind == "year":
        return g["y"], g["y"]
    if kind == "years" and dated and len(dated) >= 7:  # "01 năm" up to the report's month
        year, month = int(dated[:4]), int(dated[5:7])
        first = year * 12 + month - 12 * int(g["n"])  # months since year 0 of the month before the period
        return f"{first // 12}-{first % 12 + 1:02d}", dated[:7]
    return None
