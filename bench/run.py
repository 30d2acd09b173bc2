"""`make bench`: how fast vanban ingests, against the tools a user would otherwise reach for, measured in one run.

    python bench/run.py [--docs N] [--jobs J] [--json OUT]

1. End-to-end ingest of N documents (the samples replicated, TXT/DOCX/PDF) with J worker processes: files/s,
   pages/s and MB/s per core, each stage's share of the time, peak memory (RSS of the writer and its workers);
   the same at a quarter of the size, so that memory can be seen to stay flat as the corpus grows.
2. The engine's limit: PDFium's own text pass (bench/engine.py: pypdfium2, every page's get_text_range) over
   --pdfs PDFs in one process, start-up included, against `vanban ingest -j 1` over the same PDFs (every figure of
   the table is also given as a share of it), pdfplumber's text over the first --plumber-pdfs of them, and
   `vanban ingest -j 1` over --txts TXT reports (MB/s per core); the median of --runs runs, all taking turns.
3. NER: our whole pipeline against underthesea's NER alone, on the same documents, one process each.
4. `cites` latency (p50, p95) on a KB of 100 000 synthetic documents with a million citations.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
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


def engine_run(engine: str, pdfs: list[Path]) -> dict:
    """A text engine alone over the PDFs (bench/engine.py), one process, timed as `ingest_run` times ours."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "engine.py"), engine, *map(str, pdfs)], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    found = json.loads(out)
    return found | {"text_mb": found["bytes"] / 1e6, "seconds": time.perf_counter() - start}


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


def startup_run(small: list[Path], tmp: Path) -> dict:
    """What a user waits for on a small job: `vanban extract --json` of one sample TXT, `vanban ingest` of the few
    samples into a new KB, and a bare Python's start for comparison, each the median of three (wall seconds)."""
    def timed(cmd: list[str], cpu: bool = False) -> float:
        runs = []
        for _ in range(3):
            start, used = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            runs.append(after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime if cpu
                        else time.perf_counter() - start)
        return statistics.median(runs)

    vanban = [sys.executable, "-m", "extractors.cli"]
    one = [*vanban, "extract", "--json", str(small[0])]
    return {"python_s": timed([sys.executable, "-c", "pass"]), "extract_one_s": timed(one),
            "extract_one_cpu_s": timed(one, cpu=True),  # a loaded machine stretches the wall time, not this
            "ingest_small_s": timed([*vanban, "ingest", *map(str, small), "--db", str(tmp / "small.sqlite"),
                                     "--force"]),
            "ingest_small_files": len(small)}


def machine() -> dict:
    return {"cpu": platform.processor() or platform.machine(), "cores": os.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 1e9, 1), "python": platform.python_version(),
            "system": platform.platform()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=2000, help="documents in the big corpus (the small one has a quarter)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--pdfs", type=int, default=120, help="PDFs of the one-process comparison with PDFium")
    ap.add_argument("--plumber-pdfs", type=int, default=15, help="of those, how many pdfplumber reads")
    ap.add_argument("--txts", type=int, default=60, help="TXT reports of the one-process MB/s run")
    ap.add_argument("--runs", type=int, default=3, help="runs of the PDF and TXT comparison (the median is reported)")
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
        replicate(tmp / "txt", args.txts, formats=("txt",))
        runs: dict[str, list[dict]] = {"pdf_ours": [], "pdfium": [], "pdf_plumber": [], "txt_ours": []}
        for i in range(args.runs):  # taking turns, so that a slow spell of a shared machine falls on all
            runs["pdf_ours"].append(ingest_run(tmp / "pdf", tmp / f"pdf{i}.sqlite", 1))
            runs["pdfium"].append(engine_run("pdfium", pdfs))
            runs["pdf_plumber"].append(engine_run("pdfplumber", pdfs[: args.plumber_pdfs]))
            runs["txt_ours"].append(ingest_run(tmp / "txt", tmp / f"txt{i}.sqlite", 1))
        report |= {name: _median(r) for name, r in runs.items()}
        print("pdf and txt comparison done", file=sys.stderr)
        report["startup"] = startup_run(sorted((ROOT / "corpus").glob("*.txt")), tmp)
        report["ner"] = ner_run(sorted((ROOT / "corpus").glob("*.txt")))
        print("ner comparison done", file=sys.stderr)
        try:
            report["cites"] = cites_run(tmp / "cites.sqlite", args.cites_docs, 20_000, 200)
        except AssertionError as e:  # a query that finds no single key: said in the table, the rest still shown
            report["cites"] = {"documents": args.cites_docs, "failed": f"no citations found for {e}"}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(table(report))


