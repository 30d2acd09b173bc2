"""Vietnamese number reading and the rule that judges a stated rate (property tests)."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from extractors.figures.claims import claims
from extractors.figures.find import find
from extractors.figures.judge import consistent
from extractors.figures.numbers import numbers, parse, write
from extractors.pipeline import extract

values = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(value=values, decimals=st.integers(0, 2))
def test_numbers_written_the_vietnamese_way_parse_back(value, decimals):
    q = value.quantize(Decimal(1).scaleb(-decimals)) if decimals else value.to_integral_value()
    n = parse(write(q, decimals))
    assert n is not None and n.value == q and n.decimals == decimals


def test_reading_in_context():
    text = "104.462 hồ sơ/108.117 hồ sơ, đạt 96,62%; 27.95% (244/ 873); 92, 21%; 06 nhiệm vụ; 13.125,37km"
    assert [(float(n.value), n.decimals) for n in numbers(text)] == [
        (104462, 0), (108117, 0), (96.62, 2), (27.95, 2), (244, 0), (873, 0), (92.21, 2), (6, 0), (13125.37, 2)]


def test_dates_document_numbers_and_sections_are_not_figures():
    text = "1. Ngày 06/01/2022, năm 2025, giai đoạn 2022-2025, Điều 5, (3) theo Quyết định số 06/QĐ-TTg: 12 hồ sơ"
    assert [(float(f.value), f.unit) for f in find(text)] == [(12, "hồ sơ")]


def test_a_scale_word_before_a_currency_scales_it_and_tỷ_đồng_stays_a_unit():
    text = "xuất khẩu đạt 10,77 tỷ USD, trong đó khu vực trong nước 212 triệu USD; thu 3.120 tỷ đồng, chi 12 tỷ"
    assert [(float(f.value), f.unit) for f in find(text)] == [
        (10_770_000_000, "USD"), (212_000_000, "USD"), (3120, "tỷ đồng"), (12, "tỷ")]


def test_a_date_then_a_rate_are_a_date_and_a_rate():
    # 004: "Đến ngày 30/6/2025, 80% doanh nghiệp" once read as 2025,80%; "28/02/202" (a slip) as the figure 202
    text = "Đến ngày 30/6/2025, 80% doanh nghiệp; Kế hoạch số 42/KH-UBND Ngày 28/02/202; ngày 28/09/2023 danh mục"
    assert [(float(f.value), f.unit) for f in find(text)] == [(80, "%")]


fractions = st.tuples(st.integers(1, 10**6), st.integers(1, 10**6)).filter(lambda ab: ab[0] <= ab[1])


def sentence(a: int, b: int, rate: Decimal, decimals: int) -> str:
    return f"đã tiếp nhận {write(Decimal(a))} hồ sơ trực tuyến/{write(Decimal(b))} hồ sơ, đạt tỷ lệ {write(rate, decimals)}%."


@settings(max_examples=300, deadline=None)
@given(ab=fractions, decimals=st.integers(0, 2), rounding=st.sampled_from([ROUND_HALF_UP, ROUND_DOWN]))
def test_a_fraction_with_its_rounded_or_truncated_rate_is_never_flagged(ab, decimals, rounding):
    a, b = ab
    rate = (Decimal(a) / Decimal(b) * 100).quantize(Decimal(1).scaleb(-decimals), rounding)
    text = sentence(a, b, rate, decimals)
    (claim,) = claims(text, find(text))
    assert claim.kind == "ratio" and claim.verdict == "ok", claim


@settings(max_examples=300, deadline=None)
@given(ab=fractions, decimals=st.integers(0, 2), off=st.integers(2, 500), sign=st.sampled_from([1, -1]))
def test_a_rate_off_by_more_than_its_written_precision_is_flagged_when_it_is_a_near_miss(ab, decimals, off, sign):
    """A written fraction with a rate off by more than its precision: an error when the miss is a slip's (within
    a quarter of the stated rate), unverifiable when it is so far off that the figures were misread; never ok."""
    a, b = ab
    step = Decimal(1).scaleb(-decimals)
    exact = Decimal(a) / Decimal(b) * 100
    rate = exact.quantize(step, ROUND_HALF_UP) + sign * off * step
    assume(rate >= 0 and abs(rate - exact) > step)
    text = sentence(a, b, rate, decimals)
    (claim,) = claims(text, find(text))
    near = abs(exact - rate) <= rate * Decimal("0.25") and not (rate <= 100 < exact and exact > rate * Decimal("1.25"))
    assert claim.verdict == ("error" if near else "unverifiable"), claim


def test_approximations_are_judged_by_their_direction():
    assert consistent(Decimal("85.3"), Decimal(80), 0, "above")
    assert not consistent(Decimal("75"), Decimal(80), 0, "above")
    assert consistent(Decimal("49.6"), Decimal(50), 0, "below")


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.integers(1, 10**5), min_size=2, max_size=4), off=st.integers(-3, 3))
def test_a_total_whose_parts_are_not_said_to_be_all_of_it_is_ok_or_not_claimed(parts, off):
    """'T đảng viên bị kỷ luật. Cụ thể, … a đảng viên …; … b đảng viên': the parts are not said to be all of it,
    so the total is claimed only when they add up to it (tallies), and never an error."""
    total = sum(parts) + off
    assume(total >= 3)
    who = ("cấp ủy các cấp", "ủy ban kiểm tra các cấp", "các chi bộ", "Ban Thường vụ Tỉnh ủy")
    detail = "; ".join(f"{w} đã thi hành kỷ luật {write(Decimal(p))} đảng viên" for w, p in zip(who, parts, strict=False))
    text = f"Trong năm, có {write(Decimal(total))} đảng viên bị thi hành kỷ luật.\nCụ thể, {detail}."
    found = [c for c in claims(text, find(text)) if c.kind == "sum" and c.reported == total]
    assert all(c.verdict != "error" for c in found), found
    adds_up = any(sum(parts[:k]) == total for k in range(2, len(parts) + 1))  # the first k parts make it
    assert [c.verdict for c in found] == (["ok"] if adds_up else [])


def test_a_table_row_whose_first_cell_is_the_sum_of_the_others_is_checked():
    text = "Mức độ     Tổng số    Đúng hạn    Trễ hạn\nMức 1, 2 268763 257141 11622\nMức 3 68544 61827 6717"
    assert [(c.kind, c.verdict, c.reported) for c in claims(text, find(text))] == [
        ("sum", "ok", 268763), ("sum", "ok", 68544)]


def test_a_share_of_a_whole_named_after_the_rate_takes_that_noun_as_its_base():
    """'… 215 đảng viên …; trong đó, có 47 cấp ủy viên, chiếm p% tổng số đảng viên bị kỷ luật': the part counts
    another noun, the rate names its whole's; 'trong đó' ties the part to the one such whole of its sentence."""
    def judged(rate: str):
        text = (f"Cấp ủy các cấp đã thi hành kỷ luật 215 đảng viên, bằng 58,58% so với cùng kỳ 2022; trong đó, có 47 "
                f"cấp ủy viên, chiếm {rate}% tổng số đảng viên bị kỷ luật.")
        (claim,) = [c for c in claims(text, find(text)) if c.kind == "share"]
        return claim.verdict, claim.message
    assert judged("21,86") == ("ok", "47/215 = 21,86%")
    assert judged("23,9")[0] == "error"
    assert judged("12,8")[0] == "unverifiable"  # too far off for a slip: the terms may be misread


