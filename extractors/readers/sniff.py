"""What a file is by its content (signatures in rules/signatures.tsv), not by its name: a JSON file named .pdf is
JSON, a Word 97-2003 file named .docx is a .doc, an RTF named .doc is RTF."""

from __future__ import annotations

import io
import zipfile
from functools import cache
from typing import NamedTuple

from ..rules import table

HEAD = 8192  # bytes enough for every signature but the containers' inner parts
CONTAINERS = ("zip", "ole2")


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


def container(head: bytes) -> str | None:
    """'zip' or 'ole2' when the first bytes are a container's, whose parts then decide: the whole file is needed."""
    found = _match(head, None, None)
    return found.kind if found.kind in CONTAINERS else None


def sniff(data: bytes) -> Kind:
    """The kind of a file from its bytes (the first HEAD are enough unless `container` says otherwise)."""
    parts = mimetype = None
    if data.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                parts = set(z.namelist())
                if "mimetype" in parts:
                    mimetype = z.read("mimetype")[:200].decode("ascii", "replace").strip()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            parts = None  # a damaged zip: only its signature is known
    return _match(data, parts, mimetype)


def _match(data: bytes, parts: set[str] | None, mimetype: str | None) -> Kind:
    ole = data.startswith(bytes.fromhex("d0cf11e0a1b11ae1"))
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
