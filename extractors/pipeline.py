"""read -> normalise -> extract: one document in, one `Extraction` out (the contract's JSON)."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import __version__
from .document import Document
from .errors import VanbanError
from .figures import audit
from .identity import identify
from .normalize import Text, normalize
from .readers import read
from .references import Reference, extract_references
from .rules import RULES_DIR
from .tasks import find as find_tasks

SCHEMA = "vanban.extraction/1"
PACKAGE_DIR = Path(__file__).resolve().parent
METADATA_FIELDS = ("doc_type", "number", "issuer", "place", "date", "title")
ITEMS = ("references", "claims", "figures", "tasks", "entities")  # an Extraction's results, each item a model


def empty_metadata() -> dict:
    """The contract's metadata with nothing known yet."""
    return {k: None for k in METADATA_FIELDS} | {"signers": [], "recipients": []}


def pipeline_version(ocr: str = "auto") -> str:
    """Package version plus a digest of the code and the rules tables: either changing means re-extraction; and the
    OCR mode when it is not the default (a file read with --ocr never is read again when OCR is on)."""
    return _code_version() + ("" if ocr == "auto" else f"+ocr-{ocr}")


@lru_cache(maxsize=1)
def _code_version() -> str:
    digest = hashlib.sha256()
    for root, pattern in ((PACKAGE_DIR, "*.py"), (RULES_DIR, "*")):
        for path in sorted(root.rglob(pattern)) if root.is_dir() else ():
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:8]}"


@dataclass(frozen=True)
class Extraction:
    document: Document
    text: Text
    metadata: dict = field(default_factory=lambda: empty_metadata())
    references: tuple[Reference, ...] = ()
    claims: tuple = ()
    figures: tuple = ()
    tasks: tuple = ()
    entities: tuple = ()

    def as_json(self) -> dict:
        doc = self.document
        return {
            "schema": SCHEMA,
            "source": {
                "path": doc.path,
                "sha256": doc.sha256,
                "format": doc.contract_format,
                "pages": doc.page_count,
                "encoding": doc.encoding,
                "warnings": list(doc.warnings),
            },
            "pipeline_version": pipeline_version(),
            "metadata": self.metadata,
            **{name: [item.as_json(self.text) for item in getattr(self, name)] for name in ITEMS},
            "footnotes": [n.as_json(self.text) for n in self.text.footnotes],
        }


class Stopwatch:
    """Seconds spent per stage, for the benchmark's breakdown."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def __call__(self, stage: str, fn, *args):
        start = time.perf_counter()
        result = fn(*args)
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start
        return result


def _cites_itself(r, metadata: dict, text: str) -> bool:
    """A document never cites itself: not its own number ("Số hiệu: …" included), nor, for a law, its own name
    ("Quốc hội ban hành Luật Tổ chức chính quyền địa phương." in that law)."""
    own = (metadata["number"] or "").casefold()
    if own and r.key.casefold() == own:
        return True
    if r.kind != "named":
        return False
    year = (metadata["date"] or "")[:4]
    name = f"{metadata['doc_type']} {metadata['title']}".casefold() if metadata["title"] else None
    return bool(name and r.type == metadata["doc_type"] and (not r.year or str(r.year) == year)
                and name in (a.casefold() for a in (r.key, *r.aliases)))


def extract_document(doc: Document, clock: Stopwatch | None = None) -> Extraction:
    # spaCy and the gazetteer load here, where documents are extracted: the writer of `vanban ingest` imports this
    # module too and starts its workers 0.7 s sooner without them
    from .entities import find as find_entities

    clock = clock or Stopwatch()
    text = clock("normalize", normalize, doc)
    metadata = empty_metadata() | clock("identity", identify, text)
    found = clock("references", extract_references, text.text)
    # the names the document's own number goes by ("Luật Tổ chức Chính phủ 2015 số 76/2015/QH13") are its own too
    own = {a.casefold() for r in found if r.key.casefold() == (metadata["number"] or "").casefold() for a in r.aliases}
    references = tuple(r for r in found if r.key.casefold() not in own and not _cites_itself(r, metadata, text.text))
    figures, found = clock("figures", audit, text, list(references))
    tasks = clock("tasks", find_tasks, doc, text, metadata["date"])
    entities = clock("entities", find_entities, text, metadata)
    return Extraction(doc, text, metadata=metadata, references=references, figures=tuple(figures),
                      claims=tuple(found), tasks=tuple(tasks), entities=tuple(entities))


def extract(path: str | Path, ocr: str = "auto") -> Extraction:
    return extract_document(read(path, ocr=ocr))


def _outcome(path: str, ocr: str) -> Extraction | tuple[type, str, str]:
    """extract() in a limited worker: the extraction, or the error as (class, path, reason) to raise again."""
    from .engines import TimeLimit

    try:
        return extract(path, ocr)
    except VanbanError as e:
        return type(e), e.path, e.reason
    except TimeLimit as e:
        return VanbanError, path, f"{e}: refused (VANBAN_FILE_CPU_SECONDS raises the limit)"
    except MemoryError:
        return VanbanError, path, "out of memory while extracting (over the limit, VANBAN_WORKER_MEMORY_MB)"


def extract_bounded(path: str | Path, ocr: str = "auto") -> Extraction:
    """extract() for a person at a command line (`vanban extract`, `entities FILE`): in one worker process with
    ingest's limits (memory, CPU time per file), so a hostile file (a flate bomb, 100,000 pages) is refused with
    a VanbanError instead of taking the machine's memory, and a reader that crashes is a reason, not an abort."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from functools import partial

    from .engines import time_limited, worker_limits

    # fork: the worker starts as this process is, the pipeline already imported
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"), initializer=worker_limits) as pool:
        try:
            outcome = pool.submit(time_limited, partial(_outcome, ocr=ocr), str(path)).result()
        except BrokenProcessPool:
            raise VanbanError(path, "the reader crashed on this file (its process died on it: out of memory, or a "
                                    "library aborting on a damaged or hostile file)") from None
    if isinstance(outcome, Extraction):
        return outcome
    error, where, reason = outcome
    raise error(where, reason)
