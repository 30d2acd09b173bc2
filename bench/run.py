"""`make bench`: how fast vanban ingests, against the tools a user would otherwise reach for, measured in one run.

    python bench/run.py [--docs N] [--jobs J] [--json OUT]

1. End-to-end ingest of N documents (the samples replicated, TXT/DOCX/PDF) with J worker processes: files/s,
   pages/s and MB/s per core, each stage's share of the time, peak memory (RSS of the writer and its workers);
   the same at a quarter of the size, so that memory can be seen to stay flat as the corpus grows.
2. Text PDFs: our ingest against a pdfplumber-only text pass over the same PDFs with as many processes, each the
   median of --runs runs, the two taking turns. pdfplumber, ten times slower, reads the first --plumber-pdfs of
   them: both runs then last about 20 s on 2 cores, so that fixed costs (starting processes, importing and warming
   the libraries) weigh alike in both, and the whole bench stays well under 10 minutes.
3. NER: our whole pipeline against underthesea's NER alone, on the same documents, one process each.
4. `cites` latency (p50, p95) on a KB of 100 000 synthetic documents with a million citations.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import replicate  # noqa: E402
from extractors import citegraph  # noqa: E402
from extractors.kb import KB  # noqa: E402
from extractors.pipeline import extract  # noqa: E402
from extractors.references.query import loose  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def ingest_run(folder: Path, db: Path, jobs: int) -> dict:
    """`vanban ingest` in a child process, its process tree's resident memory sampled as it runs."""
    cmd = [sys.executable, "-m", "extractors.cli", "ingest", str(folder), "--db", str(db), "-j", str(jobs), "--json"]
    start = time.perf_counter()
    proc = psutil.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    peak = 0
    while proc.poll() is None:
        try:
            tree = [proc, *proc.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.1)
    elapsed = time.perf_counter() - start
    summary = json.loads(proc.stdout.read())
    size = sum(p.stat().st_size for p in folder.iterdir())
    pdf_pages = KB(db).db.execute("select coalesce(sum(pages), 0) from documents where format = 'pdf'").fetchone()[0]
    return {"files": summary["seen"], "ingested": summary["ingested"], "failed": len(summary["failed"]),
            "seconds": elapsed, "mb": size / 1e6, "pdf_pages": pdf_pages, "pages": summary["pages"],
            "peak_rss_mb": peak / 1e6, "stages": summary["seconds"]}


def _median(runs: list[dict]) -> dict:
    """The run with the median time, and every run's seconds."""
    middle = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    return middle | {"runs_seconds": [round(r["seconds"], 3) for r in runs]}


def plumber_pages(path: str) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return sum(1 for page in pdf.pages if page.extract_text() is not None)


def plumber_run(pdfs: list[Path], jobs: int) -> dict:
    start = time.perf_counter()
    with ProcessPoolExecutor(jobs) as pool:
        pages = sum(pool.map(plumber_pages, map(str, pdfs)))
    return {"pages": pages, "seconds": time.perf_counter() - start}


def ner_run(paths: list[Path]) -> dict:
    """Our pipeline and underthesea's NER on the same documents (its input: our clean text, line by line)."""
    from underthesea import ner

    extract(paths[0])  # models and patterns are built on first use, in both
    ner("Sở Tư pháp tỉnh Lâm Đồng")
    start = time.perf_counter()
    texts = [extract(p).text.text for p in paths]
    ours = time.perf_counter() - start
    start = time.perf_counter()
    for text in texts:
        for line in text.split("\n"):
            if line.strip():
                ner(line)
    return {"docs": len(paths), "ours_seconds": ours, "underthesea_seconds": time.perf_counter() - start}


