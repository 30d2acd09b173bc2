"""Vietnamese number reading: "." groups thousands, "," is the decimal mark.

"104.462" is 104462 and "96,62" is 96.62. Writers slip: "27.95%" uses a dot as the decimal mark
(read so when the groups after the dot are not of three digits), "92, 21%" has a stray space after
the comma (read as one number only before "%"). Leading zeros are the norm for small counts ("06").
Each number keeps how many decimals were written: a stated rate is checked to that precision.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex

# a number as written: thousands groups with dots, a decimal part after a comma (or a dot), or plain digits;
# "92, 21" only when a percent sign follows and the whole part has at most three digits ("ngày 30/6/2025, 80%" is
# a year and a rate). A rate may carry a minus sign ("giảm 554 vụ (-4,2%)"); elsewhere a dash before digits joins a
# range or a code. Past 15 digits a run of digits is no quantity (an id, a code).
NUMBER = regex.compile(
    r"(?:(?<![\p{L}\p{N}.,-])|(?<=[(\s][-–])(?=\d[\d.,]*\s?%))(?:"
    r"(?P<grouped>\d{1,3}(?:\.\d{3}){1,4})(?:,(?P<gdec>\d{1,15}))?"
    r"|(?P<int>\d{1,15})(?:(?:,|(?<=(?<!\d)\d{1,3}),\s(?=\d{1,2}\s?%))(?P<dec>\d{1,15})|\.(?P<dotdec>\d{1,2}|\d{4,15})(?=\s?%))?"
    r")(?!\p{N}|[.,]\d)"
)


@dataclass(frozen=True)
class Number:
    value: Decimal
    decimals: int  # how many digits after the decimal mark were written
    start: int
    end: int


def read(m: regex.Match) -> Number:
    if m["grouped"]:
        whole, dec = m["grouped"].replace(".", ""), m["gdec"] or ""
    else:
        whole, dec = m["int"], m["dec"] or m["dotdec"] or ""
    value = Decimal(f"{int(whole)}.{dec}") if dec else Decimal(int(whole))
    return Number(value, len(dec), m.start(), m.end())


def numbers(text: str, start: int = 0, end: int | None = None) -> list[Number]:
    return [read(m) for m in NUMBER.finditer(text, start, len(text) if end is None else end)]


def parse(text: str) -> Number | None:
    """The number that is the whole of `text` (after trimming), or None."""
    m = NUMBER.fullmatch(text.strip())
    return read(m) if m else None


def write(value: Decimal, decimals: int = 0) -> str:
    """The Vietnamese way: 104462 -> '104.462', 96.62 -> '96,62'."""
    q = value.quantize(Decimal(1).scaleb(-decimals)) if decimals else value.to_integral_value()
    whole, _, dec = f"{abs(q):f}".partition(".")
    grouped = ("-" if q < 0 else "") + f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{dec}" if decimals else grouped
