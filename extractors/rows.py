"""One document's rows for every KB table, built where it was extracted (a worker process), so the one writer
only inserts them. Kept apart from kb.py so the workers never import the writer's SQLite layer."""

from __future__ import annotations

import json
from dataclasses import dataclass

from . import citegraph
from .fold import fold
from .pipeline import Extraction


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
    sha = doc.sha256

    def at(start: int, end: int) -> dict:
        return text.place(start, end).as_dict()

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
    }
    tables = {
        "pages": [{"doc_id": sha, "page": p.number or 1, "raw": p.text, "has_text": int(p.has_text_layer)}
                  for p in doc.pages],
        "texts": [{"doc_id": sha, "text": text.text, "folded": fold(text.text)}],
        "text_lines": [{"doc_id": sha, "start": start, "page": page, "line": line}
                       for start, page, line in text.line_starts],
        "footnotes": [{"doc_id": sha, "label": n.label, **at(n.start, n.end)} for n in text.footnotes],
        "figures": [{"doc_id": sha, "value": float(f.value), "unit": f.unit, "kind": f.kind, "approx": f.approx,
                     "percent_kind": f.percent_kind, "qualifiers": f.qualifiers, **at(f.start, f.end)}
                    for f in ex.figures],
        "claims": [{"doc_id": sha, "kind": c.kind, "values_json": json.dumps(c.values, ensure_ascii=False),
                    "computed": c.computed, "reported": c.reported, "verdict": c.verdict, "message": c.message,
                    **at(c.start, c.end)} for c in ex.claims],
        "tasks": [{"doc_id": sha, "label": k.label, "body": k.text, "lead": json.dumps(k.lead, ensure_ascii=False),
                   "partners": json.dumps(k.partners, ensure_ascii=False),
                   "deadline": k.deadline.text if k.deadline else None, "due": k.deadline.date if k.deadline else None,
                   "due_kind": k.deadline.kind if k.deadline else None, "status": k.status, "grp": k.group,
                   "source": k.source, **at(k.start, k.end)} for k in ex.tasks],
        "entities": [{"doc_id": sha, "label": e.label, "canonical": e.canonical, **at(e.start, e.end)}
                     for e in ex.entities],
    }
    references, citations = citegraph.rows(ex, sha)
    return Rows(sha, doc.path, document, tables, references, citations)
