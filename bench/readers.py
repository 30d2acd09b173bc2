"""`make bench-readers`: vanban's readers and viparse side by side on viparse-corpus (real legacy-encoded government
documents with hand transcripts), scored with the corpus's METRIC.md (bench/metric.py), in one run.

    python bench/readers.py [--corpus DIR] [--viparse PYTHON] [--json OUT]

Each tool reads every document of corpus/public-domain once, one process each (vanban here, viparse in the bench's
own virtualenv through bench/viparse_run.py), the two taking turns document by document so that a busy machine
weighs on both alike. A document a tool raises on is a failure (no text, counted, listed); seconds per document are
the reading time of all documents over their number (vanban's LibreOffice converter starting once included).
Prints a table per format and overall, and writes output/bench-readers.json. Beside METRIC.md's numbers, and not one
of them, a diagnostic: diacritics with both sides in lower case. The corpus's transcripts keep the letters of a TCVN3
"H" font (.VnTimeH, which draws every letter as a capital) in the case they were typed (its SOURCES.md says so),
where vanban gives the capitals the page shows; the gap between the two columns is that.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.metric import Score, pooled, score  # noqa: E402
from extractors.errors import ReadError  # noqa: E402
from extractors.readers import read  # noqa: E402

CORPUS = ROOT.parent / "shared" / "viparse-corpus"


def vanban_text(path: Path) -> str:
    """The text vanban's reader gives a file, its pages one after another."""
    return "\n".join(p.text for p in read(path).pages)


def documents(corpus: Path) -> list[Path]:
    """The corpus's documents that have a transcript."""
    truth = corpus / "ground-truth"
    return sorted(p for p in (corpus / "corpus" / "public-domain").rglob("*")
                  if p.is_file() and not p.name.startswith(".") and (truth / f"{p.stem}.txt").exists())


class Viparse:
    """viparse reading one file at a time in its own virtualenv's Python."""

    def __init__(self, python: str):
        self.proc = subprocess.Popen([python, str(ROOT / "bench" / "viparse_run.py")], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, encoding="utf-8")
        self.version = json.loads(self.proc.stdout.readline())["version"]

    def read(self, path: Path) -> tuple[str | None, str | None, float]:
        self.proc.stdin.write(f"{path}\n")
        self.proc.stdin.flush()
        out = json.loads(self.proc.stdout.readline())
        return out["text"], out["error"], out["seconds"]

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait()


def vanban_read(path: Path) -> tuple[str | None, str | None, float]:
    start = time.perf_counter()
    try:
        text, error = vanban_text(path), None
    except ReadError as e:
        text, error = None, e.reason
    return text, error, time.perf_counter() - start


def summary(rows: list[dict], tool: str) -> dict:
    """Per format and overall: the three numbers over the documents read, failures, seconds per document."""
    out = {}
    for fmt in sorted({r["format"] for r in rows}) + ["all"]:
        mine = [r for r in rows if fmt in ("all", r["format"])]
        read_ = [r[tool] for r in mine if r[tool]["score"]]
        folded = pooled([Score(**r["folded"]) for r in read_])["diacritic_accuracy"]
        out[fmt] = {**pooled([Score(**r["score"]) for r in read_]), "diacritic_case_folded": folded,
                    "documents": len(mine), "failures": sum(1 for r in mine if r[tool]["error"]),
                    "seconds_per_document": round(sum(r[tool]["seconds"] for r in mine) / len(mine), 3)}
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--viparse", default=str(ROOT / "output" / "bench-venv" / "bin" / "python"),
                    help="the Python of a virtualenv where viparse is installed")
    ap.add_argument("--json", type=Path, default=ROOT / "output" / "bench-readers.json")
    args = ap.parse_args()
    docs = documents(args.corpus)
    if not docs:
        print(f"no documents with transcripts under {args.corpus}", file=sys.stderr)
        return 2
    viparse = Viparse(args.viparse)
    rows = []
    for path in docs:
        truth = (args.corpus / "ground-truth" / f"{path.stem}.txt").read_text(encoding="utf-8")
        row = {"document": str(path.relative_to(args.corpus)), "format": path.suffix.lower().lstrip(".")}
        for tool, reader in (("vanban", vanban_read), ("viparse", viparse.read)):
            text, error, seconds = reader(path)
            row[tool] = {"error": error, "seconds": round(seconds, 3),
                         "score": vars(score(text, truth)) if text is not None else None,
                         "folded": vars(score(text.lower(), truth.lower())) if text is not None else None}
        rows.append(row)
    viparse.close()
    result = {"date": time.strftime("%Y-%m-%d"), "corpus": str(args.corpus),
              "versions": {"vanban": importlib.metadata.version("vanban"), "viparse": viparse.version},
              "vanban": summary(rows, "vanban"), "viparse": summary(rows, "viparse"), "documents": rows}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(result))
    for tool in ("vanban", "viparse"):
        for r in rows:
            if r[tool]["error"]:
                print(f"  {tool} failed on {r['document']}: {r[tool]['error']}")
    return 0


def table(result: dict) -> str:
    """The side-by-side table (Markdown, as in README)."""
    lines = ["| tool | format | documents | failures | char | diacritic | syllable | s/doc | diacritic, case-folded |",
             "|---|---|--:|--:|--:|--:|--:|--:|--:|"]
    for tool in ("vanban", "viparse"):
        for fmt, s in result[tool].items():
            lines.append(f"| {tool} {result['versions'][tool]} | {fmt} | {s['documents']} | {s['failures']} | "
                         f"{s['char_accuracy']:.3f} | {s['diacritic_accuracy'] or 0:.3f} | "
                         f"{s['syllable_accuracy']:.3f} | {s['seconds_per_document']:.2f} | "
                         f"{s['diacritic_case_folded'] or 0:.3f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
