"""Batch ingestion: every file read, extracted and written, or recorded as an error with its reason."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import VanbanError
from .kb import KB
from .pipeline import extract_document
from .readers import is_supported, read, sha256_of


@dataclass
class Summary:
    seen: int = 0
    ingested: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (path, stage, reason)
    pages: int = 0

    def as_dict(self) -> dict:
        return {
            "seen": self.seen, "ingested": self.ingested, "unchanged": self.unchanged, "pages": self.pages,
            "failed": [{"path": p, "stage": s, "reason": r} for p, s, r in self.failed],
        }


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Supported files under the given files and folders (recursive, sorted, hidden files skipped)."""
    for root in map(Path, paths):
        if root.is_dir():
            for p in sorted(root.rglob("*")):
                rel = p.relative_to(root).parts
                if p.is_file() and is_supported(p) and not any(part.startswith(".") for part in rel):
                    yield p
        else:
            yield root  # a named file is tried even when missing, so the error is recorded


def ingest_file(kb: KB, path: Path, force: bool = False) -> str:
    """Ingest one file; return 'ingested' or 'unchanged'. Raises VanbanError on a bad file."""
    try:
        sha = sha256_of(path)
    except OSError as e:
        raise VanbanError(str(path), f"cannot read the file ({e.strerror or e})") from None
    if not force and kb.is_current(sha):  # same bytes, same pipeline: nothing new to learn (also a copy elsewhere)
        return "unchanged"
    doc = read(path)
    kb.write(extract_document(doc))
    kb.clear_errors(str(path))
    return "ingested"


def ingest(paths: Iterable[str | Path], kb: KB, force: bool = False, on_file=None) -> Summary:
    summary = Summary()
    for path in discover(paths):
        summary.seen += 1
        try:
            outcome = ingest_file(kb, path, force)
        except VanbanError as e:
            kb.record_error(str(path), e.stage, e.reason)
            summary.failed.append((str(path), e.stage, e.reason))
            outcome = "failed"
        except Exception as e:  # a bug must not stop the batch either; it is recorded for a report
            reason = f"internal error: {e.__class__.__name__}: {e}"
            kb.record_error(str(path), "extract", reason)
            summary.failed.append((str(path), "extract", reason))
            outcome = "failed"
        if outcome == "ingested":
            summary.ingested += 1
        elif outcome == "unchanged":
            summary.unchanged += 1
        if on_file:
            on_file(path, outcome)
    summary.pages = kb.db.execute("select coalesce(sum(coalesce(pages, 1)), 0) from documents").fetchone()[0]
    return summary
