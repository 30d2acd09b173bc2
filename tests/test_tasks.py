"""Tasks against the hand-made gold (corpus/gold/tasks/: every row of the Hoằng Kim appendix, the tasks of the
Đắk Lắk 2025 plan), from the TXT samples and their PDF/DOCX renderings; deadlines; `vanban tasks`.

A task is found when its label and the first words of its text agree with a gold task; then its lead (as a
set of names, spelled any way) and its deadline (date and kind) are judged."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
import regex

from extractors.fold import fold
from extractors.ingest import ingest
from extractors.kb import KB
from extractors.pipeline import extract
from extractors.tasks.deadline import deadline
from extractors.tasks.query import period_end

from .conftest import CORPUS, vanban

GOLD = sorted((CORPUS / "gold" / "tasks").glob("*.json"))
HOANG_KIM = "001_0894c57a9aad1eb7"


def gold(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["tasks"]


def words(text: str) -> list[str]:
    return regex.findall(r"[\p{L}\p{N}]+", fold(text))


def names(units) -> frozenset[str]:
    return frozenset(" ".join(words(u)) for u in units)


def due(d) -> tuple | None:
    if d is None:
        return None
    return (d["date"], d["kind"]) if isinstance(d, dict) else (d.date, d.kind)


def pairs(gold_tasks: list[dict], found: list) -> list[tuple[dict, object]]:
    out, used = [], set()
    for g in gold_tasks:
        head = " ".join(words(g["text"])[:6])
        k = next((i for i, t in enumerate(found) if i not in used and (g["label"] or "") == (t.label or "")
                  and head in " ".join(words(t.text)[:12])), None)
        if k is not None:
            used.add(k)
            out.append((g, found[k]))
    return out


def f1(tp: int, found: int, gold_n: int) -> float:
    p, r = tp / max(found, 1), tp / max(gold_n, 1)
    return 2 * p * r / (p + r) if p + r else 0.0


@pytest.fixture(scope="module", params=["txt", "pdf", "docx"])
def scored(request) -> dict:
    """Counts pooled over the gold documents in one format."""
    total = {"gold": 0, "found": 0, "lead": 0, "deadline": 0}
    for path in GOLD:
        tasks = list(extract(CORPUS / f"{path.stem}.{request.param}").tasks)
        matched = pairs(gold(path), tasks)
        total["gold"] += len(gold(path))
        total["found"] += len(tasks)
        total["lead"] += sum(names(g["lead"]) == names(t.lead) for g, t in matched)
        total["deadline"] += sum(due(g["deadline"]) == due(t.deadline) for g, t in matched)
    return total


def test_gold_covers_both_plans():
    assert {p.stem for p in GOLD} == {HOANG_KIM, "004_e8c3b62757c4209e"}
    assert sum(1 for g in gold(CORPUS / "gold" / "tasks" / f"{HOANG_KIM}.json") if g["line"] > 375) == 53


def test_label_and_lead_f1(scored):
    assert f1(scored["lead"], scored["found"], scored["gold"]) >= 0.95, scored


def test_deadline_f1(scored):
    assert f1(scored["deadline"], scored["found"], scored["gold"]) >= 0.9, scored


@pytest.mark.parametrize("text, date_, kind", [
    ("Hoàn thành trong tháng 7/2025", "2025-07", "month"),
    ("Trong quý I/2025", "2025-Q1", "quarter"),
    ("Hoàn thành trong Quý II năm 2025", "2025-Q2", "quarter"),
    ("Trước 30/9/2025", "2025-09-30", "date"),
    ("Năm 2025", "2025", "year"),
    ("Thực hiện thường xuyên", None, "recurring"),
    ("Theo lộ trình cấp trên hướng dẫn", None, "other"),
    ("Từ ngày ban hành Kế hoạch này đến tháng 11/2025", "2025-11", "month"),
    ("Tháng 12/2025 (theo Quyết định số 12/QĐ-UBND ngày 30/5/2023)", "2025-12", "month"),
])
def test_deadline_forms(text, date_, kind):
    d = deadline(text)
    assert (d.date, d.kind) == (date_, kind)


def test_a_partial_deadline_is_due_at_its_period_end():
    assert period_end("2025-Q2") == date(2025, 6, 30)
    assert period_end("2025-02") == date(2025, 2, 28)
    assert period_end("2025") == date(2025, 12, 31)
    assert period_end(None) is None


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("kb") / "kb.sqlite"
    kb = KB(path)
    assert not ingest([CORPUS / f"{HOANG_KIM}.txt", CORPUS / "004_e8c3b62757c4209e.pdf"], kb).failed
    kb.close()
    return path


def test_tasks_led_by_cong_an_xa_are_the_gold_ones(db):
    out = vanban("tasks", "--db", str(db), "--lead", "cong an xa", "--json")
    assert out.returncode == 0, out.stderr
    listed = {t["label"] for t in json.loads(out.stdout) if HOANG_KIM in t["path"]}
    expected = {g["label"] for g in gold(CORPUS / "gold" / "tasks" / f"{HOANG_KIM}.json")
                if any("cong an xa" in " ".join(words(u)) for u in g["lead"])}
    assert len(expected) >= 20
    assert len(listed & expected) / len(expected) >= 0.95 and len(listed - expected) <= 1


def test_overdue_and_due_before(db):
    overdue = json.loads(vanban("tasks", "--db", str(db), "--overdue", "--as-of", "2025-07-01", "--json").stdout)
    assert overdue and all(period_end(t["due"]) < date(2025, 7, 1) for t in overdue)
    assert any(t["due"] == "2025-Q1" for t in overdue)  # "Trong quý I/2025": due 31 March
    before = json.loads(vanban("tasks", "--db", str(db), "--due-before", "2025-04-01", "--json").stdout)
    assert {t["due"] for t in before} <= {"2025-Q1", "2025-03", "2025-01", "2025-02"} | {
        t["due"] for t in before if t["due"] and t["due"] < "2025-04"}


def test_csv_and_table_output(db):
    out = vanban("tasks", "--db", str(db), "--partner", "so tu phap", "--csv")
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert rows and all("tư pháp" in r["partners"].lower() for r in rows)
    table = vanban("tasks", "--db", str(db), "--lead", "Sở Y tế")
    assert table.returncode == 0 and "Sở Y tế" in table.stdout and "tasks" in table.stdout


WILD = Path(__file__).resolve().parents[2] / "shared" / "wild" / "files"


@pytest.mark.skipif(not (WILD / "05_tb-vpubnd-daklak-2023.pdf").exists(), reason="shared/wild is beside the project root")
def test_a_meeting_conclusion_notice_assigns_its_four_tasks_in_running_text():
    """shared/wild 05: "Giao UBND thành phố … chủ trì, phối hợp với …, báo cáo … trước ngày 10/12/2023", "Giao Sở
    Tài nguyên và Môi trường …", "… trong tháng 12/2023", "đề nghị UBND thành phố … chủ trì, phối hợp với Ban Tôn
    giáo tỉnh …"."""
    tasks = extract(WILD / "05_tb-vpubnd-daklak-2023.pdf").tasks
    assert [k.lead for k in tasks] == [("UBND thành phố Buôn Ma Thuột",), ("Sở Tài nguyên và Môi trường",),
                                       ("UBND thành phố Buôn Ma Thuột",), ("UBND thành phố Buôn Ma Thuột",)]
    assert [k.deadline.date if k.deadline else None for k in tasks] == ["2023-12-10", None, "2023-12", None]
    assert tasks[3].partners == ("Ban Tôn giáo tỉnh",)


