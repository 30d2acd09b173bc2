"""The document's own identity from its header: its number ("Số: 19/BC-TCTTTĐA"), place and date.

Only what the header says: a header lost in extraction gives nothing, and a blank day in a draft
("Đắk Lắk, ngày    tháng 12 năm 2022") gives a partial date ("2022-12"). The rest of the header and
the signature block (issuer, type, title, signers, recipients) are a later step.
"""

from __future__ import annotations

from datetime import date as Date

import regex

from .references import grammar
from .references.key import numbered_key

HEADER = 1500  # the header block sits in the first characters of the clean text
PLACE_DATE = regex.compile(
    r"(?<![\p{L}\p{N}])(?P<place>\p{Lu}[\p{Ll}\p{M}]*(?:[ \t]+\p{Lu}[\p{Ll}\p{M}]*){0,3}),"
    r"[ \t]*ngày[ \t]*(?P<d>\d{1,2})?[ \t]*tháng[ \t]*(?P<m>\d{1,2})?[ \t]*năm[ \t]*(?P<y>(?:19|20)\d\d)"
)
# "Số: 19/BC-…", party "Số 38-KH/TU"; a blank "Số:      /KH-UBND" is a draft without its number yet
OWN_NUMBER = regex.compile(r"(?<![\p{L}\p{N}])Số\s*:?\s*(?=\d|/)")


def _date(m: regex.Match) -> str | None:
    y, mo, d = m["y"], m["m"], m["d"]
    if not mo:
        return y
    try:
        return Date(int(y), int(mo), int(d)).isoformat() if d else f"{int(y):04d}-{int(mo):02d}"
    except ValueError:
        return None


def header(text: str) -> dict:
    """{number, place, date} of the document itself, None where the header does not say."""
    found: dict = {"number": None, "place": None, "date": None}
    head = text[:HEADER]
    m = PLACE_DATE.search(head)
    if m:
        found |= {"place": m["place"], "date": _date(m)}
    so = OWN_NUMBER.search(head)
    if so:
        n = grammar.bare_symbol().match(head, so.end(), so.end() + 80)
        if n:
            found["number"] = numbered_key(n)[0]
    return found
