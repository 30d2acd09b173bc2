"""What a file is by its content (signatures in rules/signatures.tsv), not by its name: a JSON file named .pdf is
JSON, a Word 97-2003 file named .docx is a .doc, an RTF named .doc is RTF."""

from __future__ import annotations

import io
import zipfile
from functools import cache
from typing import BinaryIO, NamedTuple

from ..rules import table

HEAD = 8192  # bytes enough for every signature but the containers' inner parts
OLE = bytes.fromhex("d0cf11e0a1b11ae1")
OLE_SCAN = 64 * 1024 * 1024  # an OLE2 file's stream names are looked for this far (its directory is near the start)


class Kind(NamedTuple):
    kind: str | None  # None: nothing in the table matched (plain text, or unknown binary data)
    what: str  # for a person: "a PDF", "JSON text", …


@cache
def _rows() -> tuple[tuple[str, str, str | bytes, str], ...]:
    out = []
    for r in table("signatures"):
        hexed = r["where"].isdigit() or r["where"] == "first-kb"
        out.append((r["kind"], r["where"], bytes.fromhex(r["value"]) if hexed else r["value"], r["what"]))
    return tuple(out)


def sniff(data: bytes) -> Kind:
    """The kind of a file from all its bytes."""
    return _match(data, *_zip_parts(io.BytesIO(data))) if data.startswith(b"PK") else _match(data, None, None)


def sniff_file(f: BinaryIO) -> Kind:
    """The kind of an open file, reading no more than it takes: the head, a zip's central directory, the first
    OLE_SCAN bytes of an OLE2 file."""
    head = f.read(HEAD)
    if head.startswith(b"PK"):
        f.seek(0)
        return _match(head, *_zip_parts(f))
    return _match(head + f.read(OLE_SCAN) if head.startswith(OLE) else head, None, None)


def _zip_parts(f: BinaryIO) -> tuple[set[str] | None, str | None]:
    """A zip's part names and its `mimetype` part's text; (None, None) for a damaged zip (only its signature is
    known then)."""
    try:
        with zipfile.ZipFile(f) as z:
            parts = set(z.namelist())
            mimetype = z.read("mimetype")[:200].decode("ascii", "replace").strip() if "mimetype" in parts else None
            return parts, mimetype
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError):
        return None, None


def _match(data: bytes, parts: set[str] | None, mimetype: str | None) -> Kind:
    ole = data.startswith(OLE)
    text = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").decode("latin-1").lower()
    for kind, where, value, what in _rows():
        if where == "first-kb":
            hit = value in data[:1024]
        elif where == "text-start":
            hit = text.startswith(value)
        elif where == "zip-part":
            hit = parts is not None and value in parts
        elif where == "zip-mimetype":
            hit = mimetype == value
        elif where == "ole-stream":
            hit = ole and _utf16_name(value) in data
        else:
            hit = data[int(where):].startswith(value)
        if hit:
            return Kind(kind, what)
    return Kind(None, "text" if _looks_textual(data[:HEAD]) else "unknown binary data")


@cache
def _utf16_name(name: str) -> bytes:
    """A stream's name as an OLE2 directory entry spells it (UTF-16LE, then the NUL that ends it)."""
    return (name + "\0").encode("utf-16-le")


def _looks_textual(head: bytes) -> bool:
    return b"\x00" not in head