def _shares(stages: dict[str, float]) -> str:
    total = sum(stages.values()) or 1
    return ", ".join(f"{k} {100 * v / total:.0f}%" for k, v in sorted(stages.items(), key=lambda kv: -kv[1]))


def table(r: dict) -> str:
    """The README's table: every speed also as a share of PDFium's own text pass in the same run (pages/s, or
    for TXT the text PDFium puts out per second, MB of UTF-8)."""
    big, small, ours, pdfium, plumber, txt, ner = (r[k] for k in ("ingest_4x", "ingest_1x", "pdf_ours", "pdfium",
                                                                   "pdf_plumber", "txt_ours", "ner"))
    jobs = r["jobs"]
    limit = pdfium["pages"] / pdfium["seconds"]
    limit_mbs = pdfium["text_mb"] / pdfium["seconds"]
    ours_pps = ours["pdf_pages"] / ours["seconds"]
    plumber_pps = plumber["pages"] / plumber["seconds"]
    txt_mbs = txt["mb"] / txt["seconds"]
    all_pps = big["pages"] / big["seconds"] / jobs
    ours_dps = ner["docs"] / ner["ours_seconds"]
    ner_dps = ner["docs"] / ner["underthesea_seconds"]
    st = r["startup"]
    per_txt = txt["seconds"] / txt["files"]  # a TXT report's own time in the one-process run (start-up shared)
    m = r["machine"]
    lines = [
        f"machine: {m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB, Python {m['python']}; {jobs} worker processes"
        f" for ingest; one process for the engine comparison (median of {len(ours['runs_seconds'])} runs each, taking"
        " turns)",
        "| measure | value | share of PDFium's text pass |", "|---|---|---|",
        f"| PDFium's own text pass (pypdfium2 get_text_range, {pdfium['pages']} pages, one process) | "
        f"{limit:.0f} pages/s, {limit_mbs:.2f} MB/s of text | 100 % |",
        f"| text PDFs end to end: `vanban ingest -j 1` ({ours['pdf_pages']} pages) | {ours_pps:.1f} pages/s | "
        f"**{100 * ours_pps / limit:.1f} %** |",
        f"| pdfplumber text only ({plumber['pages']} pages, one process) | {plumber_pps:.1f} pages/s | "
        f"{100 * plumber_pps / limit:.1f} % (vanban is {ours_pps / plumber_pps:.1f}x pdfplumber) |",
        f"| TXT reports: `vanban ingest -j 1` ({txt['files']} files, {txt['mb']:.1f} MB) | "
        f"**{txt_mbs:.2f} MB/s per core** | {100 * txt_mbs / limit_mbs:.1f} % of its MB/s of text |",
        f"| ingest, {big['files']} documents ({big['mb']:.0f} MB, TXT/DOCX/PDF), {jobs} processes | "
        f"{big['seconds']:.0f} s, {big['files'] / big['seconds']:.1f} files/s, {all_pps:.1f} pages/s per core "
        f"(TXT and DOCX count 1 page), {big['mb'] / big['seconds'] / jobs:.2f} MB/s per core | "
        f"{100 * all_pps / limit:.1f} % (pages) |",
        f"| stage shares, TXT run (worker time, and the writer) | {_shares(txt['stages'])} | |",
        f"| stage shares, PDF run | {_shares(ours['stages'])} | |",
        f"| stage shares, mixed ingest | {_shares(big['stages'])} | |",
        f"| peak RSS (writer + workers) at 1x ({small['files']} docs) and 4x ({big['files']} docs) | "
        f"{small['peak_rss_mb']:.0f} MB and {big['peak_rss_mb']:.0f} MB "
        f"(ratio {big['peak_rss_mb'] / small['peak_rss_mb']:.2f}) | |",
        f"| start-up: `vanban extract --json` of one TXT report; `vanban ingest` of {st['ingest_small_files']} "
        f"(a new KB); a bare `python -c pass` | {st['extract_one_s']:.2f} s ({st['extract_one_cpu_s']:.2f} s of CPU; "
        f"a TXT report's own time in the TXT run: {per_txt:.2f} s); {st['ingest_small_s']:.2f} s; "
        f"{st['python_s']:.2f} s | |",
        f"| whole pipeline vs underthesea NER alone ({ner['docs']} documents, one process) | "
        f"{ours_dps:.2f} vs {ner_dps:.2f} docs/s = {ours_dps / ner_dps:.1f}x | |",
        f"| `cites` on {r['cites']['documents']:,} synthetic documents, ten citations each | "
        + (r["cites"].get("failed") or f"p50 {r['cites']['p50_ms']:.1f} ms, p95 {r['cites']['p95_ms']:.1f} ms")
        + " | |",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
