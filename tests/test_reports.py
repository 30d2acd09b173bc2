"""One report, many files; references resolved to the KB's documents; what a citation does (issue 18).

Real KBs built by the real `vanban ingest`, read through the real commands."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from . import evaluate
from .conftest import CORPUS, vanban
from .test_office import WILD, needs_wild

SAMPLES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".pdf", ".docx"))
REAL = CORPUS / "real" / "texts"


@pytest.fixture(scope="module")
def samples_kb(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("reports") / "kb.sqlite"
    assert vanban("ingest", *map(str, SAMPLES), "--db", str(db)).returncode == 0
    return db


def reports_of(db: Path) -> dict[str, set[str]]:
    """report_id -> the names of its files, read straight from the KB."""
    con = sqlite3.connect(db)
    out: dict[str, set[str]] = {}
    for report, path in con.execute("select report_id, path from documents"):
        out.setdefault(report, set()).add(Path(path).name)
    assert {r for (r,) in con.execute("select report_id from reports")} == set(out)
    assert dict(con.execute("select report_id, files from reports")) == {r: len(f) for r, f in out.items()}
    con.close()
    return out


def test_the_three_renderings_of_each_sample_are_one_report(samples_kb):
    groups = reports_of(samples_kb)
    stems = sorted({p.stem for p in SAMPLES})
    assert sorted(groups.values(), key=sorted) == [{f"{s}.{x}" for x in ("docx", "pdf", "txt")} for s in stems]


def test_check_lists_each_slip_of_the_gold_once(samples_kb):
    out = vanban("check", "--db", str(samples_kb), "--json", "--exit-zero")
    found = json.loads(out.stdout)
    gold = {g.stem: sum(c["verdict"] == "error" for c in json.loads(g.read_text(encoding="utf-8"))["claims"])
            for g in (CORPUS / "gold" / "claims").glob("*.json")}
    assert sum(gold.values()) == 9
    per_stem = {s: sum(Path(f["path"]).stem == s for f in found) for s in gold}
    assert per_stem == gold
    assert all(len(f["also"]) == 2 for f in found)  # each names the report's two other files
    summary = json.loads(vanban("check", "--db", str(samples_kb), "--summary", "--json", "--exit-zero").stdout)
    assert [r["error"] for r in summary] == sorted(gold.values(), reverse=True)


def test_check_doc_and_limit(samples_kb):
    one = json.loads(vanban("check", "--db", str(samples_kb), "--json", "--doc", "002_465208a09d94fdc9.txt",
                            "--exit-zero").stdout)
    assert len(one) == 4 and {Path(f["path"]).name for f in one} == {"002_465208a09d94fdc9.pdf"}
    assert len(json.loads(vanban("check", "--db", str(samples_kb), "--json", "--limit", "2").stdout)) == 2
    text = vanban("check", "--db", str(samples_kb), "--doc", "002_", "--exit-zero").stdout
    assert "32.720" in text and "86,36 %" in text and "88 %" in text and "86.36" not in text


def test_tasks_count_each_report_once(samples_kb):
    every = json.loads(vanban("tasks", "--db", str(samples_kb), "--json").stdout)
    assert every and all(Path(t["path"]).suffix == ".pdf" for t in every)
    assert len(json.loads(vanban("tasks", "--db", str(samples_kb), "--json", "--limit", "3").stdout)) == 3


def test_reports_follow_files_replaced_and_re_ingested(tmp_path):
    """A file whose text changes leaves its report; --force and a re-run give the same reports."""
    docs, db = tmp_path / "docs", tmp_path / "kb.sqlite"
    docs.mkdir()
    for name in ("000_c15e43302a308399.pdf", "000_c15e43302a308399.txt", "004_e8c3b62757c4209e.txt"):
        shutil.copy(CORPUS / name, docs / name)
    assert vanban("ingest", str(docs), "--db", str(db)).returncode == 0
    assert sorted(map(len, reports_of(db).values())) == [1, 2]
    (docs / "000_c15e43302a308399.txt").write_text((CORPUS / "003_b29f7ffda15ae1c8.txt").read_text(encoding="utf-8"),
                                                   encoding="utf-8")
    assert vanban("ingest", str(docs), "--db", str(db)).returncode == 0
    assert sorted(map(len, reports_of(db).values())) == [1, 1, 1]
    shutil.copy(CORPUS / "004_e8c3b62757c4209e.pdf", docs / "004.pdf")
    before = vanban("ingest", str(docs), "--db", str(db))
    assert before.returncode == 0
    groups = reports_of(db)
    assert {"004.pdf", "004_e8c3b62757c4209e.txt"} in groups.values()
    assert vanban("ingest", str(docs), "--db", str(db), "--force").returncode == 0
    assert reports_of(db) == groups


@needs_wild
def test_a_reference_links_to_the_kb_document_it_is(tmp_path):
    """Real documents: t001 cites Nghị quyết 04/2019/NQ-HĐTP, which t054 is; real files of shared/wild beside
    them. The link goes when the cited file's text changes."""
    docs, db = tmp_path / "docs", tmp_path / "kb.sqlite"
    docs.mkdir()
    for path in (REAL / "t001.txt", REAL / "t054.txt", WILD / "21_nd19-2019-hohui.docx",
                 WILD / "22_nq01-2019-hdtp-laisuat.docx", WILD / "01_nd49-2026-chinhphu.pdf",
                 CORPUS / "000_c15e43302a308399.txt"):
        shutil.copy(path, docs / path.name)
    assert vanban("ingest", str(docs), "--db", str(db)).returncode == 0
    citing, cited = str(docs / "t001.txt"), str(docs / "t054.txt")
    refs = json.loads(vanban("refs", citing, "--db", str(db), "--json").stdout)
    [ref] = [r for r in refs if r["key"] == "04/2019/NQ-HĐTP"]
    assert Path(ref["document"]["path"]).name == "t054.txt"
    assert all(r["document"] is None for r in refs if r["key"] != "04/2019/NQ-HĐTP")
    by = json.loads(vanban("refs", cited, "--db", str(db), "--json", "--cited-by").stdout)
    assert [Path(c["path"]).name for c in by] == ["t001.txt"]
    text = vanban("refs", cited, "--db", str(db)).stdout
    assert "cited by 1 report in the KB" in text and "t001.txt" in text
    (docs / "t054.txt").write_text("Văn bản khác, không có số hiệu.\n", encoding="utf-8")
    assert vanban("ingest", str(docs), "--db", str(db)).returncode == 0
    refs = json.loads(vanban("refs", citing, "--db", str(db), "--json").stdout)
    assert next(r for r in refs if r["key"] == "04/2019/NQ-HĐTP")["document"] is None


