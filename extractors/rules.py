"""The rules/ tables: tab-separated, '#' comments, a header row. One loader for all of them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of rules/<name>.tsv as dicts keyed by the header's column names."""
    lines = [ln for ln in (RULES_DIR / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    header = lines[0].split("\t")
    rows = [(ln.split("\t") + [""] * len(header))[: len(header)] for ln in lines[1:]]
    return tuple(dict(zip(header, row, strict=True)) for row in rows)
