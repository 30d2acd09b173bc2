"""The arithmetic audit against the hand-made gold of the five samples (corpus/gold/claims/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.pipeline import extract

from .conftest import CORPUS, vanban

GOLD = sorted((CORPUS / "gold" / "claims").glob("*.json"))
# a total with its listed parts is a sum to one reader and a count to another
COMPATIBLE = {"ratio": {"ratio"}, "share": {"share", "ratio"}, "sum": {"sum", "count"}, "count": {"count", "sum"}}


def ours(stem: str) -> list[tuple]:
    ex = extract(CORPUS / f"{stem}.txt")
    return [(c, ex.text.place(c.start, c.end).line, ex.text.place(c.end - 1, c.end).line) for c in ex.claims]


def same(gold: dict, claim, first: int, last: int) -> bool:
    """One claim: compatible kind, the gold's line within the claim's lines (±2), the same stated figure."""
    return (claim.kind in COMPATIBLE[gold["kind"]] and first - 2 <= gold["line"] <= last + 2
            and gold["stated"] is not None and abs(claim.reported - float(gold["stated"])) < 1e-6)


@pytest.fixture(scope="module")
def matched() -> dict:
    result = {"gold": 0, "found": 0, "errors": [], "errors_found": [], "false_alarms": [], "wrong_verdicts": []}
    for path in GOLD:
        gold = json.loads(path.read_text(encoding="utf-8"))
        found = ours(path.stem)
        for g in gold["claims"]:
            result["gold"] += 1
            hits = [c for c, a, b in found if same(g, c, a, b)]
            result["found"] += bool(hits)
            if g["verdict"] == "error":
                result["errors"].append((path.stem, g["line"]))
                if any(c.verdict == "error" for c in hits):
                    result["errors_found"].append((path.stem, g["line"]))
            elif any(c.verdict == "error" for c in hits):
                result["wrong_verdicts"].append((path.stem, g["line"], g["quote"][:60]))
        for c, a, b in found:  # an error on something the gold does not hold is a false alarm too
            if c.verdict == "error" and not any(same(g, c, a, b) for g in gold["claims"]):
                result["false_alarms"].append((path.stem, a, c.message))
    return result


def test_every_gold_error_is_found(matched):
    assert len(matched["errors"]) >= 9
    assert matched["errors_found"] == matched["errors"]


def test_no_error_verdict_where_the_gold_finds_none(matched):
    assert matched["wrong_verdicts"] == [] and matched["false_alarms"] == []


def test_claim_recall_reaches_the_issue_bar(matched):
    assert matched["found"] / matched["gold"] >= 0.9, matched["found"]


def test_a_footnote_defining_a_slogan_is_checked_where_the_body_states_it():
    """'“5 vấn đề - 4 xuyên suốt - …”¹' with footnote 1 '5 Vấn đề: a, b, c, d và e; 4 Xuyên suốt: …': the
    plain lists check out at the body's line, the ones that do not read plainly are unverifiable, not errors."""
    ex = extract(CORPUS / "004_e8c3b62757c4209e.txt")
    slogan = {c.reported: c for c in ex.claims if c.kind == "count" and ex.text.place(c.start, c.end).line == 70}
    assert {n: c.verdict for n, c in slogan.items()} == {5: "ok", 4: "unverifiable", 3: "unverifiable",
                                                         2: "ok", 1: "unverifiable"}


def test_check_names_each_error_with_its_page_and_line_and_exits_1(tmp_path: Path):
    out = vanban("check", "corpus/002_465208a09d94fdc9.pdf", "--json")
    assert out.returncode == 1
    errors = json.loads(out.stdout)
    assert errors and all(f["verdict"] == "error" and f["page"] >= 1 and f["line"] >= 1 for f in errors)
    assert any("171/198" in f["message"] for f in errors)
    html = tmp_path / "audit.html"
    report = vanban("check", "corpus/000_c15e43302a308399.txt", "--html", str(html), "--exit-zero")
    assert report.returncode == 0 and "3 errors" in report.stdout
    page = html.read_text(encoding="utf-8")
    assert page.count("<mark") > 10 and "45.122/96.733" in page
