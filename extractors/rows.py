"""One document's rows for every KB table, built where it was extracted (a worker process), so the one writer
only inserts them. Kept apart from kb.py so the workers never import the writer's SQLite layer."""

from __future__ import annotations

import json
from dataclasses import dataclass

from . import citegraph
from .fold import fold
from .pipeline import Extraction
from .references.query import loose
from .reports import sketch


@dataclass(frozen=True)
class Rows:
    """One document's rows for every KB table, ready for the writer's plain inserts."""

    doc_id: str
    path: str
    document: dict
    tables: dict[str, list[dict]]
    references: list[dict]
    citations: list[dict]


def rows(ex: Extraction) -> Rows:
    doc, text, meta = ex.document, ex.text, ex.metadata
    sha, folded = doc.sha256, fold(text.text)

    document = {
        "id": sha, "path": doc.path, "format": doc.format, "pages": doc.page_count,
        "size": doc.size,
        "encoding": doc.encoding, "doc_type": meta.get("doc_type"), "title": meta.get("title"),
        "number": meta.get("number"), "date": meta.get("date"), "issuer": meta.get("issuer"),
        "year": int(meta["date"][:4]) if meta.get("date") else None,
        "symbol": meta.get("symbol"), "place": meta.get("place"),
        "issuer_lines": json.dumps(meta.get("issuer_lines", []), ensure_ascii=False),
        "period_start": (meta.get("period") or {}).get("start"), "period_end": (meta.get("period") or {}).get("end"),
        "signers": json.dumps(meta.get("signers", []), ensure_ascii=False),
        "recipients": json.dumps(meta.get("recipients", []), ensure_ascii=False),
        "chars": len(text.text), "warnings": json.dumps(list(doc.warnings), ensure_ascii=False),
        "report_id": sha,  # alone until the writer finds its other files (reports.regroup)
        "number_key": loose(meta["number"]) if meta.get("number") else None,
    }
    tables = {
        "pages": [{"doc_id": sha, "page": p.number or 1, "raw": p.text, "has_text": int(p.has_text_layer),
                   "ocr_confidence": p.ocr_confidence} for p in doc.pages],
        "texts": [{"doc_id": sha, "text": text.text, "folded": folded}],
        "text_lines": [{"doc_id": sha, "start": start, "page": page, "line": line}
                       for start, page, line in text.line_starts],
        "sketches": [{"doc_id": sha, "h": h} for h in sketch(folded)],
        # every other table: one row per item, the item's own spelling of it
        **{name: [{"doc_id": sha, **item.as_row(text)} for item in items] for name, items in (
            ("footnotes", text.footnotes), ("figures", ex.figures), ("claims", ex.claims), ("tasks", ex.tasks),
            ("entities", ex.entities))},
    }
    references, citations = citegraph.rows(ex, sha)
    return Rows(sha, doc.path, document, tables, references, citations)