def test_an_article_puts_its_officials_in_charge(tmp_path):
    path = tmp_path / "qd.txt"
    path.write_text("Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Tư pháp, Thủ trưởng các sở, ban, ngành chịu "
                    "trách nhiệm thi hành Quyết định này.\n", encoding="utf-8")
    (task,) = extract(path).tasks
    assert task.lead == ("Chánh Văn phòng UBND tỉnh", "Giám đốc Sở Tư pháp", "Thủ trưởng các sở, ban, ngành")


def test_a_directive_assigns_its_tasks_by_agency_after_its_opening_sentence(tmp_path):
    """A Chỉ thị with no 'TỔ CHỨC THỰC HIỆN' heading: '… Chủ tịch UBND tỉnh yêu cầu:' then '1. Sở Y tế:' and the
    items under each agency; a deadline without its year takes the directive's; the closing request is its own."""
    path = tmp_path / "ct.txt"
    path.write_text(
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG BÌNH\nSố: 08/CT-UBND\nQuảng Bình, ngày 25 tháng 5 năm 2015\nCHỈ THỊ\n"
        "Về tăng cường công tác phòng, chống dịch bệnh\n"
        "Để chủ động phòng, chống dịch bệnh trên địa bàn tỉnh, Chủ tịch UBND tỉnh yêu cầu:\n1. Sở Y tế:\n"
        "- Chủ trì, phối hợp với các cơ quan liên quan tổ chức giám sát dịch bệnh.\n"
        "- Hướng dẫn các địa phương triển khai các biện pháp phòng dịch, báo cáo UBND tỉnh trước ngày 30/6/2015.\n"
        "2. Công an tỉnh:\nTăng cường kiểm tra, xử lý nghiêm các vi phạm.\n3. UBND các huyện, thị xã, thành phố:\n"
        "- Chỉ đạo UBND cấp xã rà soát các hộ gia đình; hoàn thành trong tháng 7.\n"
        "Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các sở, ban, ngành nghiêm túc thực hiện Chỉ thị này.\n",
        encoding="utf-8")
    tasks = extract(path).tasks
    assert [(k.lead, k.deadline and k.deadline.date) for k in tasks] == [
        (("Sở Y tế",), None), (("Sở Y tế",), "2015-06-30"), (("Công an tỉnh",), None),
        (("UBND các huyện, thị xã, thành phố",), "2015-07"), (("Thủ trưởng các sở, ban, ngành",), None)]