def test_cites_filters_by_relation_and_the_graph_carries_it(samples_kb):
    basis = json.loads(vanban("cites", "24/CT-TTg", "--db", str(samples_kb), "--json", "--relation", "thuc_hien").stdout)
    assert basis["citations"] and all(c["relation"] == "thuc_hien" for c in basis["citations"])
    graph = vanban("graph", "--db", str(samples_kb)).stdout
    assert '<data key="relation">' in graph


def _relations(part: str) -> tuple[int, int]:
    docs = {ident: evaluate.score_real(path, gold) for split, ident, path, gold in evaluate.real_items()
            if split == part}
    return evaluate.relation_accuracy(docs)


@pytest.mark.xfail(strict=True, reason="relation accuracy 0.81 on the development split (378 citations), 0.85 blind (246): "
                                       "'theo'/'tại' before a plan or directive, and cues inside a law's name")
@pytest.mark.parametrize("part", ["dev", "blind"])
def test_citation_relations_against_the_readers_gold(part):
    right, of = _relations(part)
    assert of >= 80 and right / of >= 0.9, f"{right}/{of}"


def test_a_cue_in_a_cited_documents_subject_is_not_the_texts(tmp_path):
    from extractors.citegraph.build import spans
    from extractors.pipeline import extract
    from extractors.references.relation import relation

    text = ("Thực hiện Công văn số 2928/LĐTBXH-BVCSTE ngày 12/8/2014 của Bộ Lao động - Thương binh và Xã hội về việc "
            "triển khai Quyết định số 34/2014/QĐ-TTg, Ủy ban nhân dân tỉnh báo cáo như sau.\n")
    path = tmp_path / "bao-cao.txt"
    path.write_text(text, encoding="utf-8")
    ex = extract(path)
    said = {r.key: relation(ex.text.text, r.mentions[0].start, spans(ex)) for r in ex.references}
    assert said == {"2928/LĐTBXH-BVCSTE": "thuc_hien", "34/2014/QĐ-TTg": "mention"}, said
