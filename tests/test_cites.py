"""`vanban cites / refs / graph` on a real KB built from the corpus, through the real command."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from extractors.kb import KB

from .conftest import CORPUS, vanban

LAM_DONG = "000_c15e43302a308399"


def gold_lines(stem: str, key: str) -> set[int]:
    """The lines where the hand-made gold says `key` is cited."""
    gold = json.loads((CORPUS / "gold" / "references" / f"{stem}.json").read_text(encoding="utf-8"))
    return {m["line"] for r in gold["references"] if r["key"] == key for m in r["mentions"]}


@pytest.mark.parametrize(
    "query",
    ["Chỉ thị 24/CT-TTg", "chi thi 24/ct-ttg", "CHỈ THỊ SỐ 24/CT-TTG", "Chỉ thị số 24/CT TTg", "24/CT TTg",
     "Chỉ thị 24", "chi thi 24", "24/CT-TTg"],
)
def test_cites_forgives_how_people_type_a_citation(db, query):
    out = vanban("cites", query, "--db", str(db), "--json")
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["keys"] == ["24/CT-TTg"]
    # one report in three files (its PDF, DOCX and TXT), its mentions given once, from the PDF
    [report] = result["documents"]
    assert sorted(Path(f["path"]).name for f in report["files"]) == [f"{LAM_DONG}.{x}" for x in ("docx", "pdf", "txt")]
    assert all(f["mentions"] == len(gold_lines(LAM_DONG, "24/CT-TTg")) for f in report["files"])
    pdf = result["citations"]
    assert {Path(c["path"]).name for c in pdf} == {f"{LAM_DONG}.pdf"}
    assert len(pdf) == len(gold_lines(LAM_DONG, "24/CT-TTg"))
    assert all(c["page"] >= 1 and "24/CT-TTg" in c["sentence"] for c in pdf)


@pytest.mark.parametrize("query", ["ct 24 ttg", "CT24", "CT 24/TTg", "CT-TTg 24"])
def test_cites_reads_the_short_forms_people_type(db, query):
    out = vanban("cites", query, "--db", str(db), "--json")
    assert out.returncode == 0, (out.stdout, out.stderr)
    assert json.loads(out.stdout)["keys"] == ["24/CT-TTg"]


def test_an_alias_names_its_key(db):
    out = vanban("cites", "Đề án 06", "--db", str(db), "--json")
    assert out.returncode == 0, (out.stdout, out.stderr)
    assert json.loads(out.stdout)["keys"] == ["06/QĐ-TTg"]


def test_cites_docs_lists_each_citing_report_once(db):
    out = vanban("cites", "Chỉ thị 24/CT-TTg", "--docs", "--db", str(db))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 1 and f"corpus/{LAM_DONG}.pdf  3× 24/CT-TTg  Báo cáo" in lines[0], out.stdout


def test_cites_readable_output_names_document_page_line_and_sentence(db):
    out = vanban("cites", "Chỉ thị 24/CT-TTg", "--db", str(db))
    assert out.returncode == 0
    assert out.stdout.startswith("24/CT-TTg: cited 3 times in 1 report\n")
    assert f"{LAM_DONG}.docx, " in out.stdout and f"{LAM_DONG}.txt)" in out.stdout
    assert f"corpus/{LAM_DONG}.pdf  p.1 line 29" in out.stdout
    assert "Chỉ thị số 24/CT-TTg ngày 13/9/2025 của Thủ tướng Chính phủ" in out.stdout


def test_no_match_exits_1_with_or_without_json(db):
    for extra in ((), ("--json",)):
        out = vanban("cites", "Nghị định 999/2099/NĐ-CP", "--db", str(db), *extra)
        assert out.returncode == 1, (extra, out.stdout, out.stderr)
    assert json.loads(out.stdout)["keys"] == []


def test_an_ambiguous_query_shows_the_candidates(db):
    out = vanban("cites", "06", "--db", str(db), "--json")
    keys = json.loads(out.stdout)["keys"]
    assert len(keys) > 1 and "06/QĐ-TTg" in keys
    readable = vanban("cites", "06", "--db", str(db))
    assert "is ambiguous" in readable.stdout and "06/QĐ-TTg" in readable.stdout
    assert "Quyết định" in readable.stdout and "reports," in readable.stdout  # each candidate with its facts


def test_nothing_found_is_a_clear_error(db):
    out = vanban("cites", "Chỉ thị 999/CT-TTg", "--db", str(db))
    assert out.returncode == 1 and "no document in the KB cites" in out.stderr


def test_refs_lists_what_one_document_cites_in_order(db):
    out = vanban("refs", f"corpus/{LAM_DONG}.txt", "--db", str(db), "--json")
    refs = json.loads(out.stdout)
    assert [r["key"] for r in refs][:3] == ["06/QĐ-TTg", "24/CT-TTg", "07/CT-TTg"]
    assert len(refs) == 23


def test_the_graph_is_queryable_both_ways_and_exports(db, tmp_path):
    kb = KB(db)
    citing = {r[0] for r in kb.db.execute("select distinct doc_id from citations where ref_key = '24/CT-TTg'")}
    cited = {r[0] for r in kb.db.execute("select ref_key from citations where doc_id = ?", [next(iter(citing))])}
    kb.close()
    assert len(citing) == 3 and "24/CT-TTg" in cited
    assert vanban("graph", "--db", str(db), "-o", str(tmp_path / "g.graphml")).returncode == 0
    root = ET.parse(tmp_path / "g.graphml").getroot()
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    nodes = root.findall(".//g:node", ns)
    edges = root.findall(".//g:edge", ns)
    assert sum(n.get("id").startswith("doc:") for n in nodes) == 15
    assert any(e.get("target") == "ref:24/CT-TTg" for e in edges)
    dot = vanban("graph", "--db", str(db), "--format", "dot").stdout
    assert dot.startswith("digraph citations {") and '-> "24/CT-TTg"' in dot


def test_stats_lists_the_most_cited(db):
    out = vanban("stats", "--db", str(db), "--json")
    top = json.loads(out.stdout)["most cited (citing reports)"]
    assert next(iter(top)) == "06/QĐ-TTg" and top["06/QĐ-TTg"] == 5  # the five samples, each in three files


def test_a_laws_year_is_part_of_its_identity_and_its_name_finds_every_year(tmp_path):
    """'Luật Ngân sách nhà nước năm 2002' and '… năm 2015' are two documents; the bare name finds both, grouped."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Căn cứ Luật Ngân sách nhà nước năm 2002;\nLuật Ngân sách nhà nước quy định …\n",
                                encoding="utf-8")
    (docs / "b.txt").write_text("Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;\n", encoding="utf-8")
    kb = tmp_path / "kb.sqlite"
    assert vanban("ingest", str(docs), "--db", str(kb)).returncode == 0
    both = vanban("cites", "Luật Ngân sách nhà nước", "--db", str(kb))
    assert both.returncode == 0, both.stderr
    assert "Luật Ngân sách nhà nước 2002: cited 2 times in 1 report\n" in both.stdout
    assert "Luật Ngân sách nhà nước 2015: cited 1 times in 1 report\n" in both.stdout
    one = json.loads(vanban("cites", "luat ngan sach nha nuoc nam 2015", "--db", str(kb), "--json").stdout)
    assert one["keys"] == ["Luật Ngân sách nhà nước 2015"] and len(one["citations"]) == 1
