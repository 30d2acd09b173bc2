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


def _piece(b: int, before: str, letters: dict[int, str], marks: dict[int, str]) -> str:
    """What one byte reads as after `before` (what the byte before it read as): a mark byte only marks a vowel."""
    if b in letters:
        return letters[b]
    if b in marks and before[-1:].lower() in "aeiouyơư":
        return marks[b]
    return bytes([b]).decode("cp1252", errors="replace")


def decode(data: bytes, name: str) -> str:
    if name == "windows-1258":
        return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    letters, marks = _table(name)
    out = [""]
    for b in data:
        out.append(_piece(b, out[-1], letters, marks))
    if name in CASELESS:
        _typed_in_capitals(out)
    return unicodedata.normalize("NFC", "".join(out))


# TCVN3 has no toned capitals: a word typed in capitals takes the small toned letters ("TOµN" reads "TOàN"); the
# font shows them small too, but the writer meant "TOÀN"
CASELESS = ("tcvn3",)
LETTERS = regex.compile(r"[^\W\d_]+")


def _typed_in_capitals(pieces: list[str]) -> None:
    """Upper-case, in place, the words of decoded pieces typed in capitals: no small letter but toned ones, and two
    capitals or more or a capital after a small letter ("ủY"); a word with one capital ("X·" in "HOµ X· HéI") when
    the words on both sides of it, on its line, are such words."""
    text = "".join(pieces)
    if text.isascii() or not any(c.isupper() for c in text):
        return
    starts = []  # the piece each character of `text` comes from
    for k, p in enumerate(pieces):
        starts += [k] * len(p)
    words = []
    for m in LETTERS.finditer(text):
        w = m[0]
        small = [c for c in w if c.islower()]
        capitals = sum(c.isupper() for c in w)
        after_small = any(c.isupper() for c in w[w.find(small[0]):]) if small else False  # "ñY" = "ủY"
        kind = (0 if not small or capitals == 0 or any(c.isascii() for c in small)
                else 2 if capitals >= 2 or after_small else 1)
        words.append((m.start(), m.end(), kind))
    for n, (a, b, kind) in enumerate(words):
        if kind == 1:
            before, after = words[n - 1] if n else None, words[n + 1] if n + 1 < len(words) else None
            kind = 2 if (before and after and before[2] == after[2] == 2
                         and "\n" not in text[before[1]:a] + text[b:after[0]]) else 0
        if kind == 2:
            for k in range(starts[a], starts[b - 1] + 1):
                pieces[k] = pieces[k].upper()


def well_formed(word: str) -> bool:
    """One Vietnamese syllable, at most one tone mark."""
    bare = unicodedata.normalize("NFD", word.lower())
    if sum(1 for c in bare if ord(c) in TONES) > 1:
        return False
    bare = unicodedata.normalize("NFC", bare.translate(TONES))
    return SYLLABLE.fullmatch(bare) is not None


def _judged(word: str) -> bool:
    """A word with a non-ASCII letter that is not an abbreviation whose one such letter is Đ ("NĐ", "BKHĐT")."""
    return not word.isascii() and not (word.isupper() and set(word.translate(ASCII)) <= {"Đ"})


ASCII = dict.fromkeys(range(128))


def score(text: str) -> float:
    """Share of the words with non-ASCII letters that are well-formed syllables (0 when there are none);
    abbreviations with Đ ("QĐ", "NĐ") are not judged."""
    words = [w for w in WORD.findall(text) if _judged(w)]
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


@cache
def _substitutes() -> dict[str, int]:
    return {chr(int(r["char"], 16)): int(r["byte"], 16) for r in table("encodings/substitutes")}


def recode_pieces(text: str, encoding: str, upper: bool) -> list[str] | None:
    """What each character of `text` (a legacy font's bytes, shown as Windows-1252 letters) reads as in the legacy
    encoding: a letter, or a mark byte's combining marks; a character no byte stands for (PDFium's line-end hyphen
    U+FFFE, a symbol) as it is. None when `text` holds a letter no 8-bit font has ("ư", "ệ", "Đ"): it is Unicode."""
    letters, marks = _table(encoding)
    substitutes = _substitutes()
    out: list[str] = []
    for c in text:
        try:
            b = c.encode("cp1252")[0]
        except UnicodeEncodeError:
            if ord(c) <= 0xFF:
                b = ord(c)  # the five bytes Windows-1252 leaves undefined come through as U+0081 …
            elif unicodedata.category(c) == "Zs":
                b = 0x20  # a space a reader made typographic (U+2006)
            elif c in substitutes:
                b = substitutes[c]
            elif unicodedata.category(c).startswith("L"):
                return None
            else:
                out.append(c)
                continue
        piece = _piece(b, out[-1] if out else "", letters, marks)
        out.append(piece.upper() if upper else piece)
    if encoding in CASELESS and not upper:
        _typed_in_capitals(out)
    return out


LEGACY = ("tcvn3", "vni")  # the encodings a font's runs may turn out to be in


def reading(texts: list[str], encoding: str, upper: bool, judged: bool = True, sep: str = " ") -> str | None:
    """The encoding the texts of one font, which names `encoding`, are in: that one, or another legacy one when it
    reads better (a font whose name misleads: "VNSTCVN3" over VNI bytes); None when no reading beats the texts as
    they are (already Unicode). Texts with no word to judge by take the font's encoding unless `judged`; `sep`
    joins the texts ("" for a Word file's runs, which may be pieces of a word)."""
    joined = sep.join(texts)
    best = score(joined)
    if not judged and not any(not w.isascii() for w in WORD.findall(joined)):
        return encoding
    chosen = None
    for name in dict.fromkeys((encoding, *LEGACY)):  # the font's own first: a tie goes to it
        if (s := score(sep.join(recode(t, name, upper) for t in texts))) > best:
            best, chosen = s, name
    return chosen


JUDGED_WORDS = 3  # words with a non-ASCII letter a run needs to be read in an encoding of its own


def own_encoding(text: str, encoding: str, upper: bool) -> str:
    """The encoding of one stretch (a paragraph's runs, a cell) of a font whose runs are in `encoding` (reading):
    another legacy one when the stretch is long enough to tell and reads better so (one font may hold TCVN3
    paragraphs and VNI ones)."""
    if sum(1 for w in WORD.findall(text) if not w.isascii()) < JUDGED_WORDS:
        return encoding
    scored = [(score(recode(text, name, upper)), name == encoding, name) for name in LEGACY]
    return max(scored)[2]  # a tie goes to the font's own


def recode(text: str, encoding: str, upper: bool) -> str:
    """Text a reader showed as Windows-1252 letters, read again as the bytes of a legacy encoding; text with a
    letter no 8-bit font holds (already Unicode) is returned as it is."""
    pieces = recode_pieces(text, encoding, upper)
    return text if pieces is None else unicodedata.normalize("NFC", "".join(pieces))
