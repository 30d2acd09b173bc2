"""A benchmark corpus: the samples (TXT, DOCX, PDF) replicated to N documents, each copy's bytes made its own
(a line for a TXT, a trailing comment for a PDF, an extra part in a DOCX's zip) so none is skipped as a copy."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "corpus").iterdir() if p.suffix in (".txt", ".pdf", ".docx"))


def replicate(outdir: Path, count: int, formats: tuple[str, ...] = ("txt", "pdf", "docx")) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    sources = [p for p in SAMPLES if p.suffix[1:] in formats]
    out = []
    for i in range(count):
        src = sources[i % len(sources)]
        dst = outdir / f"{i:05d}_{src.name}"
        if src.suffix == ".txt":
            dst.write_text(src.read_text(encoding="utf-8") + f"\nBản sao {i}.\n", encoding="utf-8")
        elif src.suffix == ".pdf":
            dst.write_bytes(src.read_bytes() + f"\n%vanban-bench-copy {i}\n".encode())
        else:
            shutil.copy(src, dst)
            with zipfile.ZipFile(dst, "a") as z:
                z.writestr("customXml/vanban-bench-copy.txt", str(i))
        out.append(dst)
    return out
