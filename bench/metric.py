"""The three numbers of viparse-corpus's METRIC.md (character, diacritic and syllable accuracy), written from that
text for `make bench-readers` and the readers' accuracy test.

Both sides are NFC with whitespace collapsed to one space, nothing else. The alignment is difflib's
SequenceMatcher (autojunk off: a junk heuristic would drop the commonest letters). A whole document at once is
quadratic, so both sides are first cut into sentences (after . ; : ! ?, never at line breaks, so where a reader
breaks lines cannot count) and the sentences aligned; equal sentences count whole, and each changed stretch is
joined and compared as one piece (pieces over MAX_PIECE characters cut proportionally: there the two sides share
almost nothing). Documents are pooled: characters and tokens weighted by the transcript's length, diacritics by
their count.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

SPACE = re.compile(r"\s+")
SENTENCE = re.compile(r"(?<=[.;:!?])\s+")
MAX_PIECE = 4000
STROKE = str.maketrans("đĐ", "dD")


def prepare(text: str) -> str:
    return SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def bare(text: str) -> str:
    """Base letters only (combining marks gone, đ as d): one character for each of `text`'s NFC characters."""
    return "".join(unicodedata.normalize("NFD", c.translate(STROKE))[0] for c in text)


def marked(c: str) -> bool:
    """A letter whose identity depends on a diacritic: it decomposes to a combining mark, or is đ/Đ."""
    return c in "đĐ" or any(unicodedata.category(m) == "Mn" for m in unicodedata.normalize("NFD", c)[1:])


def _pieces(pred: str, truth: str) -> list[tuple[str, str]]:
    """(prediction, transcript) pieces, aligned sentence by sentence."""
    t, p = SENTENCE.split(truth), SENTENCE.split(pred)
    out = []
    for tag, t1, t2, p1, p2 in SequenceMatcher(None, t, p, autojunk=False).get_opcodes():
        if tag == "equal":
            out += zip(p[p1:p2], t[t1:t2], strict=True)
            continue
        ps, ts = " ".join(p[p1:p2]), " ".join(t[t1:t2])
        n = max(len(ps), len(ts)) // MAX_PIECE + 1
        if n == 1:
            out.append((ps, ts))
        else:
            tstep, pstep = max(1, len(ts) // n), max(1, len(ps) // n)
            out += [(ps[i * pstep:(i + 1) * pstep], ts[i * tstep:(i + 1) * tstep]) for i in range(n)]
    return out


def _matched(a, b) -> int:
    return sum(m.size for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


@dataclass
class Score:
    chars: int  # transcript characters
    diacritics: int  # transcript characters that carry a diacritic
    char_accuracy: float
    diacritic_accuracy: float | None
    syllable_accuracy: float


def score(pred: str, truth: str) -> Score:
    """One document's three numbers (METRIC.md)."""
    pred, truth = prepare(pred), prepare(truth)
    chars = tokens = dia = dia_ok = 0
    for p, t in _pieces(pred, truth):
        n_marked = sum(map(marked, t))
        dia += n_marked
        if p == t:
            chars, tokens, dia_ok = chars + len(t), tokens + len(t.split()), dia_ok + n_marked
            continue
        chars += _matched(t, p)
        tokens += _matched(t.split(), p.split())
        if n_marked:
            at = {}
            for m in SequenceMatcher(None, bare(t), bare(p), autojunk=False).get_matching_blocks():
                at.update((m.a + k, m.b + k) for k in range(m.size))
            dia_ok += sum(1 for i, c in enumerate(t) if marked(c) and i in at and p[at[i]] == c)
    words = len(truth.split())
    return Score(len(truth), dia, chars / len(truth) if truth else float(not pred),
                 dia_ok / dia if dia else None, tokens / words if words else 1.0)


def pooled(scores: list[Score]) -> dict:
    """The three numbers over many documents: characters and syllables weighted by transcript length, diacritics
    by their count."""
    total = sum(s.chars for s in scores) or 1
    dia = [s for s in scores if s.diacritic_accuracy is not None]
    return {
        "documents": len(scores),
        "char_accuracy": round(sum(s.char_accuracy * s.chars for s in scores) / total, 4),
        "diacritic_accuracy": round(sum(s.diacritic_accuracy * s.diacritics for s in dia)
                                    / (sum(s.diacritics for s in dia) or 1), 4) if dia else None,
        "syllable_accuracy": round(sum(s.syllable_accuracy * s.chars for s in scores) / total, 4),
    }
