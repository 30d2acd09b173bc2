"""Statistical tables read as text, a row a year ("2016 1.227.576 611.359 616.217 379.272 848.304"), as yearbooks
print them: a row's total and the runs of its cells that add up to it (male + female, urban + rural), and a block
of rates under a block of values ("Tỷ lệ tăng - Growth rate (%)", "Chỉ số phát triển (Năm trước = 100)")
checked cell by cell against the values' change from the year before.

Nothing in a table's text says which columns are parts of which, or which block is the growth of which: a run is
claimed only where it adds up, and a block of rates only where most of its cells fit one reading (a change in
percent, or an index with the year before = 100). So these claims only ever confirm, or, for a rate in a block
that fits elsewhere, say it does not (a growth is never an error).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex

from ..spans import Sorted
from . import judge
from .find import Figure
from .judge import Claim, consistent, written
from .numbers import parse

# a row: an optional label ("Sơ bộ - Prel.", "Huyện Bình Sơn"), an optional year, then numbers only
ROW = regex.compile(r"(?m)^[ \t]*(?:[^\d\n]{1,40}?[ \t])?(?:((?:19|20)\d\d)[ \t]+)?"
                   r"(-?[\d.,]+(?:[ \t]+-?[\d.,]+)+)[ \t]*$")
CELL = regex.compile(r"-?[\d.,]+")
FITTING = Decimal("0.6")  # the share of a block's cells that must fit one reading for it to be that block's


@dataclass(frozen=True)
class Row:
    year: int | None  # None: a row labelled otherwise ("Huyện Bình Sơn")
    cells: tuple[Figure, ...]  # signed: a rate written "-0,71" is -0.71


def _cells(m: regex.Match) -> tuple[Figure, ...] | None:
    """A row's cells as figures, signed ("-0,71" is a fall); None if one is not a number."""
    cells = []
    for c in CELL.finditer(m[0], m.start(2) - m.start(), m.end(2) - m.start()):
        number = parse(c[0].lstrip("-"))
        if number is None:
            return None
        sign = -1 if c[0].startswith("-") else 1
        cells.append(Figure(sign * number.value, number.decimals, None, None, None,
                            m.start() + c.start(), m.start() + c.end()))
    return tuple(cells)


def _rows(text: str) -> list[list[Row]]:
    """The table rows, in blocks of consecutive lines."""
    blocks, last_end = [], None
    for m in ROW.finditer(text):
        cells = _cells(m)
        if cells is None:
            last_end = None
            continue
        row = Row(int(m[1]) if m[1] else None, cells)
        if last_end is not None and text[last_end:m.start()] == "\n":  # the next line: the same block
            blocks[-1].append(row)
        else:
            blocks.append([row])
        last_end = m.end()
    return blocks


def year_tables(text: str, figures: Sorted, found: list[Claim]) -> list[Claim]:
    """Sums along each row, and growth blocks against the value blocks before them."""
    blocks = _rows(text)
    out = [claim for block in blocks for row in block for claim in _row_sums(row)]
    for k, rates in enumerate(blocks):
        for values in reversed(blocks[:k]):  # the nearest block of values before it that the rates fit
            if claims := _growths(values, rates):
                out += claims
                break
    return out


def _row_sums(row: Row) -> list[Claim]:
    """The runs of cells after the first that each add up to it (within their rounding), left to right."""
    total, cells, out, i = row.cells[0], row.cells, [], 1
    while i < len(cells):
        reached, j = Decimal(0), i
        while j < len(cells) and reached + cells[j].value <= total.value + _slack([total, *cells[i:j + 1]]):
            reached, j = reached + cells[j].value, j + 1
            if j - i >= 2 and abs(reached - total.value) <= _slack([total, *cells[i:j]]):
                break
        run = list(cells[i:j])
        if len(run) >= 2 and abs(reached - total.value) <= _slack([total, *run]):
            out.append(judge.total(total, run, False, total.start, run[-1].end))
            i = j
        else:
            i += 1
    return [c for c in out if c.verdict == "ok"]


def _slack(cells: list[Figure]) -> Decimal:
    """How far a sum of rounded cells may be from its rounded total: half the last written digit each."""
    return sum((Decimal(1).scaleb(-c.decimals) / 2 for c in cells), Decimal(0))


def _growths(values: list[Row], rates: list[Row]) -> list[Claim]:
    """Each rate against its column's change from the year before, when most cells fit one reading."""
    by_year = {r.year: r.cells for r in values if r.year}
    pairs = [(rate, by_year[r.year][c], by_year[r.year - 1][c])
             for r in rates if r.year and r.year in by_year and r.year - 1 in by_year
             and len(r.cells) == len(by_year[r.year]) == len(by_year[r.year - 1])
             for c, rate in enumerate(r.cells)]
    pairs = [(rate, now, before) for rate, now, before in pairs if before.value]
    if len(pairs) < 3:
        return []
    readings = {"change": lambda now, before: (now.value / before.value - 1) * 100,
                "index": lambda now, before: now.value / before.value * 100}
    fits = {name: sum(consistent(f(now, before), rate.value, rate.decimals, None) for rate, now, before in pairs)
            for name, f in readings.items()}
    name = max(fits, key=fits.get)
    if fits[name] < max(3, FITTING * len(pairs)):
        return []
    said = "{} / {} − 1" if name == "change" else "{} / {} × 100"
    return [judge.change(rate, [(said.format(written(now), written(before)), readings[name](now, before))],
                         {"current": float(now.value), "previous": float(before.value), "index": name == "index"},
                         rate.start, rate.end)
            for rate, now, before in pairs]
