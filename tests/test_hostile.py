"""Hostile text: every stage runs in time linear in its input. 1 MB of adversarial text (runs of digits,
slashes, dashes, dots, "số số số …", unbalanced parentheses, half-citations, cue words) goes through the whole
pipeline, and so does 100 KB of the same text; each stage may take at most 25 times longer on the 1 MB
(linear is 10 times, quadratic 100) and never more than a minute. Times are compared within one run, never
against a fixed clock."""

from __future__ import annotations

import hashlib
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.fold import _TABLE, fold
from extractors.pipeline import Stopwatch, extract_document
from extractors.readers import txt

PIECES = [
    "1234567890" * 7, "/", "-", ".", ",", " ", "\n", "số ", "(", ")", "%", "“", "”", ";", ":",
    "Quyết định số ", "06/QĐ-TTg ", "ngày 06/01/2022 ", "12/AB-CD-EF-GH ", "đạt ", "tỷ lệ ", "trong đó ",
    "1. ", "a) ", "- ", "(1) ", "Công an tỉnh ", "UBND xã ", "Đơn vị chủ trì: ", "Thời gian hoàn thành: ",
    "TT Nội dung Đơn vị chủ trì Đơn vị phối hợp Thời gian hoàn thành ", "Kính gửi: ", "Nơi nhận: ",
    "Ban chỉ đạo ", "Đề án 06 ", "tháng 11/2025 ", "104.462/108.117 ", "96,62% ", "05 nhiệm vụ: ", "TM. ",
]
FIXED = {  # the shapes the issue names
    "digits": "1234567890" * 10 + " ",
    "slashes": "12/AB-CD-EF-GH/" * 4 + " ",
    "dashes": "- " * 20 + "-\n",
    "dots": "1.2.3.4.5.6.7.8.9." * 4 + " ",
    "so": "số " * 30,
    "parentheses": "((((( (1) (2 a) b) " * 3,
}
SMALL, BIG = 100_000, 1_000_000


def seconds(text: str) -> dict[str, float]:
    data = text.encode("utf-8")
    clock = Stopwatch()
    doc = clock("read", txt.read, "hostile.txt", data, hashlib.sha256(data).hexdigest())
    extract_document(doc, clock)
    return clock.seconds


def tile(unit: str, size: int) -> str:
    return (unit * (size // max(len(unit.encode()), 1) + 1))[: size // 2]  # characters: Vietnamese is ~2 bytes


def _slower_than_linear(small: dict[str, float], big: dict[str, float]) -> list[str]:
    return [stage for stage, t in big.items() if not (t <= 25 * max(small[stage], 0.02) and t < 60)]


def assert_linear(unit: str) -> None:
    seconds(tile(unit, 20_000))  # warm up: models and patterns are built on first use
    small, big = seconds(tile(unit, SMALL)), seconds(tile(unit, BIG))
    if _slower_than_linear(small, big):  # a loaded machine stalls one run: the faster of two runs of each size
        again = seconds(tile(unit, SMALL)), seconds(tile(unit, BIG))
        small, big = ({k: min(a[k], b[k]) for k in a} for a, b in zip((small, big), again, strict=True))
    for stage in _slower_than_linear(small, big):
        raise AssertionError((stage, small[stage], big[stage], unit[:60]))


@pytest.mark.parametrize("name", sorted(FIXED))
def test_named_shapes_run_in_linear_time(name):
    assert_linear(FIXED[name])


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=10).map("".join))
def test_any_mix_runs_in_linear_time(unit):
    assert_linear(unit)


def test_the_measure_can_fail():
    """The bound sees a quadratic stage: 10 times the input, 100 times the time."""
    def quadratic(n: int) -> float:
        start = time.perf_counter()
        text = "a" * n
        for i in range(0, n, 50):
            text.count("a", 0, i)
        return time.perf_counter() - start

    small, big = quadratic(SMALL // 10), quadratic(BIG // 10)
    assert big > 25 * max(small, 0.0005)


def test_folding_keeps_length_and_its_table_stays_small_on_any_code_point():
    text = "".join(chr(c) for c in range(0x20, 0x30000) if not 0xD800 <= c <= 0xDFFF)  # each code point once
    assert len(fold(text)) == len(text)
    assert len(_TABLE) <= 0x2100
    assert fold("ĐỀ ÁN 06 của Chỉ thị") == "de an 06 cua chi thi"
