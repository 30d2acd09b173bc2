"""Statistical tables read as text, as yearbooks print them: a row a year ("2016 1.227.576 611.359 616.217 379.272
848.304") or a row an item with a column a year ("Tiểu học - Primary 3.237 3.294 3.300", "Công lập - Public 3.234
3.289 3.289", "Ngoài công lập - Non-public 3 5 11"). Checked: a row's total and the runs of its cells that add up to
it (male + female, urban + rural); an item's row and the rows under it that add up to it column by column (public +
non-public, the districts of a region); and a block of rates under a block of values ("Tỷ lệ tăng - Growth rate
(%)", "Chỉ số phát triển (Năm trước = 100)") cell by cell against the values' change from the year before (the row
above, or the column to the left).

Nothing in a table's text says which columns or rows are parts of which, or which block is the growth of which: a
run is claimed only where it adds up (rows only where every column does), and a block of rates only where most of
its cells fit one reading (a change in percent, or an index with the year before = 100). So these claims only ever
confirm, or, for a rate in a block that fits elsewhere, say it does not (a growth is never an error).
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

# a row: an optional label ("Sơ bộ - Prel.", "Huyện Bình Sơn"), an optional year, then cells only: numbers, or "-"
# for none
ROW = regex.compile(r"(?m)^[ \t]*(?:[^\d\n]{1,60}?[ \t])?(?:((?:19|20)\d\d)[ \t]+)?"
                   r"((?:-?[\d.,]+|-)(?:[ \t]+(?:-?[\d.,]+|-))+)[ \t]*$")
CELL = regex.compile(r"-?[\d.,]+|-")
# lines between two rows of one table: its labels ("Số trường học (Trường)", "Phân theo giới tính - By sex")
LABEL_LINES = regex.compile(r"(?:\n[^\d\n]{1,80})*\n")
# a label that opens a block of rates under the values
RATES_HEAD = regex.compile(r"(?i:chỉ số phát triển|tỷ lệ tăng|tốc độ tăng|index|growth rate)")
FITTING = Decimal("0.6")  # the share of a block's cells that must fit one reading for it to be that block's


@dataclass(frozen=True)
class Row:
    year: int | None  # None: a row labelled otherwise ("Huyện Bình Sơn")
    cells: tuple[Figure | None, ...]  # signed: a rate written "-0,71" is -0.71; None for "-" (none)

    @property
    def full(self) -> bool:
        return None not in self.cells


def _cells(m: regex.Match) -> tuple[Figure | None, ...] | None:
    """A row's cells as figures, signed ("-0,71" is a fall), None for "-"; None if one is not a number."""
    cells = []
    for c in CELL.finditer(m[0], m.start(2) - m.start(), m.end(2) - m.start()):
        if c[0] == "-":
            cells.append(None)
            continue
        number = parse(c[0].lstrip("-"))
        if number is None:
            return None
        sign = -1 if c[0].startswith("-") else 1
        cells.append(Figure(sign * number.value, number.decimals, None, None, None,
                            m.start() + c.start(), m.start() + c.end()))
    return tuple(cells)


def _rows(text: str) -> list[list[Row]]:
    """The table rows, in blocks: rows with at most a few label lines between them, a block of rates apart."""
    blocks, last_end = [], None
    for m in ROW.finditer(text):
        cells = _cells(m)
        if cells is None or all(c is None for c in cells):
            last_end = None
            continue
        row = Row(int(m[1]) if m[1] else None, cells)
        between = LABEL_LINES.fullmatch(text, last_end, m.start()) if last_end is not None else None
        if between and between.group().count("\n") <= 4 and not RATES_HEAD.search(between.group()):
            blocks[-1].append(row)
        else:
            blocks.append([row])
        last_end = m.end()
    return blocks


def year_tables(text: str, figures: Sorted, found: list[Claim]) -> list[Claim]:
    """Sums along each row, and growth blocks against the value blocks before them."""
    blocks = _rows(text)
    out = [claim for block in blocks for row in block if row.full for claim in _row_sums(row)]
    out += [claim for block in blocks for claim in _column_sums([r for r in block if r.year is None])]
    for k, rates in enumerate(blocks):
        for values in reversed(blocks[:k]):  # the nearest block of values before it that the rates fit
            if claims := _growths(values, rates) or _column_growths(values, rates):
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
    pairs = [(rate, now, before) for rate, now, before in pairs if rate and now and before and before.value]
    name = _reading(pairs)
    return _changes(pairs, name) if name else []


