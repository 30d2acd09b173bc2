"""`vanban extract FILE --json` prints one object valid against the shared contract."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from .conftest import CORPUS, DATA, ROOT, SAMPLES, vanban

SHARED = ROOT.parent / "shared" / "contract" / "extraction.schema.json"
VENDORED = DATA / "contract" / "extraction.schema.json"


def schema() -> dict:
    return json.loads((SHARED if SHARED.exists() else VENDORED).read_text(encoding="utf-8"))


def test_vendored_contract_is_the_shared_one():
    if not SHARED.exists():
        pytest.skip("../shared is not beside this checkout")
    assert json.loads(SHARED.read_text()) == json.loads(VENDORED.read_text())


FILES = [CORPUS / f"{s}.{ext}" for s in SAMPLES for ext in ("txt", "docx", "pdf")]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_extract_json_validates(path: Path):
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make corpus` (corpus/render.py) and commit the renderings")
    out = vanban("extract", str(path.relative_to(ROOT)), "--json")
    assert out.returncode == 0, out.stderr
    obj = json.loads(out.stdout)
    jsonschema.validate(obj, schema())
    assert obj["source"]["format"] == path.suffix[1:]
    if path.suffix in (".pdf", ".docx"):
        assert obj["source"]["pages"] >= 1
    else:
        assert obj["source"]["pages"] is None
    for note in obj["footnotes"]:
        assert note["place"]["line"] >= 1


def test_growth_and_attainment_claims_are_other_in_the_contract(tmp_path: Path):
    """The contract's claim kinds are fixed: a growth or an attainment with both values written is "other", its
    own kind in claim_kind."""
    report = tmp_path / "bao-cao.txt"
    report.write_text("Năm 2011 đã có 2.824 hộ thoát nghèo (đạt 152,32% so với chỉ tiêu là 1.854 hộ).\n"
                      "Doanh thu đạt 120 tỷ đồng, tăng 20% so với cùng kỳ (100 tỷ đồng).\n", encoding="utf-8")
    out = vanban("extract", str(report), "--json")
    obj = json.loads(out.stdout)
    jsonschema.validate(obj, schema())
    assert [(c["kind"], c["claim_kind"], c["verdict"]) for c in obj["claims"]] == [
        ("other", "attainment", "ok"), ("other", "growth", "ok")]
    assert obj["claims"][0]["values"] == {"actual": 2824.0, "plan": 1854.0, "percent": 152.32}


def test_extract_bad_file_is_a_clear_error(tmp_path: Path):
    bad = tmp_path / "hỏng.pdf"
    bad.write_bytes(b"this is not a pdf at all")
    out = vanban("extract", str(bad), "--json")
    assert out.returncode == 1
    assert "hỏng.pdf" in out.stderr and "not a PDF" in out.stderr
