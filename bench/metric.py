"""viparse-corpus's METRIC.md (../shared/viparse-corpus/METRIC.md), its three numbers exactly: both sides NFC with
whitespace runs collapsed, nothing else; char_accuracy (matched characters of a difflib alignment over the ground
truth's length), diacritic_accuracy (the headline: of the ground truth's characters that carry a diacritic, or are
đ/Đ, those recovered exactly, found by aligning both sides reduced to base letters), syllable_accuracy (ground-truth
whitespace tokens matched exactly, by an alignment of the token sequences)."""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

SPACES = re.compile(r"\s+")


def prepare(text: str) -> str:
    return SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _base(c: str) -> str:
    """A character's base letter (one character for one: positions stay aligned)."""
    if c in "đĐ":
        return "d" if c == "đ" else "D"
    stripped = "".join(m for m in unicodedata.normalize("NFD", c) if unicodedata.category(m) != "Mn")
    return stripped[:1] or c


def has_diacritic(c: str) -> bool:
    return c in "đĐ" or any(unicodedata.category(m) == "Mn" for m in unicodedata.normalize("NFD", c))


def _matched(a, b):
    """(i, j) pairs of an alignment of two sequences."""
    for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            yield block.a + k, block.b + k


def scores(truth: str, found: str) -> dict:
    """The three numbers for one text, with the counts they are made of (so that texts can be pooled)."""
    truth, found = prepare(truth), prepare(found)
    chars = sum(b.size for b in SequenceMatcher(None, truth, found, autojunk=False).get_matching_blocks())
    marked = [i for i, c in enumerate(truth) if has_diacritic(c)]
    base_truth, base_found = "".join(map(_base, truth)), "".join(map(_base, found))
    exact = sum(1 for i, j in _matched(base_truth, base_found) if has_diacritic(truth[i]) and truth[i] == found[j])
    tokens_truth, tokens_found = truth.split(" ") if truth else [], found.split(" ") if found else []
    tokens = sum(1 for i, j in _matched(tokens_truth, tokens_found) if tokens_truth[i] == tokens_found[j])
    return {"chars": len(truth), "chars_matched": chars, "diacritics": len(marked), "diacritics_exact": exact,
            "syllables": len(tokens_truth), "syllables_matched": tokens}


def pooled(counts: list[dict]) -> dict:
    """The three accuracies over many texts (their counts summed)."""
    keys = ("chars", "chars_matched", "diacritics", "diacritics_exact", "syllables", "syllables_matched")
    total = {k: sum(c[k] for c in counts) for k in keys}

    def ratio(a: str, b: str) -> float | None:
        return round(total[a] / total[b], 4) if total.get(b) else None

    return {"char_accuracy": ratio("chars_matched", "chars"),
            "diacritic_accuracy": ratio("diacritics_exact", "diacritics"),
            "syllable_accuracy": ratio("syllables_matched", "syllables"), "n": len(counts)}
