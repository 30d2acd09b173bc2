"""The audit on real text nobody here wrote (corpus/audit/): the corpus is as the issue asks, its gold is
well-formed and clear of reserved texts, and the scores of `make eval` (tests/evaluate.py) hold their bars.
Bars not met yet are strict xfails: they fail the day they pass, so that the bar is raised then."""

from __future__ import annotations

import json
import subprocess
import sys
from urllib.parse import urlparse

import pytest

from .conftest import ROOT
from .evaluate import AUDIT, REAL, audit_items, real_items, run, score_real, summarise, summarise_real

EXCLUDED = ROOT.parent / "shared" / "tools" / "excluded.py"


@pytest.fixture(scope="module")
def scores() -> dict:
    return {part: summarise(docs) for part, docs in run().items()}


def test_the_corpus_has_300_excerpts_from_100_sources_and_a_blind_third():
    items = audit_items()
    sources = {gold["source"] for *_, gold in items}
    blind = [i for i in items if i[0] == "blind"]
    assert len(items) >= 300 and len(sources) >= 100, (len(items), len(sources))
    assert 0.25 <= len(blind) / len(items) <= 0.42, len(blind)
    assert len({urlparse(s).netloc for s in sources}) >= 60  # many sites, not one portal's pages


def test_every_gold_claim_and_percentage_stands_on_its_line():
    for _, ident, path, gold in audit_items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for c in gold["claims"]:
            assert c["verdict"] in ("ok", "error", "unverifiable"), (ident, c)
            assert c["quote"] in lines[c["line"] - 1], (ident, c["line"], c["quote"])
        for p in gold["percentages"]:
            assert p["kind"] in ("rate", "share", "growth", "attainment", "points", "threshold", "no_base"), ident
            assert p["text"] in lines[p["line"] - 1], (ident, p)


def test_the_real_documents_are_150_from_60_sources_with_gold_on_their_lines():
    """corpus/real: references, identity and tasks of real documents (issue 16), gold written blind."""
    items = real_items()
    assert len(items) >= 150 and len({gold["source"] for *_, gold in items}) >= 60
    for _, ident, path, gold in items:
        lines = path.read_text(encoding="utf-8").splitlines()
        for r in gold["references"]:
            for m in r["mentions"]:
                assert m["text"] in lines[m["line"] - 1], (ident, m)
                assert m["relation"] in ("can_cu", "thuc_hien", "sua_doi", "thay_the", "bai_bo", "huong_dan",
                                         "mention"), (ident, m)
        number = (gold["identity"] or {}).get("number")
        assert not number or number not in {r["key"] for r in gold["references"]}, ident  # never cites itself
        for t in gold["tasks"]:
            assert t["lead"] and t["text"][:20].split("…")[0].strip()[:10] in lines[t["line"] - 1], (ident, t)


@pytest.mark.skipif(not EXCLUDED.exists(), reason="shared/tools/excluded.py is beside the project root in CI")
@pytest.mark.parametrize("corpus", [AUDIT, REAL], ids=["audit", "real"])
def test_no_reserved_text_or_url_is_in_the_corpus(corpus):
    texts = sorted(str(p) for p in (corpus / "texts").glob("*.txt"))
    urls = sorted({json.loads(p.read_text(encoding="utf-8"))["source"] for p in (corpus / "gold").glob("*.json")})
    for args in (["--text", *texts], urls):
        r = subprocess.run([sys.executable, str(EXCLUDED), *args], capture_output=True, text=True)
        assert r.returncode == 0, [line for line in r.stdout.splitlines() if line.startswith("RESERVED")]


def test_samples_every_slip_and_no_false_alarm(scores):
    s = scores["samples"]
    assert s["slips"] >= 9 and s["slips_found"] == 1.0 and s["error_precision"] == 1.0, s


def test_development_split_error_precision_is_at_least_095(scores):
    s = scores["dev"]
    assert s["error_precision"] is not None and s["error_precision"] >= 0.95, s


def test_development_split_holds_what_it_has_reached(scores):
    """No regression below this stop's level (found 0.83, verdicts 0.94 when yearbook item tables came), while the
    bars below are not met."""
    s = scores["dev"]
    assert s["found"] >= 0.80 and s["verdicts_right"] >= 0.91, s


@pytest.mark.xfail(strict=True, reason="issue 14's bars are not met yet: see README, The arithmetic audit")
@pytest.mark.parametrize("part", ["dev", "blind"])
def test_the_issue_bars(scores, part):
    s = scores[part]
    assert s["error_precision"] >= 0.95 and s["slips_found"] >= 0.85 and s["found"] >= 0.80, s


@pytest.fixture(scope="module")
def real_scores() -> dict:
    """corpus/real scored per split (tests/evaluate.py's summarise_real): references, identity, tasks."""
    parts: dict[str, dict] = {"dev": {}, "blind": {}}
    for part, ident, path, gold in real_items():
        parts[part][ident] = score_real(path, gold)
    return {part: summarise_real(docs) for part, docs in parts.items()}


def test_real_development_split_holds_what_it_has_reached(real_scores):
    """No regression below this stop's level on corpus/real's development split (issue 16)."""
    s = real_scores["dev"]
    assert all(s["identity"][f] >= 0.94 for f in ("type", "number", "date", "issuer")), s["identity"]
    assert s["tasks_F1"] >= 0.86 and s["deadlines"] >= 0.95, s
    assert s["references"]["P"] >= 0.92 and s["references"]["R"] >= 0.89, s["references"]


def _measured(reason: str):
    return pytest.mark.xfail(strict=True, reason=f"issue 16's blind bar is not met yet: {reason}")


# issue 16's acceptance on corpus/real's blind split; the bars not met are strict xfails with the number measured
@pytest.mark.parametrize("field", [
    pytest.param("type", marks=_measured("type 0.90 (37 of 41)")),
    pytest.param("number", marks=_measured("number 0.95 (35 of 37)")),
    "date",
    pytest.param("issuer", marks=_measured("issuer 0.90 (35 of 39)")),
])
def test_blind_identity_fields_are_each_right_095(real_scores, field):
    assert real_scores["blind"]["identity"][field] >= 0.95, real_scores["blind"]["identity"]


@_measured("tasks F1 on lead 0.81 (26 of 38 gold tasks found, none spurious)")
def test_blind_tasks_f1_on_lead_is_090(real_scores):
    assert real_scores["blind"]["tasks_F1"] >= 0.9, real_scores["blind"]


@_measured("deadlines 0.00 (0 of the 3 matched tasks with a gold deadline)")
def test_blind_deadlines_are_right_090(real_scores):
    assert real_scores["blind"]["deadlines"] >= 0.9, real_scores["blind"]


@_measured("references precision 0.93, recall 0.90")
def test_blind_references_precision_and_recall_are_097(real_scores):
    r = real_scores["blind"]["references"]
    assert r["P"] >= 0.97 and r["R"] >= 0.97, r


def test_blind_dates_of_matched_references_are_097(real_scores):
    assert real_scores["blind"]["dates"] >= 0.97, real_scores["blind"]
