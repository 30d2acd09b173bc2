"""Issue 16's acceptance on the real files of ../shared/wild, read in place through `vanban extract --json` (a
real process per file): every own type, number and date that a born-digital PDF or a DOCX states is in its
`metadata` (a number or date left blank stays blank), no file lists its own number as a citation, and the
meeting-conclusion notice (05, a Thông báo kết luận) gives its four tasks with their leads and both deadlines.

The facts below were read off the documents themselves (their header, title and, for a court precedent, the
day it was adopted), not from vanban's output."""

from __future__ import annotations

import json

import pytest

from .conftest import ROOT, vanban

WILD = ROOT.parent / "shared" / "wild" / "files"
pytestmark = pytest.mark.skipif(not WILD.is_dir(), reason="../shared/wild is not beside this checkout")

# file: (type, own number, date) as the document states them; None where it states none or leaves it blank
FACTS = {
    "01_nd49-2026-chinhphu.pdf": ("Nghị định", "49/2026/NĐ-CP", "2026-01-31"),
    "02_duthao-nd-2026-tiensudungdat.pdf": ("Nghị định", None, None),  # a draft: number and whole date blank
    "03_anle43-2021-tandtc.pdf": ("Án lệ", "43/2021/AL", "2021-02-24"),  # the day it was adopted
    "04_anle72-2024-tandtc.pdf": ("Án lệ", "72/2024/AL", "2024-02-23"),  # adopted over three days: the last
    "05_tb-vpubnd-daklak-2023.pdf": ("Thông báo", None, "2023-10"),  # number and day blank
    "06_bc-mpi-ktxh-quy1-2005.pdf": ("Báo cáo", None, None),  # an extract of a ministry's report, no header
    "07_bc-nonglamngu-thang1-2006.pdf": ("Báo cáo", None, None),  # a title in capitals, no header
    "08_cv-vienkientruc-gopy-2026.pdf": ("Công văn", None, "2026"),  # a letter's symbol (no type code), blanks
    "21_nd19-2019-hohui.docx": ("Nghị định", "19/2019/NĐ-CP", "2019-02-19"),
    "22_nq01-2019-hdtp-laisuat.docx": ("Nghị quyết", "01/2019/NQ-HĐTP", "2019-01-11"),
    "23_nd356-2025-dlcn.docx": ("Nghị định", "356/2025/NĐ-CP", "2025-12-31"),
    "24_anle26-2018.docx": ("Án lệ", "26/2018/AL", "2018-10-17"),
    "25_duthao-nd-qlcl-xaydung-2026.docx": ("Nghị định", None, None),  # a draft with no number or date lines
    "26_mau10-tonghop-ykien.docx": (None, None, None),  # a form to fill in: placeholders only
}
# the symbol a document states where it leaves the number blank
SYMBOLS = {"05_tb-vpubnd-daklak-2023.pdf": "TB-VPUBND", "08_cv-vienkientruc-gopy-2026.pdf": "VKTQG-QLKH"}
NOTICE = "05_tb-vpubnd-daklak-2023.pdf"


@pytest.fixture(scope="module")
def extracted() -> dict[str, dict]:
    out = {}
    for name in FACTS:
        r = vanban("extract", "--json", str(WILD / name))
        assert r.returncode == 0, (name, r.stderr)
        out[name] = json.loads(r.stdout)
    return out


def test_the_born_digital_and_docx_files_are_all_here():
    kinds = {p.name for p in WILD.iterdir() if p.suffix == ".docx" or p.name[:2] in {f"{i:02d}" for i in range(1, 9)}}
    assert kinds == set(FACTS)


@pytest.mark.parametrize("name", FACTS)
def test_every_own_type_number_and_date_is_in_metadata(extracted, name):
    meta = extracted[name]["metadata"]
    assert (meta["doc_type"], meta["number"], meta["date"]) == FACTS[name]
    if name in SYMBOLS:
        assert meta["symbol"] == SYMBOLS[name]


@pytest.mark.parametrize("name", FACTS)
def test_no_file_cites_its_own_number(extracted, name):
    keys = {r["key"].casefold() for r in extracted[name]["references"]}
    own = {n.casefold() for n in (FACTS[name][1], extracted[name]["metadata"]["number"]) if n}
    assert not own & keys


def test_the_meeting_conclusion_notice_gives_its_four_tasks_with_leads_and_deadlines(extracted):
    tasks = extracted[NOTICE]["tasks"]
    city, land = "UBND thành phố Buôn Ma Thuột", "Sở Tài nguyên và Môi trường"
    assert [(t["lead"], t["deadline"] and t["deadline"]["date"]) for t in tasks] == [
        ([city], "2023-12-10"), ([land], None), ([city], "2023-12"), ([city], None)]
    assert tasks[0]["deadline"]["kind"] == "date" and tasks[2]["deadline"]["kind"] == "month"
    assert tasks[3]["partners"] == ["Ban Tôn giáo tỉnh"]