VIPARSE_PLAN = Path(__file__).resolve().parents[2] / "shared" / "viparse-corpus" / "ground-truth" / "2004-duanLD9820.txt"


@pytest.mark.skipif(not VIPARSE_PLAN.exists(), reason="../shared/viparse-corpus is not beside the project")
def test_one_thing_described_in_parentheses_is_no_list_of_names():
    """A real project plan (viparse-corpus) lists "- Máy chủ: 01 máy (CSDL và truyền thông)": one server described,
    not two named; its audit was the corpus's only error verdicts, both false."""
    assert [c for c in extract(VIPARSE_PLAN).claims if c.verdict == "error"] == []


@settings(max_examples=150, deadline=None)
@given(ab=st.tuples(st.integers(100, 10**6), st.integers(1, 10**6)), off=st.sampled_from([0, 0, 1, 3, 9]))
def test_a_rate_of_terms_in_the_clauses_before_it_is_ok_or_not_claimed(ab, off):
    """'Tổng số cử tri: B cử tri; Tổng số cử tri đi bỏ phiếu A cử tri; Tỉ lệ cử tri tham gia bầu cử đạt p%': nothing
    ties the rate to its terms, so it is claimed only where it fits them, and never an error."""
    b, a = max(ab), min(ab)
    exact = Decimal(a) / Decimal(b) * 100
    rate = (exact + off).quantize(Decimal("0.01"), ROUND_HALF_UP)
    text = (f"Tổng số cử tri trong danh sách: {write(Decimal(b))} cử tri; Tổng số cử tri đi bỏ phiếu "
            f"{write(Decimal(a))} cử tri; Tỉ lệ cử tri tham gia bầu cử đạt {write(rate, 2)}%.")
    found = [c for c in claims(text, find(text)) if c.kind == "share"]
    assert all(c.verdict == "ok" for c in found), found
    if off == 0:
        assert [(c.values["part"], c.values["total"]) for c in found] == [(float(a), float(b))]


def test_a_list_of_names_each_with_its_figure_counts_its_names(tmp_path):
    """'4 đơn vị có tỷ lệ … cao nằm trong top 5 … gồm: tỉnh Nghệ An có tỷ lệ 88,24%, Phú Thọ 85%, …': the names are the
    items (a decimal comma does not split one); the count, twenty words before its list, is checked."""
    report = tmp_path / "bao-cao.txt"
    report.write_text("Ngoài Hà Tĩnh, 4 đơn vị có tỷ lệ học sinh đoạt giải cao nằm trong top 5 đứng đầu cả nước gồm: "
                      "tỉnh Nghệ An có tỷ lệ 88,24%, Phú Thọ 85%, Hải Phòng 83,33% và ĐHQG Hà Nội 82,43%.\n",
                      encoding="utf-8")
    found = [(c.values, c.verdict) for c in extract(report).claims if c.kind == "count"]
    assert found == [({"stated": 4, "counted": 4}, "ok")], found
