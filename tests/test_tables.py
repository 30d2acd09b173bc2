"""Statistical tables read as text (figures/tables.py), a row a year or a row an item: each row's runs that add up
to its total, the rows under an item that add up to it column by column, and a block of growth rates (or indexes)
checked against the block of values before it. The tables are written here, their values made with Python: a
yearbook page's layout, read through the real pipeline from a TXT file."""

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


# a table a row an item and a column a year, as yearbooks print schools and districts: the item's total, its parts
# under it ("-" for none), then the block of indexes (year before = 100) row for row; the first year has no index
YEARS = (2019, 2020, 2021, 2022)
PUBLIC, PRIVATE = (3_234, 3_289, 3_289, 3_261), (3, 0, 11, 16)
LOWER_PUBLIC, LOWER_PRIVATE = (1_756, 1_775, 1_808, 1_833), (1, 2, 3, 4)


def _cell(v) -> str:
    return f"{v:,}".replace(",", ".") if v else "-"


def _items(index=lambda now, before: now / before * 100) -> list[str]:
    rows = {"Tiểu học - Primary": [a + b for a, b in zip(PUBLIC, PRIVATE, strict=True)], "Công lập - Public": PUBLIC,
            "Ngoài công lập - Non-public": PRIVATE,
            "Trung học cơ sở - Lower secondary": [a + b for a, b in zip(LOWER_PUBLIC, LOWER_PRIVATE, strict=True)],
            "Công lập - Public ": LOWER_PUBLIC, "Ngoài công lập - Non-public ": LOWER_PRIVATE}
    lines = ["Số lớp học phổ thông", "Năm học - School year", " ".join(map(str, YEARS)), "Lớp - Class"]
    lines += [f"{label.strip()} {' '.join(map(_cell, cells))}" for label, cells in rows.items()]
    lines += ["Chỉ số phát triển (Năm trước = 100) - %", "Index (Previous year = 100) - %"]
    for label, cells in rows.items():
        rates = ["-"] + [str(Decimal(index(n, b)).quantize(Decimal("0.01"), ROUND_HALF_UP)).replace(".", ",")
                         if n and b else "-" for n, b in zip(cells[1:], cells, strict=False)]
        lines.append(f"{label.strip()} {' '.join(rates)}")
    return lines


def test_an_item_row_is_checked_against_the_rows_under_it_column_by_column(tmp_path):
    lines = _items()
    ex, found = _claims(tmp_path, "\n".join(lines) + "\n")
    sums = sorted((line, v) for kind, v, line in found if kind == "sum")
    # 2020's private schools are "-": that column has one part, no claim
    assert sums == [(5, "ok")] * 3 + [(8, "ok")] * 4, sums
    growth = [(line, v) for kind, v, line in found if kind == "growth"]
    # every index whose two years are written: 3 a row, less the two next to the "-"
    assert sorted(growth) == sorted([(line, "ok") for line in (13, 14, 16, 17, 18) for _ in range(3)]
                                    + [(15, "ok")]), growth


def test_rows_that_do_not_add_up_are_no_claim_and_a_wrong_index_is_never_an_error(tmp_path):
    lines = _items()
    lines[5] = lines[5].replace("3.289", "3.298", 1)  # a public count off: its total no longer adds up
    lines[15] = lines[15].rsplit(" ", 1)[0] + " 99,99"  # one index of the lower secondary total off
    _, found = _claims(tmp_path, "\n".join(lines) + "\n")
    assert not [line for kind, _, line in found if kind == "sum" and line == 5]
    verdicts = [v for kind, v, line in found if kind == "growth" and line == 16]
    assert "error" not in {v for kind, v, _ in found} and verdicts.count("unverifiable") == 1, found


def test_a_region_adds_up_its_districts_and_the_province_its_regions(tmp_path):
    plain, mountain = [(112, 120, 249), (175, 178, 177)], [(30, 31, 31), (17, 18, 18), (68, 70, 71)]
    region = [tuple(map(sum, zip(*d, strict=True))) for d in (plain, mountain)]
    province = tuple(map(sum, zip(*region, strict=True)))
    lines = ["Dân số trung bình phân theo huyện", "2015 2016 2017", f"TỔNG SỐ - TOTAL {' '.join(map(_cell, province))}",
             f"I. Khu vực đồng bằng {' '.join(map(_cell, region[0]))}"]
    lines += [f"Huyện {name} {' '.join(map(_cell, d))}" for name, d in zip(("Bình Sơn", "Mộ Đức"), plain, strict=True)]
    lines += [f"II. Khu vực miền núi {' '.join(map(_cell, region[1]))}"]
    lines += [f"Huyện {name} {' '.join(map(_cell, d))}" for name, d in zip(("Trà Bồng", "Tây Trà", "Ba Tơ"), mountain, strict=True)]
    ex, found = _claims(tmp_path, "\n".join(lines) + "\n")
    sums = sorted((line, v) for kind, v, line in found if kind == "sum")
    assert sums == [(3, "ok")] * 3 + [(4, "ok")] * 3 + [(7, "ok")] * 3, sums
    province_parts = [c.values["parts"] for c in ex.claims if ex.text.place(c.start, c.end).line == 3]
    assert province_parts == [[float(region[0][k]), float(region[1][k])] for k in range(3)]
