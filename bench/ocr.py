"""`make bench-ocr`: how well and how fast vanban's OCR reads Vietnamese pages, measured on pages whose text is known.

    python bench/ocr.py [--ppi 200 300] [--variants clean degraded] [--jobs J] [--json OUT]

Text PDFs (the corpus' samples, and born-digital PDFs of ../shared/wild) are rendered to images by PDFium at each
resolution, read by vanban's OCR (readers/ocr.py) as they are ("clean") and degraded as a scanner and a photocopier
degrade a page ("degraded": turned 1-2 degrees, blurred, grain noise, saved as JPEG at quality 50; or one of those
alone with --variants skew blur noise jpeg), and scored against the page's own text layer (as vanban reads it) with
viparse-corpus's METRIC.md numbers (bench/metric.py, the scorer of `make bench-readers`). Speed is CPU seconds of
recognition per page, as pages/s per core. The real scans of ../shared/wild are read too: every page, its mean word
confidence and time, and the pages transcribed by hand (output/ocr_transcripts.json, kept out of the repository)
scored against their transcripts.
Writes output/bench-ocr.json and prints a table.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import time
import zlib
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.metric import Score, pooled, score  # noqa: E402
from extractors.readers import ocr, read  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WILD = ROOT.parent / "shared" / "wild" / "files"
# born-digital PDFs of the wild archive with a Unicode text layer: first pages (headers, small print, tables)
WILD_TEXT = ("01_nd49-2026-chinhphu.pdf", "03_anle43-2021-tandtc.pdf", "05_tb-vpubnd-daklak-2023.pdf",
             "06_bc-mpi-ktxh-quy1-2005.pdf", "07_bc-nonglamngu-thang1-2006.pdf", "08_cv-vienkientruc-gopy-2026.pdf")
# hand transcripts of scanned pages of ../shared/wild: not in the repository (they copy those files' text, which
# is not the project's to commit); a run without them skips their row
TRANSCRIPTS = Path(os.environ.get("VANBAN_OCR_TRANSCRIPTS") or ROOT / "output" / "ocr_transcripts.json")
VARIANTS = ("clean", "degraded", "skew", "blur", "noise", "jpeg")


def pages(per_corpus_pdf: int) -> list[tuple[str, int]]:
    """(path, page number) of the pages scored: the first pages of each corpus PDF, the first of the wild ones."""
    chosen = [(str(p), n) for p in sorted((ROOT / "corpus").glob("*.pdf")) for n in range(1, per_corpus_pdf + 1)]
    chosen += [(str(WILD / name), 1) for name in WILD_TEXT if (WILD / name).exists()]
    return chosen


@cache
def truth(path: str) -> tuple[str, ...]:
    return tuple(p.text for p in read(path, ocr="never").pages)


def render(path: str, number: int, ppi: int):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return pdf[number - 1].render(scale=ppi / 72, grayscale=True).to_pil().convert("L")
    finally:
        pdf.close()


def degrade(image, how: str, ppi: int, seed: int):
    """A page as a scanner or a copier gives it back; the same page always degraded the same way."""
    import numpy as np
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    if how in ("skew", "degraded"):
        image = image.rotate(rng.choice((-1, 1)) * rng.uniform(1, 2), resample=Image.BICUBIC, fillcolor=255)
    if how in ("blur", "degraded"):
        image = image.filter(ImageFilter.GaussianBlur(radius=0.8 * ppi / 300))
    if how in ("noise", "degraded"):
        grain = np.random.default_rng(seed).normal(0, 18, (image.height, image.width))
        image = Image.fromarray(np.clip(np.asarray(image, dtype=np.float32) + grain, 0, 255).astype(np.uint8))
    if how in ("jpeg", "degraded"):
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=50)
        image = Image.open(io.BytesIO(out.getvalue())).convert("L")
    return image


def score_page(task: tuple[str, int, int, str, str]) -> dict:
    path, number, ppi, variant, language = task
    image = render(path, number, ppi)
    if variant != "clean":
        image = degrade(image, variant, ppi, seed=zlib.crc32(f"{Path(path).name}:{number}".encode()))
    start = time.process_time()
    found = ocr.recognize(image, ppi, language)
    cpu = time.process_time() - start
    return {"file": Path(path).name, "page": number, "ppi": ppi, "variant": variant, "language": language,
            "source": "corpus" if Path(path).parent == ROOT / "corpus" else "wild",
            "cpu_s": cpu, "confidence": found.confidence, **vars(score(found.text, truth(path)[number - 1]))}


def scan_pages() -> list[tuple[str, int]]:
    import pypdfium2 as pdfium

    out = []
    for path in sorted(WILD.glob("*_scan-*.pdf")):
        pdf = pdfium.PdfDocument(str(path))
        out += [(str(path), n) for n in range(1, len(pdf) + 1)]
        pdf.close()
    return out


def read_scan(task: tuple[str, int]) -> dict:
    """A real scan's page as vanban reads it (at the scan's own resolution: readers/pdf.page_image)."""
    import pypdfium2 as pdfium

    from extractors.readers.pdf import page_image

    path, number = task
    pdf = pdfium.PdfDocument(path)
    try:
        image, ppi = page_image(pdf[number - 1])
    finally:
        pdf.close()
    start = time.process_time()
    found = ocr.recognize(image, ppi)
    cpu = time.process_time() - start
    typed = ({(t["file"], t["page"]): t["text"] for t in json.loads(TRANSCRIPTS.read_text(encoding="utf-8"))["pages"]}
             if TRANSCRIPTS.exists() else {})
    transcript = typed.get((Path(path).name, number))
    return {"file": Path(path).name, "page": number, "ppi": ppi, "cpu_s": cpu, "confidence": found.confidence,
            "chars_read": len(found.text), **(vars(score(found.text, transcript)) if transcript else {})}


def _scores(results: list[dict]) -> list[Score]:
    return [Score(**{k: r[k] for k in Score.__dataclass_fields__}) for r in results]


def table(results: list[dict]) -> list[dict]:
    """One row per model, resolution, variant and source (all pages, the corpus' samples, the wild PDFs)."""
    groups: dict[tuple, list[dict]] = {}
    for r in results:
        for source in ("all", r["source"]):
            groups.setdefault((r["language"], r["ppi"], r["variant"], source), []).append(r)
    rows = []
    for (language, ppi, variant, source), rs in sorted(groups.items()):
        cpu = sum(r["cpu_s"] for r in rs)
        rows.append({"language": language, "ppi": ppi, "variant": variant, "source": source,
                     **pooled(_scores(rs)),
                     "pages_per_s_per_core": round(len(rs) / cpu, 3) if cpu else None,
                     "mean_confidence": round(sum(r["confidence"] or 0 for r in rs) / len(rs), 3)})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ppi", type=int, nargs="+", default=[200, 300])
    ap.add_argument("--variants", nargs="+", choices=VARIANTS, default=["clean", "degraded"])
    ap.add_argument("--languages", nargs="+", default=[ocr.LANGUAGE],
                    help="Tesseract models (vie; Vietnamese is Debian's tesseract-ocr-script-viet)")
    ap.add_argument("--corpus-pages", type=int, default=2, help="first pages of each corpus PDF")
    ap.add_argument("--no-scans", action="store_true", help="skip reading the real scans of ../shared/wild")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--json", type=Path, default=ROOT / "output" / "bench-ocr.json")
    args = ap.parse_args()
    tasks = [(path, n, ppi, variant, language) for path, n in pages(args.corpus_pages) for ppi in args.ppi
             for variant in args.variants for language in args.languages]
    started = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        results = list(pool.map(score_page, tasks))
        scans = [] if args.no_scans or not WILD.exists() else list(pool.map(read_scan, scan_pages()))
    rows = table(results)
    print(f"OCR on rendered pages ({len(pages(args.corpus_pages))} pages; scored against their text layer, "
          "METRIC.md)")
    print(f"{'model':<16}{'ppi':>5} {'variant':<10}{'pages':<12}{'diacritic':>10}{'char':>8}{'syllable':>10}"
          f"{'pages/s/core':>14}{'confidence':>12}")
    for r in rows:
        print(f"{r['language']:<16}{r['ppi']:>5} {r['variant']:<10}{r['source'] + ' ' + str(r['documents']):<12}"
              f"{r['diacritic_accuracy']:>10.4f}"
              f"{r['char_accuracy']:>8.4f}{r['syllable_accuracy']:>10.4f}{r['pages_per_s_per_core']:>14.3f}"
              f"{r['mean_confidence']:>12.3f}")
    if scans:
        cpu = sum(s["cpu_s"] for s in scans)
        low = [s for s in scans if (s["confidence"] or 0) < ocr.LOW_CONFIDENCE]
        print(f"real scans of ../shared/wild: {len(scans)} pages of {len({s['file'] for s in scans})} files read at "
              f"their own resolution, {len(scans) / cpu:.3f} pages/s per core, mean confidence "
              f"{sum(s['confidence'] or 0 for s in scans) / len(scans):.3f}, {len(low)} under {ocr.LOW_CONFIDENCE}")
        typed = pooled(_scores([s for s in scans if "diacritics" in s]))
        print(f"  the {typed['documents']} pages transcribed by hand: diacritic {typed['diacritic_accuracy']:.4f}, "
              f"char "
              f"{typed['char_accuracy']:.4f}, syllable {typed['syllable_accuracy']:.4f}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    typed = pooled(_scores([s for s in scans if "diacritics" in s]))
    args.json.write_text(json.dumps({"table": rows, "pages": results, "scans": scans, "transcribed": typed,
                                     "seconds": round(time.perf_counter() - started, 1)}, ensure_ascii=False,
                                    indent=1))
    print(f"-> {args.json}")


if __name__ == "__main__":
    main()
