"""A handful of viparse-corpus's real legacy-encoded documents (one or two per format and encoding), read by vanban
and scored against their hand transcripts with METRIC.md's numbers (bench/metric.py): the accuracy bar of
`make bench-readers` (diacritics >= 0.99 over them, >= 0.985 in each format). The whole corpus, beside viparse,
is `make bench-readers`. These are documents whose transcripts have no heading set in a TCVN3 "H" font: the
corpus keeps those letters in the case they were typed, where vanban gives the capitals the page shows (see
bench/readers.py). Read from ../shared; outside CI a missing corpus skips with a message."""

from __future__ import annotations

import os

import pytest

from bench.metric import pooled, score
from bench.readers import CORPUS, vanban_text

DOCUMENTS = {
    "tcvn3/2004-NghiDinh115_2003.doc": "doc",
    "vni/2008-23.QD-991-UBND.doc": "doc",
    "tcvn3/2003-A28.rtf": "rtf",
    "tcvn3/2006-1E499_ND109veDKKD_dacotrenmucPTDNN-V.pdf": "pdf",
    "tcvn3/2005-2942C_Detai2003.xls": "xls",
    "vni/2009-20081202.257.xls": "xls",
    "vni/2009-Van-ban-phap-quy-2-_10-02-09.ppt": "ppt",  # printed to PDF by Impress, in substituted fonts
}

if not CORPUS.exists() and os.environ.get("CI"):
    raise RuntimeError(f"{CORPUS} is missing: CI must have ../shared/viparse-corpus")
pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason=f"{CORPUS} is not beside the project (../shared)")


def test_a_handful_of_the_corpus_reaches_the_accuracy_bar():
    scores = {}
    for name, fmt in DOCUMENTS.items():
        path = CORPUS / "corpus" / "public-domain" / name
        truth = (CORPUS / "ground-truth" / f"{path.stem}.txt").read_text(encoding="utf-8")
        scores.setdefault(fmt, []).append(score(vanban_text(path), truth))
    overall = pooled([s for group in scores.values() for s in group])
    assert overall["diacritic_accuracy"] >= 0.99, overall
    for fmt, group in scores.items():
        assert pooled(group)["diacritic_accuracy"] >= 0.985, (fmt, pooled(group))
