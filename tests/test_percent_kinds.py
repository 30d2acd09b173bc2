"""Every percentage is classified before anything is checked: growth, attainment of a plan, percentage points
and thresholds are never judged an error, whatever the figures around them (property tests with random
values, the tempting fraction or base written next to them); shares name their base or their candidates."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.figures.claims import claims
from extractors.figures.find import find
from extractors.figures.numbers import write
from extractors.figures.percent import cue

# sentences of each kind; {a} <= {b} are counts written next to the percentage {p}, so that a careless audit
# would pair them ("a/b …, tăng p%")
TEMPLATES = {
    "growth": [
        "Thu ngân sách đạt {b} tỷ đồng, tăng {p}% so với cùng kỳ năm trước.",
        "Đã giải quyết {a}/{b} hồ sơ, số hồ sơ tăng {p}% so với năm 2022.",
        "Toàn tỉnh tiếp nhận {b} hồ sơ, trong đó {a} hồ sơ trực tuyến, tăng {p}% so với cùng kỳ.",
        "Số vụ tai nạn giao thông là {a} vụ, giảm {p}%.",
        "Kim ngạch xuất khẩu đạt {b} triệu USD, tăng bình quân {p}%/năm.",
    ],
    "attainment": [
        "Giải ngân {a} tỷ đồng, đạt {p}% kế hoạch vốn được giao.",
        "Tổng thu {b} tỷ đồng; trong đó thu nội địa {a} tỷ đồng, đạt {p}% dự toán.",
        "Tuyển sinh {a} học viên (đăng ký {b} người), bằng {p}% so với chỉ tiêu.",
    ],
    "points": [
        "Tỷ lệ hồ sơ trực tuyến đạt {a}/{b}, tăng {p} điểm phần trăm so với năm trước.",
        "Có {a} trên tổng số {b} xã đạt chuẩn, tăng {p} điểm % so với năm 2020.",
    ],
    "threshold": [
        "Tiếp nhận {b} hồ sơ, trong đó {a} hồ sơ trực tuyến; phấn đấu đến năm 2025 đạt {p}%.",
        "Có {a}/{b} cơ quan kết nối; mục tiêu tối thiểu {p}% cơ quan kết nối.",
        "Hỗ trợ {a} hộ nghèo trên tổng số {b} hộ, mức hỗ trợ {p}% kinh phí.",
    ],
}
KINDS = [(kind, t) for kind, templates in TEMPLATES.items() for t in templates]
counts = st.tuples(st.integers(1, 10**6), st.integers(1, 10**6)).map(sorted)
rates = st.decimals(min_value=0, max_value=300, places=1, allow_nan=False, allow_infinity=False)


@settings(max_examples=400, deadline=None)
@given(case=st.sampled_from(KINDS), ab=counts, p=rates)
def test_growth_attainment_points_and_thresholds_are_never_an_error(case, ab, p):
    kind, template = case
    a, b = ab
    text = template.format(a=write(Decimal(a)), b=write(Decimal(b)), p=write(p, 1))
    found = claims(text, find(text))
    assert not [c for c in found if c.verdict == "error"], (text, found)
    (percent,) = [f for f in find(text) if f.kind == "percent"]
    assert cue(text, percent) == kind, text


def test_a_share_names_the_base_it_fits():
    text = "Tiếp nhận 5.264 hồ sơ; giải quyết 5.100 hồ sơ, trong đó 4.031 hồ sơ đúng hạn (chiếm 79,04%)."
    (claim,) = [c for c in claims(text, find(text)) if c.kind == "share"]
    assert claim.verdict == "ok" and claim.message.startswith("base 5.100 (giải quyết hồ sơ):"), claim


def test_a_share_that_fits_no_base_lists_the_candidates_and_is_no_error():
    text = "Tiếp nhận 5.264 hồ sơ; giải quyết 5.100 hồ sơ, trong đó 4.031 hồ sơ đúng hạn (chiếm 70,5%)."
    (claim,) = [c for c in claims(text, find(text)) if c.kind == "share"]
    assert claim.verdict == "unverifiable" and "5.264" in claim.message and "5.100" in claim.message, claim


def test_a_share_of_its_one_base_tied_by_trong_do_is_an_error_when_it_is_a_near_miss():
    text = "Đã rà soát 4.229.650 trường hợp; trong đó: 130.812 trường hợp lệch thông tin (chiếm tỷ lệ 3,2%)."
    (claim,) = [c for c in claims(text, find(text)) if c.kind == "share"]
    assert claim.verdict == "error" and "130.812/4.229.650" in claim.message, claim


def test_a_sibling_with_a_rate_of_its_own_is_no_base():
    text = "Toàn tỉnh còn 9.604 hộ nghèo, chiếm tỷ lệ 3,14%; hộ cận nghèo là 6.943 hộ, chiếm tỷ lệ 2,27%."
    assert not [c for c in claims(text, find(text)) if c.verdict == "error"]


def test_thousands_are_read_with_their_precision():
    text = "Tiếp nhận 10,18 ngàn hồ sơ, đã giải quyết 8,98 ngàn hồ sơ (đạt 88,2%)."
    (claim,) = [c for c in claims(text, find(text)) if c.kind == "share"]
    assert claim.verdict == "ok", claim  # 8 980/10 180 = 88,21 %, and within the bounds of ± 5 either way


def test_overlapping_categories_of_an_open_list_are_no_error():
    text = "Kết nạp 600 đảng viên mới, trong đó 500 đảng viên nữ, 300 đảng viên là người dân tộc thiểu số."
    (claim,) = [c for c in claims(text, find(text)) if c.kind == "sum"]
    assert claim.verdict == "unverifiable", claim


def test_a_complete_level_breakdown_that_does_not_add_up_is_an_error():
    text = "Cổng dịch vụ công cung cấp 1.674 thủ tục (cấp tỉnh: 1.377, cấp huyện: 195, cấp xã: 112)."
    (claim,) = [c for c in claims(text, find(text)) if c.kind == "sum"]
    assert claim.verdict == "error", claim


def test_a_fall_with_both_values_written_is_checked_and_never_an_error():
    ok = "Năm 2022 xảy ra 925 vụ tai nạn giao thông. So với cùng kỳ năm 2021 giảm 106 vụ (giảm 10,28%)."
    off = ok.replace("10,28", "12,5")
    (good,) = [c for c in claims(ok, find(ok)) if c.kind == "growth"]
    (bad,) = [c for c in claims(off, find(off)) if c.kind == "growth"]
    assert good.verdict == "ok" and bad.verdict == "unverifiable", (good, bad)


def test_an_attainment_with_its_own_fraction_is_checked_as_that_fraction():
    ok = "Diện tích gieo trồng đạt 369.882,4 ha/392.069 ha, tương đương với 94,34% kế hoạch."
    off = ok.replace("94,34", "96,34")
    assert [c.verdict for c in claims(ok, find(ok))] == ["ok"]
    assert [c.verdict for c in claims(off, find(off))] == ["error"]



def test_growth_with_both_values_stated_is_checked_and_never_an_error():
    for text in ("Doanh thu đạt 1.250 tỷ đồng, tăng 25% so với cùng kỳ (1.000 tỷ đồng).",
                 "Số doanh nghiệp tăng từ 800 doanh nghiệp lên 1.000 doanh nghiệp, tăng 25%.",
                 "Tỷ lệ hồ sơ trực tuyến đạt 82,66%, tăng 2,58% so với năm 2022 (80,08%)."):  # points, as a rate
        (good,) = [c for c in claims(text, find(text)) if c.kind == "growth"]
        off = text.replace("25%", "31%").replace("2,58%", "4,1%")
        (bad,) = [c for c in claims(off, find(off)) if c.kind == "growth"]
        assert good.verdict == "ok" and bad.verdict == "unverifiable", (good, bad)


def test_a_full_rate_after_a_fraction_is_what_each_of_its_things_reached():
    text = "Có 118/152 xã, phường tỷ lệ cử tri đi bỏ phiếu đạt 100%; 34/152 xã đạt tỷ lệ 22,37%."
    found = claims(text, find(text))
    assert [(c.kind, c.verdict, c.reported) for c in found if c.kind == "ratio"] == [("ratio", "ok", 22.37)], found


def test_a_part_of_a_total_named_after_it_is_that_fraction():
    text = "Cả nước có 9.000 trường đạt chuẩn; trong đó cấp tiểu học có 5.120 trường đạt chuẩn trong tổng số 8.000 trường (chiếm tỷ lệ 64%)."
    (claim,) = [c for c in claims(text, find(text)) if c.verdict != "unverifiable"]
    assert claim.verdict == "ok" and "5.120/8.000" in claim.message, claim


def test_amounts_are_rounded_so_their_sum_may_be_off_by_the_rounding():
    ok = "Vốn đầu tư đạt 10.394 tỷ đồng, bao gồm vốn cấp tỉnh 7.392 tỷ đồng, cấp huyện 2.372 tỷ đồng, cấp xã 631 tỷ đồng."
    off = ok.replace("631", "651")
    assert [c.verdict for c in claims(ok, find(ok)) if c.kind == "sum"] == ["ok"]
    assert [c.verdict for c in claims(off, find(off)) if c.kind == "sum"] == ["error"]  # beyond any rounding


def test_cases_over_their_accused_are_a_pair_not_a_fraction():
    text = "Đã thụ lý 5.185 vụ/7.275 bị can; đã giải quyết 4.975 vụ/6.755 bị can, đạt tỷ lệ 95,9%."
    assert not [c for c in claims(text, find(text)) if c.verdict == "error"]


def test_a_near_miss_explained_by_what_the_sentence_takes_out_of_the_base_is_no_error():
    text = ("Tòa án đã giải quyết 622 vụ trong tổng số 698 vụ thụ lý, đạt tỷ lệ 89,5%; chuyển cho tòa án khác "
            "theo thẩm quyền 3 vụ.")
    (claim,) = [c for c in claims(text, find(text)) if c.kind == "ratio"]
    assert claim.verdict == "unverifiable" and "622/695" in claim.message, claim


def test_a_share_whose_siblings_do_not_fit_its_base_either_is_no_error():
    text = ("Năm học vừa qua có 131.950 học sinh lớp 1, trong đó 95.764 học sinh xếp loại giỏi, chiếm 72,62%; loại khá "
            "21.178 em, chiếm 16,06%; loại trung bình 13.713 em, chiếm 10,40%.")
    (claim,) = [c for c in claims(text, find(text)) if c.kind == "share"]
    assert claim.verdict == "unverifiable" and "131.950" in claim.message, claim
    confirmed = text.replace("16,06%", "16,05%")  # a sibling fits the base: the near miss is a slip
    assert [c.verdict for c in claims(confirmed, find(confirmed)) if c.kind == "share"][0] == "error"


def test_a_total_after_its_parts_is_taken_only_when_they_add_up():
    ok = "Số học sinh: khối 10: 347 hs, khối 11: 214 hs, khối 12: 197 hs; toàn trường: 758 học sinh."
    assert [(c.kind, c.verdict, c.reported) for c in claims(ok, find(ok))] == [("sum", "ok", 758.0)]
    off = ok.replace("758", "768")  # no word says these are all the parts: a guess that fails says nothing
    assert not claims(off, find(off))


def test_a_guessed_list_must_add_up_within_the_totals_own_precision():
    text = "Nhiều nhất là Hà Nội (138 ngàn người); Đồng Nai (91 ngàn người); Bình Dương (46 ngàn người)."
    assert not [c for c in claims(text, find(text)) if c.kind == "sum"]  # 91 + 46 = 137 is not 138


def test_a_rate_compared_with_a_count_is_a_share_of_it():
    ok = "Số hộ nghèo toàn tỉnh là 11.925 hộ, chiếm 6,74% so với 176.822 hộ dân toàn tỉnh, giảm 1,6% so với năm 2018."
    assert [(c.kind, c.verdict) for c in claims(ok, find(ok))] == [("share", "ok")]
    assert cue(ok, [f for f in find(ok) if f.kind == "percent"][1]) == "growth"  # "so với năm 2018" is a period


def test_a_fraction_with_its_own_rate_in_the_parentheses_is_not_the_rate_before():
    text = ("Trồng được 15.530 ha/22.366 ha, bằng 70% (riêng rừng nguyên liệu: 39.845 ha/40.000 ha, "
            "bằng 99,6%).")
    found = [(c.verdict, c.reported) for c in claims(text, find(text)) if c.kind == "ratio"]
    assert found == [("error", 70.0), ("ok", 99.6)], found  # 15.530/22.366 is 69,44%: rounded terms, still 69
