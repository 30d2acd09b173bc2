"""`vanban extract FILE` alone has ingest's limits: a hostile file is refused in one line, not given the machine."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from . import build
from .conftest import CORPUS, ROOT, SAMPLES


def extract(path: Path, **env: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("vanban")
    return subprocess.run([str(exe), "extract", str(path)], capture_output=True, text=True, cwd=ROOT,
                          env=os.environ | env, timeout=300)


def test_a_flate_bomb_is_refused_by_the_memory_limit(tmp_path):
    bomb = tmp_path / "bom.pdf"
    bomb.write_bytes(build.flate_bomb_pdf(1024))  # 1 MB that PDFium inflates to 1 GiB
    out = extract(bomb, VANBAN_WORKER_MEMORY_MB="300")
    assert out.returncode != 0 and "Traceback" not in out.stderr, out.stderr
    [line] = out.stderr.splitlines()
    assert line.startswith(f"Error: {bomb}: ") and ("out of memory" in line or "crashed" in line), line


def test_a_file_over_its_cpu_time_is_refused(tmp_path):
    big = tmp_path / "bao-cao-rat-dai.txt"
    big.write_text("\n".join((CORPUS / f"{s}.txt").read_text(encoding="utf-8") for s in SAMPLES * 8),
                   encoding="utf-8")
    out = extract(big, VANBAN_FILE_CPU_SECONDS="1")
    assert out.returncode == 1 and "Traceback" not in out.stderr, out.stderr
    assert out.stderr == f"Error: {big}: took more than 1 s of CPU time: refused (VANBAN_FILE_CPU_SECONDS raises " \
                         "the limit)\n"


def test_a_good_file_and_a_read_error_are_as_before(tmp_path):
    good = extract(CORPUS / f"{SAMPLES[0]}.txt")
    assert good.returncode == 0 and "references:" in good.stdout, good.stderr
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    out = extract(empty)
    assert out.returncode == 1 and out.stderr.startswith(f"Error: {empty}: empty file"), out.stderr
