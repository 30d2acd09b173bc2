"""Plain text: UTF-8 (BOM or not), UTF-16, Windows-1258 and the legacy TCVN3 / VNI encodings, to NFC."""

from __future__ import annotations

import codecs
import html
import unicodedata
from itertools import islice

import regex

from ..document import Document, Page
from ..errors import ReadError

BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _utf16_without_bom(data: bytes) -> str | None:
    # ASCII-heavy UTF-16 has a zero in every other byte; which half tells the byte order.
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode(path: str, data: bytes) -> tuple[str, str]:
    """Return (text, encoding name) or raise ReadError naming the file."""
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name.replace("-sig", "") + "-bom"
            except UnicodeDecodeError as e:
                raise ReadError(path, f"starts with a {name} byte-order mark but is not valid {name}: {e}") from None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from . import legacy  # only 8-bit files need the legacy tables

    name, score = legacy.detect(data)
    if score < legacy.MIN_SCORE:
        raise ReadError(
            path,
            "cannot decide the text encoding: not UTF-8 or UTF-16, and no Vietnamese 8-bit encoding "
            f"(Windows-1258, TCVN3, VNI) reads as Vietnamese (best {name}, score {score:.2f})",
        )
    return legacy.decode(data, name), name


# a page saved as its HTML source ("<p style=…><span …>Ng&agrave;y 16 th&aacute;ng 8 …"): markup and character
# references, read as the text they stand for; the file's lines stay its lines (places point into the file)
TAG = regex.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>\n]{0,500})?/?>")
MARKUP = regex.compile(rf"{TAG.pattern}|&(?:[A-Za-z]{{2,8}}|#\d{{2,5}}|#x[0-9A-Fa-f]{{2,4}});")


def _unmarked(text: str) -> str:
    """The text of HTML source saved as plain text; any other text as it is (a few '<' or '&' are not markup)."""
    if sum(1 for _ in islice(MARKUP.finditer(text), 5)) < 5:
        return text
    return html.unescape(TAG.sub(" ", text))


def read(path: str, data: bytes, sha256: str) -> Document:
    text, encoding = decode(path, data)
    if "\x00" in text:
        raise ReadError(path, f"binary data, not text (NUL characters after decoding as {encoding})")
    text = unicodedata.normalize("NFC", _unmarked(text.replace("\r\n", "\n").replace("\r", "\n")))
    return Document(path, sha256, "txt", (Page(None, text),), encoding=encoding)
