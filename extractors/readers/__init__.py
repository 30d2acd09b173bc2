"""One reader per format, all returning the same `Document`; and what the KB knows a file by (its sha256 and its
Stamp)."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import NamedTuple

from ..document import Document
from ..errors import ReadError
from . import docx, image, legacy, office, pdf, sheets, txt
from .sniff import Kind, sniff, sniff_file

IMAGES = ("png", "jpeg", "tiff")
# a PowerPoint 97-2003 file is printed to PDF by LibreOffice Impress: its slides are pages, its fonts kept
READERS = {"txt": txt.read, "pdf": pdf.read, "docx": docx.read, "xlsx": sheets.read, "xls": sheets.read_xls,
           **{kind: office.reader(kind, "docx", docx.read) for kind in ("doc", "rtf", "odt")},
           "ppt": office.reader("ppt", "pdf", pdf.read), **{kind: partial(image.read, kind=kind) for kind in IMAGES}}
OCR_READERS = ("pdf", *IMAGES)  # the readers given `--ocr`
# what a name promises: a file named so is read as that format unless its content says it is another one vanban
# reads (an RTF named .doc is RTF); one whose content is nothing vanban reads fails with what it holds instead
EXTENSIONS = {".txt": "txt", ".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".rtf": "rtf", ".odt": "odt",
              ".xlsx": "xlsx", ".xls": "xls", ".ppt": "ppt", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg",
              ".tif": "tiff", ".tiff": "tiff"}
NAMES = {"txt": "text file", "pdf": "PDF", "docx": "DOCX document", "doc": "Word 97-2003 document",
         "rtf": "RTF document", "odt": "OpenDocument text", "xlsx": "XLSX workbook", "xls": "Excel 97-2003 workbook",
         "ppt": "PowerPoint 97-2003 presentation", "png": "PNG image", "jpeg": "JPEG image", "tiff": "TIFF image"}
ZIPPED = ("docx", "odt", "xlsx")  # the formats that are zip packages: a damaged one is still given to its reader
TEXTUAL = (None, "json", "html", "xml")  # what a .txt may hold


class Unsupported(ReadError):
    """The file's content is nothing vanban reads, and its name promises nothing it reads: skipped, not failed."""


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


def format_of(path: Path, found: Kind) -> str:
    """The reader for a file, decided by its content (`found` by sniff) first and its extension second."""
    if found.kind in READERS:
        return found.kind
    suffix = path.suffix.lower()
    claimed = EXTENSIONS.get(suffix)
    if claimed == "txt" and found.kind in TEXTUAL:
        return claimed
    if claimed and found.kind == "zip" and claimed in ZIPPED:  # a damaged package: its reader says what is wrong
        return claimed
    if claimed:
        raise ReadError(str(path), f"not a {NAMES[claimed]}: the file holds {found.what} (wrong extension or "
                                   "damaged file)")
    shown = suffix or "(no extension)"
    raise Unsupported(str(path), f"unsupported format {shown}" + (f" ({found.what})" if found.kind else ""))


def special(mode: int) -> str | None:
    """'special file (FIFO)' and the like for what is neither a regular file nor a folder: never opened (opening
    a FIFO waits for a writer), so nothing hangs."""
    for test, name in ((stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
                       (stat.S_ISBLK, "block device")):
        if test(mode):
            return f"special file ({name})"
    return None


def unsupported(path: Path) -> str | None:
    """Why a regular file is skipped (its content is nothing vanban reads), or None: it is read (and may fail)."""
    with open(path, "rb") as f:
        found = sniff_file(f)
    try:
        format_of(path, found)
    except Unsupported as e:
        return e.reason
    except ReadError:  # its name promises a format vanban reads: it is read, and fails with what it holds
        pass
    return None


def read(path: str | Path, ocr: str = "auto") -> Document:
    """Read any supported file; raise ReadError with a reason a person can act on. `ocr` (`--ocr`): 'auto' reads
    scanned pages (no text layer) and images by OCR, 'force' every PDF page too, 'never' none."""
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise ReadError(str(path), "is a directory, not a file")
        if reason := special(mode):
            raise ReadError(str(path), f"{reason}: not read")
        if (size := path.stat().st_size) > MAX_TEXT_BYTES and path.suffix.lower() == ".txt":
            raise ReadError(str(path), _too_long(size))
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(str(path), "file not found (it may have been moved or deleted)") from None
    except PermissionError:
        raise ReadError(str(path), "permission denied: the file cannot be read") from None
    if not data:
        raise ReadError(str(path), "empty file (0 bytes)")
    kind = format_of(path, sniff(data))
    options = {"ocr": ocr} if kind in OCR_READERS else {}
    doc = replace(READERS[kind](str(path), data, hashlib.sha256(data).hexdigest(), **options), size=len(data))
    if (size := sum(len(p.text.encode()) for p in doc.pages)) > MAX_TEXT_BYTES:  # UTF-8: ~1.3 bytes a letter
        raise ReadError(str(path), _too_long(size))
    if warning := legacy.mojibake("".join(p.text for p in doc.pages)):
        doc = replace(doc, warnings=(*doc.warnings, warning))
    return doc


# A report is rarely over 1 MB of text; past this a file is more likely a dump or a mistake, and extracting it
# would take minutes and gigabytes. VANBAN_MAX_TEXT_MB raises the limit.
MAX_TEXT_BYTES = int(float(os.environ.get("VANBAN_MAX_TEXT_MB", "8")) * 1024 * 1024)


def _too_long(size: int) -> str:
    return (f"text too large ({size / 1048576:.1f} MB, over the {MAX_TEXT_BYTES / 1048576:.0f} MB limit): split the "
            "file, or set VANBAN_MAX_TEXT_MB to raise the limit")
