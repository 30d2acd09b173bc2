"""`vanban search` on a real KB of the samples (TXT, PDF and DOCX), through the real command: a citation however it
is typed answered first, ranking, highlighting, hit counts, candidates, exit status; and results grouped by report
once the KB records reports (issue 18a's `documents.report_id`)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import regex

from extractors.fold import fold
from extractors.search import search

from .conftest import CORPUS, vanban

LAM_DONG = "000_c15e43302a308399"  # cites Chỉ thị 24/CT-TTg


def _search(db: Path, query: str, *args: str) -> tuple[int, dict]:
    out = vanban("search", query, "--db", str(db), "--json", *args)
    assert out.returncode in (0, 1), out.stderr
    return out.returncode, json.loads(out.stdout)


def _gold_lines(stem: str, key: str) -> set[int]:
    gold = json.loads((CORPUS / "gold" / "references" / f"{stem}.json").read_text(encoding="utf-8"))
    return {m["line"] for r in gold["references"] if r["key"] == key for m in r["mentions"]}


@pytest.mark.parametrize("query", ["chi thi 24", "ct 24 ttg", "CT24", "CT 24/TTg", "CT-TTg 24", "24/CT-TTg 2025",
                                   "24-CT-TTg", "24/CT", "Chỉ thị số 24/CT-TTg"])
def test_a_citation_typed_loosely_is_answered_first_with_its_citing_report(db, query):
    status, answer = _search(db, query)
    assert status == 0
    assert [c["key"] for c in answer["citation"]] == ["24/CT-TTg"]  # 24/CT rules out 24/2014/NĐ-CP, a Nghị định
    assert answer["citation"][0]["type"] == "Chỉ thị" and answer["citation"][0]["date"] == "2025-09-13"
    citing = [r for r in answer["results"] if r["cites"]]
    assert answer["results"][: len(citing)] == citing  # the citing report first, then the words
    assert {Path(f["path"]).name for r in citing for f in r["files"]} == {f"{LAM_DONG}.{e}" for e in ("pdf", "docx",
                                                                                                          "txt")}
    (report,) = citing  # the PDF, DOCX and TXT are one report, shown from the PDF (it has pages)
    assert report["path"].endswith(".pdf") and report["page"] == 1 and report["hits"] == 3
    (a, b), *_ = report["marks"]
    assert report["snippet"][a:b] == "Chỉ thị số 24/CT-TTg"


@pytest.mark.parametrize("query, key", [("Đề án 06", "06/QĐ-TTg"), ("de an 06", "06/QĐ-TTg"),
                                        ("luat can cuoc 2023", "Luật Căn cước"), ("Luật Căn cước", "Luật Căn cước")])
def test_aliases_and_a_law_with_its_year_are_citations(db, query, key):
    status, answer = _search(db, query)
    assert status == 0 and [c["key"] for c in answer["citation"]] == [key]
    assert answer["results"][0]["cites"] == key


def test_readable_output_says_what_the_query_is_and_how_much_was_found(db):
    out = vanban("search", "chi thi 24", "--db", str(db))
    assert out.returncode == 0
    first = out.stdout.splitlines()[0]
    assert first.startswith("'chi thi 24' is 24/CT-TTg  Chỉ thị  2025-09-13  Thủ tướng Chính phủ — 1 report, 9 mentions")
    assert f"corpus/{LAM_DONG}.pdf  p.1 line " in out.stdout and "· cites it 3× (also as docx, txt)" in out.stdout
    assert "Chỉ thị số 24/CT-TTg ngày 13/9/2025" in out.stdout
    assert regex.search(r"^\d+ reports found \(1 citing it\)", out.stdout, regex.M)


def test_an_ambiguous_number_lists_its_candidates_with_type_date_and_counts(db):
    status, answer = _search(db, "06")
    assert status == 0 and len(answer["citation"]) > 1
    top = answer["citation"][0]
    assert top["key"] == "06/QĐ-TTg" and top["type"] == "Quyết định" and top["reports"] > 1 and top["mentions"] > 1
    out = vanban("search", "06", "--db", str(db))
    assert "may name" in out.stdout and "06/QĐ-TTg  Quyết định  2022-01-06  Thủ tướng Chính phủ —" in out.stdout


def test_nothing_found_exits_1_in_text_and_json(db):
    assert vanban("search", "xyzzy qwerty", "--db", str(db)).returncode == 1
    status, answer = _search(db, "xyzzy qwerty")
    assert status == 1 and answer["results"] == [] and answer["citation"] == []
    assert vanban("search", "  ", "--db", str(db)).returncode == 2  # an empty query is a usage error


def test_a_citation_nobody_makes_offers_the_closest(db):
    status, answer = _search(db, "ct 42 ttg")
    assert answer["citation"] == [] and answer["suggestions"]
    keys = [s["key"] for s in answer["suggestions"]]
    assert any(k.startswith("42/") for k in keys)  # the same number, of other types
    assert all(k.startswith("42/") or k.endswith("/CT-TTg") for k in keys), keys  # or a directive spelled alike


def _has_phrase(db: Path, doc_id: str, words: str) -> int:
    """How many times the document's text holds the words in sequence (any case, diacritics, punctuation)."""
    text = sqlite3.connect(db).execute("select text from texts where doc_id = ?", [doc_id]).fetchone()[0]
    return len(regex.findall(r"(?<!\w)" + r"\W+".join(words.split()) + r"(?!\w)", fold(text)))


def test_reports_holding_the_words_as_a_phrase_come_first_and_hits_are_counted(db):
    status, answer = _search(db, "dinh danh dien tu", "--limit", "0")
    assert status == 0 and answer["total"] == len(answer["results"]) >= 5
    phrase = [_has_phrase(db, r["doc_id"], "dinh danh dien tu") for r in answer["results"]]
    assert phrase == sorted(phrase, key=lambda n: n == 0)  # every report holding the phrase before the others
    for r, n in zip(answer["results"], phrase, strict=True):
        if n:
            assert r["hits"] == n
            (a, b), *_ = r["marks"]
            assert fold(r["snippet"][a:b]).split() == ["dinh", "danh", "dien", "tu"]


def test_quoted_words_are_a_phrase_and_the_limit_is_said(db):
    status, answer = _search(db, '"ket qua trien khai"', "--limit", "2")
    assert status == 0 and len(answer["results"]) == 2 and answer["total"] > 2
    assert all(_has_phrase(db, r["doc_id"], "ket qua trien khai") for r in answer["results"])
    out = vanban("search", '"ket qua trien khai"', "--db", str(db), "--limit", "2")
    assert f"{answer['total']} reports found, 2 shown (--limit 0 for all)" in out.stdout


def test_results_group_by_report(db):
    """The three renderings of the Lâm Đồng report are one report in the KB (reports.py): search shows it once,
    with its three files."""
    conn = sqlite3.connect(db)
    answer = search(conn, "chi thi 24")
    conn.close()
    first = answer.hits[0]
    assert first.cites == "24/CT-TTg" and answer.citing == 1 and answer.citation[0].reports == 1
    assert sorted(f.format for f in first.files) == ["docx", "pdf", "txt"]
    assert first.path.endswith(".pdf")  # shown from the PDF, which has pages
    assert sum(LAM_DONG in h.path for h in answer.hits) == 1