def cites_run(db: Path, documents: int, keys: int, queries: int) -> dict:
    """A KB of `documents` synthetic reports each citing ten of `keys` references (a few cited very often),
    then what `vanban cites` does (candidates, the newest 200 citing sentences, the counts) for `queries` keys
    typed the forgiving way."""
    rng = random.Random(0)
    kb = KB(db)
    names = [f"{n}/QĐ-UBND" for n in range(1, keys + 1)]
    kb.db["references"].insert_all(({"key": k, "loose": loose(k), "kind": "numbered", "type": "Quyết định",
                                     "number": k.split("/")[0]} for k in names), batch_size=5000)
    kb.db["documents"].insert_all(({"id": f"{i:064x}", "path": f"synthetic/{i}.txt", "format": "txt",
                                    "date": f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-01"}
                                   for i in range(documents)), batch_size=5000)
    weights = [1 / (r + 1) for r in range(keys)]  # Zipf: the first keys are cited by thousands
    cited = {i: rng.choices(names, weights, k=10) for i in range(documents)}
    kb.db["citations"].insert_all(({"doc_id": f"{i:064x}", "ref_key": key, "sentence": f"Thực hiện Quyết định số {key}",
                                    "page": 1, "line": 10 + j, "start": 100 * j, "end": 100 * j + 20}
                                   for i, chosen in cited.items() for j, key in enumerate(chosen)), batch_size=20000)
    latencies = []
    # half the queries for the most cited keys (the slow ones), half for any key that is cited
    keys_cited = sorted({k for chosen in cited.values() for k in chosen}, key=lambda k: int(k.split("/")[0]))
    for key in keys_cited[: queries // 2] + rng.sample(keys_cited, queries - queries // 2):
        query = f"quyet dinh {key.split('/')[0]}/qd-ubnd"
        start = time.perf_counter()
        found = citegraph.candidates(kb.db, query)
        rows = citegraph.cites(kb.db, found[0], 200) if len(found) == 1 else []  # the command's default
        citegraph.cited_count(kb.db, found[0])
        latencies.append(time.perf_counter() - start)
        assert rows, query
    kb.close()
    latencies.sort()
    return {"documents": documents, "citations": documents * 10, "queries": queries,
            "p50_ms": 1000 * statistics.median(latencies), "p95_ms": 1000 * latencies[int(0.95 * len(latencies)) - 1]}


def machine() -> dict:
    return {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 1e9, 1), "python": platform.python_version(),
            "system": platform.platform()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000, help="documents in the big corpus (the small one has a quarter)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--pdfs", type=int, default=360, help="PDFs for the pdfplumber comparison")
    ap.add_argument("--plumber-pdfs", type=int, default=40, help="of those, how many pdfplumber reads")
    ap.add_argument("--runs", type=int, default=3, help="runs of the PDF comparison (the median is reported)")
    ap.add_argument("--cites-docs", type=int, default=100_000)
    ap.add_argument("--json", type=Path, default=ROOT / "output" / "bench.json")
    args = ap.parse_args()
    report: dict = {"machine": machine(), "jobs": args.jobs}
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        tmp = Path(tmp)
        for name, size in (("1x", args.docs // 4), ("4x", args.docs)):
            folder = tmp / name
            replicate(folder, size)
            report[f"ingest_{name}"] = ingest_run(folder, tmp / f"{name}.sqlite", args.jobs)
            print(f"ingest {name}: {report[f'ingest_{name}']['files']} files in "
                  f"{report[f'ingest_{name}']['seconds']:.1f} s", file=sys.stderr)
        pdfs = replicate(tmp / "pdf", args.pdfs, formats=("pdf",))
        ours, plumber = [], []
        for i in range(args.runs):  # taking turns, so that a slow spell of a shared machine falls on both
            ours.append(ingest_run(tmp / "pdf", tmp / f"pdf{i}.sqlite", args.jobs))
            plumber.append(plumber_run(pdfs[: args.plumber_pdfs], args.jobs))
        report["pdf_ours"], report["pdf_plumber"] = _median(ours), _median(plumber)
        print("pdf comparison done", file=sys.stderr)
        report["ner"] = ner_run(sorted((ROOT / "corpus").glob("*.txt")))
        print("ner comparison done", file=sys.stderr)
        report["cites"] = cites_run(tmp / "cites.sqlite", args.cites_docs, 20_000, 200)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(table(report))


def table(r: dict) -> str:
    big, small, ours, plumber, ner = r["ingest_4x"], r["ingest_1x"], r["pdf_ours"], r["pdf_plumber"], r["ner"]
    jobs = r["jobs"]
    stages = big["stages"]
    total = sum(stages.values()) or 1
    ours_pps = ours["pdf_pages"] / ours["seconds"]
    plumber_pps = plumber["pages"] / plumber["seconds"]
    ours_dps = ner["docs"] / ner["ours_seconds"]
    ner_dps = ner["docs"] / ner["underthesea_seconds"]
    m = r["machine"]
    lines = [
        f"machine: {m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB, Python {m['python']}; {jobs} worker processes",
        "| measure | value |", "|---|---|",
        f"| ingest, {big['files']} documents ({big['mb']:.0f} MB, TXT/DOCX/PDF) | {big['seconds']:.0f} s, "
        f"{big['files'] / big['seconds']:.1f} files/s |",
        f"| pages/s per core (all formats; TXT and DOCX count 1 page) | {big['pages'] / big['seconds'] / jobs:.1f} |",
        f"| MB/s per core | {big['mb'] / big['seconds'] / jobs:.2f} |",
        "| stage shares (worker time, and the writer) | "
        + ", ".join(f"{k} {100 * v / total:.0f}%" for k, v in sorted(stages.items(), key=lambda kv: -kv[1])) + " |",
        f"| text PDFs end to end: vanban vs pdfplumber text only ({ours['pdf_pages']} and {plumber['pages']} pages, "
        f"{jobs} processes each, median of {len(ours['runs_seconds'])} runs) | "
        f"{ours_pps:.1f} vs {plumber_pps:.1f} pages/s = **{ours_pps / plumber_pps:.1f}x** |",
        f"| whole pipeline vs underthesea NER alone ({ner['docs']} documents, one process) | "
        f"{ours_dps:.2f} vs {ner_dps:.2f} docs/s = **{ours_dps / ner_dps:.1f}x** |",
        f"| peak RSS (writer + workers) at 1x ({small['files']} docs) and 4x ({big['files']} docs) | "
        f"{small['peak_rss_mb']:.0f} MB and {big['peak_rss_mb']:.0f} MB "
        f"(ratio {big['peak_rss_mb'] / small['peak_rss_mb']:.2f}) |",
        f"| `cites` on {r['cites']['documents']:,} documents, {r['cites']['citations']:,} citations | "
        f"p50 {r['cites']['p50_ms']:.1f} ms, p95 {r['cites']['p95_ms']:.1f} ms |",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
