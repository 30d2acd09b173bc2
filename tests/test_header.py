"""The document's own number, place and date from its header; nothing invented where the header is lost."""

from __future__ import annotations

import json

import pytest
import regex

from extractors.pipeline import extract

from .conftest import CORPUS

EXCERPTS = json.loads((CORPUS / "gold" / "excerpts.json").read_text(encoding="utf-8"))["excerpts"]


def own_number(gold: dict) -> str | None | bool:
    """The header number the gold lists as 'not a reference' (the document's own); None for a blank one,
    False when the gold lists none."""
    for n in gold["not_references"]:
        if n["text"].startswith("Số") and regex.search(r"\d|/", n["text"]):
            m = regex.search(r"\d[\w/&.-]*", n["text"].replace(" ", ""))
            return m.group() if m and not n["text"].replace(" ", "").startswith("Số:/") else None
    return False


@pytest.mark.parametrize("gold", EXCERPTS, ids=lambda g: g["file"][:2])
def test_own_number_is_the_header_number_the_gold_excludes(gold):
    expected = own_number(gold)
    if expected is False:
        pytest.skip("the gold lists no header number for this excerpt")
    assert extract(CORPUS / "excerpts" / gold["file"]).metadata["number"] == expected


@pytest.mark.parametrize(
    "path, number, place, date",
    [  # read off the files: their place-and-date line
        ("002_465208a09d94fdc9.txt", "19/BC-TCTTTĐA", "Đắk Lắk", "2022-12"),  # "ngày       tháng 12 năm 2022"
        ("excerpts/01_qd-ubnd-van-thu-can-cu.txt", "415/QĐ-UBND", "Ninh Bình", "2023-03-15"),
        ("excerpts/06_kh-tu-nq57-alias.txt", "38-KH/TU", "Quảng Ngãi", "2025-02-21"),
        ("excerpts/11_kh-cds-qd749-rut-gon.txt", None, "Lạng Sơn", "2024-01"),  # a draft: blank number and day
        ("000_c15e43302a308399.txt", None, None, None),  # header lost in extraction: nothing invented
        ("000_c15e43302a308399.pdf", None, None, None),
    ],
)
def test_header_facts(path, number, place, date):
    meta = extract(CORPUS / path).metadata
    assert (meta["number"], meta["place"], meta["date"]) == (number, place, date)
