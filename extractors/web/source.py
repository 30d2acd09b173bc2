"""A document's source file, for the web view: downloaded as it was ingested, or one PDF page drawn as an image with
the cited place boxed.

No path ever comes from the request: a document is named by its id, and its file is the path the KB recorded for it
(or a copy's), served only while its bytes still hash to that id, so nothing else on the disk (a file put in its
place, a link to elsewhere) is ever read out. The page is drawn by PDFium in a child process with a memory and CPU
limit and a deadline, so that a hostile PDF (an image that inflates to gigabytes, a C library abort) costs one
image, not the server.
"""

from __future__ import annotations

import asyncio
import hashlib
import resource
import sys
from collections import OrderedDict
from pathlib import Path

RENDER_SCALE = 1.5  # 108 dpi: a page's text is readable on a screen
RENDER_MEMORY = 1024 * 1024 * 1024  # bytes of address space the drawing process may take
RENDER_CPU_SECONDS = 20
RENDER_TIMEOUT = 30  # seconds of wall time before the drawing process is killed
FIND_CHARS = 200  # of the text to box on the page; what a mark holds, not more
_verified: dict[tuple[str, int, int], str] = {}  # (path, size, mtime_ns) -> the sha256 of its bytes
_images: OrderedDict[tuple, bytes] = OrderedDict()  # the last pages drawn
IMAGES_KEPT = 32


def _sha256(path: Path) -> str:
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _verified:
        digest = hashlib.sha256()
        with path.open("rb") as f:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
        _verified[key] = digest.hexdigest()
    return _verified[key]


def _same_bytes(paths: list[str], doc_id: str, kb_folder: Path) -> Path | None:
    """The first of the recorded paths (as stored, or beside the KB) that is a regular file hashing to `doc_id`."""
    for stored in paths:
        for path in (Path(stored), kb_folder / stored):
            try:
                if path.is_file() and _sha256(path) == doc_id:
                    return path
            except OSError:  # gone, unreadable: the next one
                continue
    return None


async def stored_file(db, doc_id: str) -> tuple[Path, str, int | None] | None:
    """(the file, its format, its page count) of a document, or None when the KB has no such document or none of
    its recorded paths holds its bytes any more."""
    rows = (await db.execute("select path, format, pages from documents where id = ? union all "
                             "select c.path, d.format, d.pages from copies c join documents d on d.id = c.doc_id "
                             "where c.doc_id = ?", [doc_id, doc_id])).rows
    if not rows:
        return None
    kb_folder = Path(db.path).resolve().parent if db.path else Path.cwd()
    found = await asyncio.to_thread(_same_bytes, [r["path"] for r in rows], doc_id, kb_folder)
    return (found, rows[0]["format"], rows[0]["pages"]) if found else None


async def page_image(path: Path, page: int, find: str) -> bytes | None:
    """Page `page` (1-based) of the PDF at `path` as a PNG, `find` boxed where it stands; None when it cannot be
    drawn (over the limits, or PDFium refuses it)."""
    key = (str(path), path.stat().st_mtime_ns, page, find)
    if key in _images:
        _images.move_to_end(key)
        return _images[key]
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "extractors.web.source", str(path), str(page), find,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
        cwd=Path(__file__).resolve().parents[2])
    try:
        png, _ = await asyncio.wait_for(proc.communicate(), RENDER_TIMEOUT)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        return None
    if proc.returncode != 0 or not png.startswith(b"\x89PNG"):
        return None
    _images[key] = png
    while len(_images) > IMAGES_KEPT:
        _images.popitem(last=False)
    return png


def _boxes(page, find: str) -> list[tuple[float, float, float, float]]:
    """PDFium's rectangles (left, bottom, right, top, in points) of the first place `find` stands on the page: the
    whole text, else its first words (a quote may run over a line break PDFium keeps)."""
    text_page = page.get_textpage()
    words = find.split()
    for probe in dict.fromkeys((" ".join(words), " ".join(words[:4]), " ".join(words[:2]))):
        if not probe:
            continue
        found = text_page.search(probe, match_case=False).get_next()
        if found:
            return [text_page.get_rect(i) for i in range(text_page.count_rects(*found))]
    return []


def draw(path: str, number: int, find: str) -> bytes:
    """The PNG of one page with `find` boxed (the child process's work)."""
    import io

    import pypdfium2 as pdfium
    from PIL import ImageDraw

    pdf = pdfium.PdfDocument(path)
    page = pdf[number - 1]
    image = page.render(scale=RENDER_SCALE).to_pil().convert("RGB")
    height = page.get_size()[1]
    pen = ImageDraw.Draw(image)
    for left, bottom, right, top in _boxes(page, find[:FIND_CHARS]):
        box = [left * RENDER_SCALE - 3, (height - top) * RENDER_SCALE - 3, right * RENDER_SCALE + 3,
               (height - bottom) * RENDER_SCALE + 3]
        pen.rectangle(box, outline=(204, 0, 0), width=3)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


if __name__ == "__main__":  # the limits first, before PDFium is loaded
    resource.setrlimit(resource.RLIMIT_AS, (RENDER_MEMORY, RENDER_MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (RENDER_CPU_SECONDS, RENDER_CPU_SECONDS))
    sys.stdout.buffer.write(draw(sys.argv[1], int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else ""))
