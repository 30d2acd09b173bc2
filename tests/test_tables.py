"""Statistical tables read as text, a row a year (figures/tables.py): each row's runs that add up to its total,
and a block of growth rates (or indexes) checked against the block of values before it. The table is written
here, its values made with Python: a yearbook page's layout, read through the real pipeline from a TXT file."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from extractors.pipeline import extract

VALUES = {2019: (1_199_528, 597_901, 388_527), 2020: (1_195_741, 595_899, 386_608), 2021: (1_206_819, 601_419, 391_396),
          2022: (1_197_823, 606_396, 405_650)}


def _row(year: int, cells) -> str:
    return " ".join([str(year), *(f"{c:,}".replace(",", ".") if isinstance(c, int) else c for c in cells)])


def _table(rate_of=lambda now, before: (now / before - 1) * 100, heading="Tỷ lệ tăng - Growth rate (%)") -> str:
    rows = ["Dân số trung bình phân theo giới tính", "Tổng số Nam Nữ Thành thị Nông thôn", "Người - Person"]
    cells_of = {year: [t, m, t - m, u, t - u] for year, (t, m, u) in VALUES.items()}
    for year, cells in cells_of.items():
        rows.append(_row(year, cells))
    rows.append(heading)
    for year in list(VALUES)[1:]:
        now, before = cells_of[year], cells_of[year - 1]
        cells = [Decimal(rate_of(n, b)).quantize(Decimal("0.01"), ROUND_HALF_UP) for n, b in zip(now, before, strict=True)]
        rows.append(" ".join([str(year), *(str(c).replace(".", ",") for c in cells)]))
    return "\n".join(rows) + "\n"


def _claims(tmp_path, text: str):
    path = tmp_path / "nien-giam.txt"
    path.write_text(text, encoding="utf-8")
    ex = extract(path)
    return ex, [(c.kind, c.verdict, ex.text.place(c.start, c.end).line) for c in ex.claims]


def test_each_row_adds_up_by_sex_and_by_residence_on_its_own_line(tmp_path):
    ex, found = _claims(tmp_path, _table())
    sums = [(line, verdict) for kind, verdict, line in found if kind == "sum"]
    assert sums == [(line, "ok") for line in (4, 4, 5, 5, 6, 6, 7, 7)], sums  # every row, both breakdowns


def test_a_growth_block_is_checked_cell_by_cell_and_a_wrong_cell_is_never_an_error(tmp_path):
    text = _table()
    ex, found = _claims(tmp_path, text)
    growth = [(line, verdict) for kind, verdict, line in found if kind == "growth"]
    assert len(growth) == 15 and {v for _, v in growth} == {"ok"} and {line for line, _ in growth} == {9, 10, 11}
    lines = text.splitlines()
    wrong = lines[9].split()  # one cell off: 2021's male growth
    wrong[2] = "1,93" if wrong[2] != "1,93" else "2,93"
    lines[9] = " ".join(wrong)
    _, found = _claims(tmp_path, "\n".join(lines) + "\n")
    verdicts = sorted(v for kind, v, _ in found if kind == "growth")
    assert verdicts == ["ok"] * 14 + ["unverifiable"], verdicts


def test_an_index_block_with_the_year_before_100_is_read_as_one(tmp_path):
    text = _table(rate_of=lambda now, before: now / before * 100, heading="Chỉ số phát triển (Năm trước = 100) - %")
    _, found = _claims(tmp_path, text)
    assert [v for kind, v, _ in found if kind == "growth"] == ["ok"] * 15


def test_rates_that_fit_no_reading_are_not_claimed(tmp_path):
    text = _table(rate_of=lambda now, before: now / before * 37)  # no change, no index: some other measure
    _, found = _claims(tmp_path, text)
    assert not [k for k, *_ in found if k == "growth"]
