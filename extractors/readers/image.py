"""Images (PNG, JPEG, TIFF): a scanned page each, a multi-frame TIFF a page per frame, read by OCR (ocr.py)."""

from __future__ import annotations

import io
import warnings as python_warnings

from ..document import Document, Page
from ..errors import ReadError
from . import ocr as tesseract

# Pillow's own guard against decompression bombs stays on, as an error rather than a warning, at this many pixels:
# an A4 page at 600 ppi is 35 million
MAX_PIXELS = 120_000_000
A4_SHORT_INCHES = 8.27
MAX_SCALE = 3  # a tiny image is not blown up past this


def read(path: str, data: bytes, sha256: str, kind: str, ocr: str = "auto") -> Document:
    """`kind` is what sniff found: png, jpeg or tiff."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    if ocr == "never":
        raise ReadError(path, f"an image ({kind.upper()}): its text can only be read by OCR, and --ocr never was "
                              "given")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    pages, warnings = [], []
    try:
        with python_warnings.catch_warnings():
            python_warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            frames = tesseract.read_pages(_page(frame) for frame in ImageSequence.Iterator(image))
            for n, found in enumerate(frames, start=1):
                o = tesseract.outcome(n, found, warnings)
                pages.append(Page(n, o.text, has_text_layer=False, line_numbers=o.line_numbers,
                                  ocr_confidence=o.confidence))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ReadError(path, f"image too large (over {MAX_PIXELS // 1_000_000} million pixels): not read") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as e:  # Pillow's for a bad file
        raise ReadError(path, f"damaged {kind.upper()} image, cannot be decoded ({e})") from None
    if not any(p.text.strip() for p in pages):
        raise ReadError(path, f"an image ({kind.upper()}, {len(pages)} page{'s' * (len(pages) > 1)}) in which OCR "
                              "found no text")
    return Document(path, sha256, kind, tuple(pages), warnings=tuple(warnings))


def _page(frame):
    """A frame as OCR reads it: grey, and scaled up to the resolution PDF pages are rendered at when it has less (a
    scan at 150 ppi is doubled), with the resolution it is then at. A resolution under 100 ppi (72 is what cameras
    and editors write when they know none) is taken from the width instead, as of an A4 page's short side."""
    from PIL import Image

    grey = frame.convert("L")
    ppi = float((frame.info.get("dpi") or (0, 0))[0] or 0)
    if ppi < 100:
        ppi = max(70.0, min(grey.size) / A4_SHORT_INCHES)
    scale = min(MAX_SCALE, tesseract.PPI / ppi)
    if scale > 1.1:
        grey = grey.resize((round(grey.width * scale), round(grey.height * scale)), Image.LANCZOS)
        ppi *= scale
    return grey, round(ppi)
