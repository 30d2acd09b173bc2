"""The rules/ tables: tab-separated, '#' comments, a header row. One loader for all of them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import regex

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """Rows of rules/<name>.tsv as dicts keyed by the header's column names."""
    lines = [ln for ln in (RULES_DIR / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    header = lines[0].split("\t")
    rows = [(ln.split("\t") + [""] * len(header))[: len(header)] for ln in lines[1:]]
    return tuple(dict(zip(header, row, strict=True)) for row in rows)


@cache
def levels(use: str) -> dict[str, str]:
    """The level words of rules/levels.tsv that `use` takes, longest first, with their gazetteer unit."""
    rows = sorted((r for r in table("levels") if use in r["uses"].split(",")), key=lambda r: -len(r["word"]))
    return {r["word"]: r["unit"] for r in rows}


def alternation(words) -> str:
    """Words as a regular-expression alternation, longest first (so "thị xã" is tried before "xã")."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def level_alternation(use: str) -> str:
    """The level words of `use` as a regular-expression alternation (longest first)."""
    return alternation(levels(use))