@pytest.mark.parametrize("text, on, date", [
    ("trước ngày 15/12", "2023-11-20", "2023-12-15"),
    ("trước ngày 15/1", "2023-12-20", "2024-01-15"),  # the day is past at the document's date: the next year's
    ("hoàn thành trong tháng 6", "2024-03", "2024-06"),
    ("trong quý IV", "2024", "2024-Q4"),
    ("trước ngày 15/12", None, None),  # no year known: none invented
    ("trong quý IV/2024", "2023-01-01", "2024-Q4"),  # a written year wins
    ("trước 16 giờ 00 ngày 15/12/2023", None, "2023-12-15"),  # a time of day first
    ("chậm nhất ngày 15 tháng 12", "2023-11-20", "2023-12-15"),
])
def test_a_deadline_without_its_year_takes_the_documents(text, on, date):
    assert deadline(text, on).date == date


def test_a_letter_assigns_by_topic_to_the_agencies_its_paragraphs_open_with(tmp_path):
    """'… Ủy ban nhân dân tỉnh yêu cầu:' then topic headings ('1. Về công tác …:') whose paragraphs open with the
    agencies in charge; a deadline without its year takes the letter's."""
    path = tmp_path / "cv.txt"
    path.write_text(
        "ỦY BAN NHÂN DÂN TỈNH KON TUM\nSố: 2882/UBND-KTTH\nKon Tum, ngày 16 tháng 8 năm 2021\n"
        "Thực hiện Thông báo số 279-TB/TU ngày 13 tháng 8 năm 2021 của Thường trực Tỉnh ủy, Ủy ban nhân dân tỉnh "
        "yêu cầu:\n\n1. Về công tác phòng, chống dịch bệnh:\n\nCác sở, ban ngành, đơn vị thuộc Ủy ban nhân dân tỉnh, "
        "Ủy ban nhân dân các huyện, thành phố tiếp tục thực hiện có hiệu quả các chỉ đạo của Trung ương.\n\n"
        "2. Về phát triển kinh tế - xã hội:\n\nSở Kế hoạch và Đầu tư tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước "
        "ngày 25/8.\n", encoding="utf-8")
    tasks = extract(path).tasks
    assert [(k.lead, k.deadline and k.deadline.date) for k in tasks] == [
        (("Các sở, ban ngành, đơn vị thuộc Ủy ban nhân dân tỉnh", "Ủy ban nhân dân các huyện, thành phố"), None),
        (("Sở Kế hoạch và Đầu tư",), "2021-08-25")]
