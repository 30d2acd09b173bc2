"""The documents' own identity (metadata) against the hand-made gold of the five samples
(corpus/gold/headers.json), in TXT and in the PDF and DOCX renderings: every gold field right."""

from __future__ import annotations

import json

import pytest
import regex

from extractors.fold import fold
from extractors.identity.words import sentence_case
from extractors.pipeline import extract

from .conftest import CORPUS

GOLD = json.loads((CORPUS / "gold" / "headers.json").read_text(encoding="utf-8"))["documents"]


def plain(value):
    """Compared without case, diacritic-insensitive spacing: names are written in more than one case."""
    if isinstance(value, str):
        return " ".join(regex.findall(r"[\p{L}\p{N}/&.,;:()–-]+", fold(value)))
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
@pytest.mark.parametrize("name", sorted(GOLD))
def test_every_gold_field(name, fmt):
    gold, meta = GOLD[name], extract(CORPUS / name.replace(".txt", f".{fmt}")).metadata
    ours = meta | {"recipients": {"kinh_gui": meta["kinh_gui"], "noi_nhan": meta["noi_nhan"]},
                   "period": meta["period"] and {"start": meta["period"]["start"], "end": meta["period"]["end"]}}
    expected = dict(gold) | {"period": gold["period"] and {"start": gold["period"]["start"],
                                                          "end": gold["period"]["end"]}}
    wrong = {k: (expected[k], ours.get(k)) for k in expected if k not in ("evidence", "notes")
             and plain(expected[k]) != plain(ours.get(k))}
    assert not wrong, wrong


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
@pytest.mark.parametrize("name", sorted(GOLD))
def test_issuer_is_spelled_as_the_gold_spells_it(name, fmt):
    """Case too: a header in capitals ("TỔ CÔNG TÁC TRIỂN KHAI ĐỀ ÁN 06") gives the names' own capitals back."""
    assert extract(CORPUS / name.replace(".txt", f".{fmt}")).metadata["issuer"] == GOLD[name]["issuer"]


@pytest.mark.parametrize("upper, written", [
    ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "Ủy ban nhân dân tỉnh Lâm Đồng"),
    ("SỞ TƯ PHÁP", "Sở Tư pháp"),
    ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ", "Sở Kế hoạch và Đầu tư"),
    ("PHÒNG TƯ PHÁP HUYỆN ĐỨC TRỌNG", "Phòng Tư pháp huyện Đức Trọng"),
    ("TỔ CÔNG TÁC TRIỂN KHAI ĐỀ ÁN 06", "Tổ công tác triển khai Đề án 06"),
    ("CÁC SỞ, BAN, NGÀNH", "Các sở, ban, ngành"),  # a name the table writes in lower case keeps its capital here
    ("BAN CHỈ ĐẠO TỈNH", "Ban chỉ đạo tỉnh"),  # written two ways in the table: left as it is
])
def test_a_header_in_capitals_is_written_back(upper, written):
    assert sentence_case(upper) == written