READINGS = {"change": lambda now, before: (now.value / before.value - 1) * 100,
            "index": lambda now, before: now.value / before.value * 100}


def _fitting(pairs: list[tuple[Figure, Figure, Figure]], name: str) -> int:
    return sum(consistent(READINGS[name](now, before), rate.value, rate.decimals, None) for rate, now, before in pairs)


def _reading(pairs: list[tuple[Figure, Figure, Figure]]) -> str | None:
    """The reading most of the (rate, now, before) cells fit, a change in percent or an index, or None."""
    fits = {name: _fitting(pairs, name) for name in READINGS}
    name = max(fits, key=fits.get)
    return name if pairs and fits[name] >= max(3, FITTING * len(pairs)) else None


def _changes(pairs: list[tuple[Figure, Figure, Figure]], name: str) -> list[Claim]:
    said = "{} / {} − 1" if name == "change" else "{} / {} × 100"
    return [judge.change(rate, [(said.format(written(now), written(before)), READINGS[name](now, before))],
                         {"current": float(now.value), "previous": float(before.value), "index": name == "index"},
                         rate.start, rate.end)
            for rate, now, before in pairs]


def _column_growths(values: list[Row], rates: list[Row]) -> list[Claim]:
    """A block of rates under a block of item rows, row for row, each cell against the cell to its left in the
    values (the year before): the columns where most rows fit the block's reading (the first column, and one whose
    year before is not printed, have none)."""
    values, rates = [r for r in values if r.year is None], [r for r in rates if r.year is None]
    if len(values) != len(rates) or any(len(v.cells) != len(r.cells) for v, r in zip(values, rates, strict=True)):
        return []
    columns = [[(r.cells[c], v.cells[c], v.cells[c - 1]) for v, r in zip(values, rates, strict=True)
                if r.cells[c] and v.cells[c] and v.cells[c - 1] and v.cells[c - 1].value]
               for c in range(1, len(values[0].cells) if values else 0)]
    name = _reading([p for column in columns for p in column])
    if name is None:
        return []
    return [claim for column in columns if column and _fitting(column, name) >= FITTING * len(column)
            for claim in _changes(column, name)]


def _column_sums(rows: list[Row]) -> list[Claim]:
    """Item rows that the rows under them add up to in every column ("Tiểu học" = "Công lập" + "Ngoài công lập";
    a region = its districts, a region's own total row counted for its districts): a sum for each column with two
    parts or more ("-" counts as none)."""
    heads: dict[int, int] = {}  # a row that is a total → the row after its parts
    for i in reversed(range(len(rows))):
        total, width = rows[i].cells, len(rows[i].cells)
        if None in total:
            continue
        reached, j, parts = [Decimal(0)] * width, i + 1, []
        while j < len(rows) and len(rows[j].cells) == width:
            parts.append(rows[j])
            reached = [r + (c.value if c else 0) for r, c in zip(reached, rows[j].cells, strict=True)]
            j = heads.get(j, j + 1)  # a total with its parts counts as one part
            slack = [_slack([t, *(p.cells[c] for p in parts if p.cells[c])]) for c, t in enumerate(total)]
            if any(r > t.value + s for r, t, s in zip(reached, total, slack, strict=True)):
                break
            if len(parts) >= 2 and all(abs(r - t.value) <= s for r, t, s in zip(reached, total, slack, strict=True)):
                heads[i] = j
                break
    out = []
    for i, end in sorted(heads.items()):
        parts = [k for k in range(i + 1, end) if not any(h < k < e for h, e in heads.items() if i < h)]
        for c, total in enumerate(rows[i].cells):
            cells = [rows[k].cells[c] for k in parts if rows[k].cells[c]]
            if len(cells) >= 2:
                out.append(judge.total(total, cells, False, total.start, max(p.end for p in cells)))
    return [c for c in out if c.verdict == "ok"]
