"""The 8-bit Vietnamese encodings of old archives: Windows-1258, TCVN3 (ABC) and VNI-Windows.

Each candidate decoding is scored by the share of its non-ASCII words that are well-formed
Vietnamese syllables; a wrong guess gives mojibake ("ViÖt", "Vieọt") that fails the syllable
grammar. The byte tables live in rules/encodings/, and the fonts that imply an encoding (a Word
run in .VnTime holds TCVN3 bytes) in rules/encodings/fonts.tsv.
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
    text = unicodedata.normalize("NFC", "".join(out))
    return WORD.sub(_capital, text) if name == "tcvn3" else text


def _capital(word: regex.Match) -> str:
    """A word in capitals as TCVN3 holds it: it has no code for a capital with a tone, so headings were typed with
    the small toned letter in a capitals font ("ủY BAN", "TỉNH NGHệ AN"). A word whose small letters all carry a
    tone and that has a capital past its first letter is in capitals; "Hà", "Bà" (a capital first) are not."""
    w = word.group()
    small = [c for c in w if c.islower()]
    if small and any(c.isupper() for c in w[1:]) and all(
            any(m in TONES for m in map(ord, unicodedata.normalize("NFD", c))) for c in small):
        return w.upper()
    return w


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


MOJIBAKE = 0.6  # below this share of well-formed syllables (over at least MOJIBAKE_WORDS words) a text is mojibake
MOJIBAKE_WORDS = 20


def mojibake(text: str) -> str | None:
    """A warning when a text read as Unicode still looks like a legacy encoding shown as Windows-1252 letters."""
    words = [w for w in WORD.findall(text[: 256 * 1024]) if not w.isascii()]
    if len(words) < MOJIBAKE_WORDS:
        return None
    good = sum(map(well_formed, words)) / len(words)
    if good >= MOJIBAKE:
        return None
    return (f"the text looks like mojibake: only {good:.0%} of its {len(words)} words with diacritics are Vietnamese "
            "syllables (a legacy font encoding, TCVN3 or VNI, that was not converted?)")


@cache
def _fonts() -> tuple[tuple[regex.Pattern, str, bool], ...]:
    return tuple((regex.compile(r["font"], regex.IGNORECASE), r["encoding"], r["case"] == "upper")
                 for r in table("encodings/fonts"))


def font_encoding(font: str) -> tuple[str, bool] | None:
    """(encoding, every letter a capital) for a legacy Vietnamese font's name, else None."""
    for pattern, encoding, upper in _fonts():
        if pattern.search(font):
            return encoding, upper
    return None


def recode(text: str, encoding: str, upper: bool) -> str:
    """Text a reader showed as Windows-1252 letters, read again as the bytes of a legacy encoding; text with a
    letter no 8-bit font holds (already Unicode: "ư", "ệ", "Đ") is returned as it is."""
    raw = bytearray()
    for c in text:
        try:
            raw += c.encode("cp1252")
        except UnicodeEncodeError:
            if ord(c) <= 0xFF:
                raw.append(ord(c))  # the five bytes Windows-1252 leaves undefined come through as U+0081 …
            elif unicodedata.category(c) == "Zs":
                raw.append(0x20)  # a space a reader made typographic (U+2006)
            else:
                return text
    out = decode(bytes(raw), encoding)
    return out.upper() if upper else out
