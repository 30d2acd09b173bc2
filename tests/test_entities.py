"""Entities against the hand-made gold of two samples (corpus/gold/entities/), ours and underthesea's bundled
NER scored the same way (tests/nereval.py); canonical names; `vanban entities`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.pipeline import extract

from .conftest import CORPUS, vanban
from .nereval import GOLD, evaluate, key, ours, underthesea_ner


@pytest.fixture(scope="module")
def scores() -> dict:
    return {"ours": evaluate(ours), "underthesea": evaluate(underthesea_ner)}


def test_gold_covers_two_samples():
    assert len(GOLD) >= 2
    assert sum(len(json.loads(p.read_text(encoding="utf-8"))["entities"]) for p in GOLD) >= 400


def test_overall_f1_reaches_the_bar(scores):
    assert scores["ours"]["all"][2] >= 0.90, scores["ours"]


@pytest.mark.parametrize("label", ["ORG", "LOC", "PER", "all"])
def test_well_above_underthesea(scores, label):
    assert scores["ours"][label][2] >= scores["underthesea"][label][2] + 0.5, scores


def test_canonical_names_follow_the_gold_where_the_report_names_its_province():
    """The Lâm Đồng report: 'UBND tỉnh' -> 'Ủy ban nhân dân tỉnh Lâm Đồng', 'Ban chỉ đạo tỉnh' -> the name it
    defined, 'Đảng' -> 'Đảng Cộng sản Việt Nam'."""
    path = CORPUS / "gold" / "entities" / "000_c15e43302a308399.json"
    gold = json.loads(path.read_text(encoding="utf-8"))["entities"]
    ex = extract(CORPUS / "000_c15e43302a308399.txt")
    found = [(e.label, key(e.text), ex.text.place(e.start, e.end).line, e.canonical) for e in ex.entities]
    right = total = 0
    for g in gold:
        hit = next((f for f in found if f[:2] == (g["label"], key(g["text"])) and abs(f[2] - g["line"]) <= 1), None)
        if hit:
            total += 1
            right += key(hit[3]) == key(g["canonical"] or g["text"])
    assert total >= 130 and right / total >= 0.95, (right, total)


def test_entities_command_prints_spans_and_writes_displacy_html(tmp_path: Path):
    out = vanban("entities", "corpus/001_0894c57a9aad1eb7.pdf", "--json")
    found = json.loads(out.stdout)
    assert any(e["text"] == "UBND xã Hoằng Kim" and e["canonical"] == "Ủy ban nhân dân xã Hoằng Kim" for e in found)
    assert all(e["place"]["page"] >= 1 and e["place"]["line"] >= 1 for e in found)
    page = tmp_path / "entities.html"
    assert vanban("entities", "corpus/000_c15e43302a308399.txt", "--html", str(page)).returncode == 0
    html = page.read_text(encoding="utf-8")
    assert html.count("<mark") > 100 and "Công an tỉnh" in html


@pytest.mark.parametrize("excerpt, name, canonical", [  # the province read off each excerpt's header
    ("25_cv-stp-thong-bao-khong-ky-hieu.txt", "UBND tỉnh", "Ủy ban nhân dân tỉnh Hà Giang"),  # UBND TỈNH HÀ GIANG
    ("27_kh-syt-de-an-06-viet-hoa-le.txt", "Công an tỉnh", "Công an tỉnh Hà Tĩnh"),  # UBND TỈNH HÀ TĨNH
    ("08_cv-vptu-the-thuc-van-ban-dang.txt", "Văn phòng Tỉnh ủy", "Văn phòng Tỉnh ủy Phú Thọ"),  # TỈNH ỦY PHÚ THỌ
    ("06_kh-tu-nq57-alias.txt", "Ban Thường vụ Tỉnh ủy", "Ban Thường vụ Tỉnh ủy Quảng Ngãi"),  # TỈNH ỦY QUẢNG NGÃI
])
def test_a_body_of_the_province_takes_the_province_of_the_header(excerpt, name, canonical):
    found = {e.canonical for e in extract(CORPUS / "excerpts" / excerpt).entities if e.text == name}
    assert found == {canonical}
