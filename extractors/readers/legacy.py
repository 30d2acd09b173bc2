"""The 8-bit Vietnamese encodings of old archives: Windows-1258, TCVN3 (ABC) and VNI-Windows.

Each candidate decoding is scored by the share of its non-ASCII words that are well-formed
Vietnamese syllables; a wrong guess gives mojibake ("ViÖt", "Vieọt") that fails the syllable
grammar. The byte tables live in rules/encodings/.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import regex

from ..rules import table

ENCODINGS = ("windows-1258", "tcvn3", "vni")
MIN_SCORE = 0.8  # below this share of well-formed syllables, no encoding is trusted

# A syllable once tones are taken off: onset, vowel cluster, coda (Vietnamese orthography).
ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
NUCLEUS = (
    r"(?:iêu|yêu|oai|oay|oao|oeo|uây|uôi|uya|uyê|uyu|ươi|ươu|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|"
    r"ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|ya|yê|[aăâeêioôơuưy])"
)
CODA = r"(?:ch|ng|nh|[cmnpt])?"
SYLLABLE = regex.compile(rf"{ONSET}{NUCLEUS}{CODA}")
TONES = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))
WORD = regex.compile(r"[^\W\d_]+")


@cache
def _table(name: str) -> tuple[dict[int, str], dict[int, str]]:
    """(letters, marks): byte -> text, from rules/encodings/<name>.tsv."""
    letters: dict[int, str] = {}
    marks: dict[int, str] = {}
    for row in table(f"encodings/{name}"):
        text = row["text"].encode().decode("unicode_escape") if row["text"].startswith("\\u") else row["text"]
        (marks if row["kind"] == "mark" else letters)[int(row["byte"], 16)] = text
    return letters, marks


def decode(data: bytes, name: str) -> str:
    if name == "windows-1258":
        return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    letters, marks = _table(name)
    out = []
    for b in data:
        if b in letters:
            out.append(letters[b])
        elif b in marks and out and out[-1][-1:].lower() in "aeiouyơư":
            out.append(marks[b])
        else:
            out.append(bytes([b]).decode("cp1252", errors="replace"))
    return unicodedata.normalize("NFC", "".join(out))


def well_formed(word: str) -> bool:
    """One Vietnamese syllable, at most one tone mark."""
    bare = unicodedata.normalize("NFD", word.lower())
    if sum(1 for c in bare if ord(c) in TONES) > 1:
        return False
    bare = unicodedata.normalize("NFC", bare.translate(TONES))
    return SYLLABLE.fullmatch(bare) is not None


def score(text: str) -> float:
    """Share of the words with non-ASCII letters that are well-formed syllables (0 when there are none)."""
    words = [w for w in WORD.findall(text) if not w.isascii()]
    if not words:
        return 0.0
    return sum(map(well_formed, words)) / len(words)


def detect(data: bytes) -> tuple[str, float]:
    """The encoding whose decoding reads best, and its score."""
    sample = data[: 256 * 1024]
    scored = [(score(decode(sample, name)), name) for name in ENCODINGS]
    best, name = max(scored)
    return name, best
