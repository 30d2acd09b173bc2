"""The Scanner finds exactly what its grammar's own finditer finds, on every corpus text and on the awkward cases:
matches that would overlap, a window (pos, endpos), a character whose lower case is longer."""

from __future__ import annotations

import pytest
import regex

from extractors.entities import orgs
from extractors.references import grammar
from extractors.scan import Scanner

from .conftest import CORPUS

TEXTS = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.rglob("*.txt"))]
GRAMMARS = {"citation": grammar.citation, "law name": grammar.law_name, "body": orgs.grammar}
AWKWARD = [
    "Căn cứ Luật Luật Tổ chức Chính phủ ngày 19/6/2015; Quyết định Quyết định số 12/QĐ-UBND và 13/QĐ-UBND",
    "QUYẾT ĐỊNH SỐ 749/QĐ-TTG; quyết định số 5/qđ; Bộ luật Dân sự năm 2015; Sở Tư pháp tỉnh Lâm Đồng",
    "İstanbul: Chỉ thị số 24/CT-TTg của Thủ tướng Chính phủ; UBND tỉnh Lâm Đồng",  # "İ" lower-cases to two
]


def spans(matches) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in matches]


@pytest.mark.parametrize("name", sorted(GRAMMARS))
def test_same_matches_as_finditer(name):
    scanner = GRAMMARS[name]()
    found = 0
    for text in TEXTS + AWKWARD:
        expected = spans(scanner.pattern.finditer(text))
        assert spans(scanner.finditer(text)) == expected
        found += len(expected)
        for pos, endpos in ((7, len(text) // 2), (len(text) // 3, len(text))):
            assert spans(scanner.finditer(text, pos, endpos)) == spans(scanner.pattern.finditer(text, pos, endpos))
    assert found > 50  # the grammar does find things: the comparison is not between two empty lists


def test_an_empty_opening_word_is_refused():
    with pytest.raises(ValueError):
        Scanner(regex.compile("x?"), ["", "a"])
