from __future__ import annotations

import json
from pathlib import Path

import pytest

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
