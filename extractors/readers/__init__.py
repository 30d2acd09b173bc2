"""One reader per format, all returning the same `Document`; and what the KB knows a file by (its sha256 and its
Stamp)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from ..document import Document
from ..errors import ReadError
from . import docx, pdf, txt

READERS = {".txt": txt.read, ".pdf": pdf.read, ".docx": docx.read}


class Stamp(NamedTuple):
    """A file's size and modification time. When both are as the KB recorded them for its path, the file is taken
    as unchanged without being read, as rsync and make do (`vanban ingest --force` reads everything)."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: str | Path) -> Stamp:
        st = os.stat(path)
        return cls(st.st_size, st.st_mtime_ns)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in READERS


def read(path: str | Path) -> Document:
    """Read any supported file; raise ReadError with a reason a person can act on."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ReadError(str(path), f"unsupported format '{path.suffix}' (vanban reads {', '.join(READERS)})")
    try:
        if path.suffix.lower() == ".txt" and (size := path.stat().st_size) > MAX_TEXT_BYTES:
            raise ReadError(str(path), _too_long(size))
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(str(path), "file not found (it may have been moved or deleted)") from None
    except PermissionError:
        raise ReadError(str(path), "permission denied: the file cannot be read") from None
    except IsADirectoryError:
        raise ReadError(str(path), "is a directory, not a file") from None
    if not data:
        raise ReadError(str(path), "empty file (0 bytes)")
    doc = replace(reader(str(path), data, hashlib.sha256(data).hexdigest()), size=len(data))
    if (size := sum(len(p.text.encode()) for p in doc.pages)) > MAX_TEXT_BYTES:  # UTF-8: ~1.3 bytes a letter
        raise ReadError(str(path), _too_long(size))
    return doc


# A report is rarely over 1 MB of text; past this a file is more likely a dump or a mistake, and extracting it
# would take minutes and gigabytes. VANBAN_MAX_TEXT_MB raises the limit.
MAX_TEXT_BYTES = int(float(os.environ.get("VANBAN_MAX_TEXT_MB", "8")) * 1024 * 1024)


def _too_long(size: int) -> str:
    return (f"text too large ({size / 1048576:.1f} MB, over the {MAX_TEXT_BYTES / 1048576:.0f} MB limit): split the "
            "file, or set VANBAN_MAX_TEXT_MB to raise the limit")
