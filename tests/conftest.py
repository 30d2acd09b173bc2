from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import regex

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DATA = Path(__file__).resolve().parent / "data"
SAMPLES = sorted(p.stem for p in CORPUS.glob("*.txt"))


def layout(stem: str) -> dict | None:
    path = CORPUS / "layout" / f"{stem}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


@pytest.fixture(scope="session")
def samples() -> list[str]:
    return SAMPLES


def vanban(*args: str) -> subprocess.CompletedProcess:
    """The installed `vanban` command, run from the repository root."""
    exe = Path(sys.executable).with_name("vanban")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=ROOT)


def variants(outdir: Path, count: int) -> list[Path]:
    """`count` distinct reports: the samples' TXT, each copy with a line of its own (so its sha256 differs)."""
    outdir.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(count):
        stem = SAMPLES[i % len(SAMPLES)]
        path = outdir / f"{i:03d} {stem}.txt"
        path.write_text((CORPUS / f"{stem}.txt").read_text(encoding="utf-8") + f"\nBản sao số {i}.\n", encoding="utf-8")
        out.append(path)
    return out


def squash(s: str) -> str:
    """Text with all whitespace taken out: what 'the same up to whitespace' compares."""
    return regex.sub(r"\s+", "", s)


def tmpfs(folder: Path, size: str):
    """A real small filesystem (tmpfs) mounted at `folder`, unmounted afterwards; skips where it cannot be
    mounted (it needs root)."""
    import os
    import shutil

    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a filesystem needs root")
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)]).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=True)



@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """A real KB of the five samples in their three renderings (test modules may define their own `db`)."""
    from extractors.ingest import ingest
    from extractors.kb import KB
    path = tmp_path_factory.mktemp("kb") / "kb.sqlite"
    kb = KB(path)
    samples = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".pdf", ".docx"))
    assert len(samples) == 15 and not ingest(samples, kb).failed
    kb.close()
    return path
