"""The documents' own identity (metadata) against the hand-made gold of the five samples
(corpus/gold/headers.json), in TXT and in the PDF and DOCX renderings: every gold field right."""

from __future__ import annotations

import json

import pytest
import regex

from extractors.fold import fold
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
