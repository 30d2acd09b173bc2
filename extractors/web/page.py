"""One document's page: its clean text with every extracted item marked, its header facts, what it cites and
what cites it. Marks may overlap (a figure inside a claim inside a task): the text is cut at every mark's edge
and each piece carries the classes of all the marks over it, so no element has to nest in another."""

from __future__ import annotations

import json
from dataclasses import dataclass

from markupsafe import Markup, escape

from .. import citegraph
from ..references.query import loose
from . import label

HEADER = ("doc_type", "number", "date", "place", "issuer", "title", "period_start", "period_end", "format", "pages",
          "path")


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    classes: str
    title: str
    anchor: str = ""  # the id a link to this item scrolls to ("claim-12")


def marked(text: str, marks: list[Mark], breaks: dict[int, int] | None = None) -> Markup:
    """The text as HTML, each piece under marks wrapped in one span with all their classes and titles; an empty
    anchor where each mark starts, and a page's number where it starts (`breaks`: offset -> page)."""
    breaks = breaks or {}
    edges = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks), *breaks})
    starting: dict[int, list[Mark]] = {}
    for m in marks:
        if m.end > m.start:
            starting.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    out = []
    for a, b in zip(edges, edges[1:], strict=False):
        if a in breaks:
            out.append(f'<span class="page-break" id="page-{breaks[a]}" data-page="{breaks[a]}"></span>')
        out += [f'<a class="anchor" id="{m.anchor}"></a>' for m in starting.get(a, []) if m.anchor]
        active = [m for m in active if m.end > a] + starting.get(a, [])
        piece = escape(text[a:b])
        if active:
            classes = " ".join(dict.fromkeys(c for m in active for c in m.classes.split()))
            title = " · ".join(dict.fromkeys(m.title for m in active if m.title))
            out.append(f'<span class="{classes}" title="{escape(title)}">{piece}</span>')
        else:
            out.append(str(piece))
    return Markup("".join(out))


async def _rows(db, sql: str, params: list) -> list[dict]:
    return [dict(r) for r in (await db.execute(sql, params)).rows]


async def load(db, doc_id: str, hit: tuple[int, int] | None = None) -> dict | None:
    """The template context of the document page, or None when the KB has no such document; `hit`: a span (a
    search's match) marked and anchored as `#hit`."""
    docs = await _rows(db, "select * from documents where id = ?", [doc_id])
    if not docs:
        return None
    doc = docs[0]
    text = (await _rows(db, "select text from texts where doc_id = ?", [doc_id]) or [{"text": ""}])[0]["text"]
    q = "select rowid, * from [{}] where doc_id = ? order by start"
    cites = await _rows(db, q.format("citations"), [doc_id])
    figures = await _rows(db, q.format("figures"), [doc_id])
    claims = await _rows(db, q.format("claims"), [doc_id])
    tasks = await _rows(db, q.format("tasks"), [doc_id])
    entities = await _rows(db, q.format("entities"), [doc_id])
    marks = (
        [Mark(t["start"], t["end"], "task", f"Nhiệm vụ {t['label'] or ''}: {', '.join(json.loads(t['lead'] or '[]'))}",
              f"task-{t['rowid']}") for t in tasks]
        + [Mark(e["start"], e["end"], f"ent ent-{e['label']}", f"{e['label']}: {e['canonical']}") for e in entities]
        + [Mark(c["start"], c["end"], f"claim claim-{c['verdict']}", f"{c['verdict']}: {c['message']}",
                f"claim-{c['rowid']}") for c in claims]
        + [Mark(f["start"], f["end"], "figure", f"{f['kind'] or 'số'}: {f['value']:g} {f['unit'] or ''}".strip())
           for f in figures]
        + [Mark(c["start"], c["end"], "ref", f"Trích dẫn · cites {c['ref_key']}", f"cite-{c['rowid']}")
           for c in cites]
        + ([Mark(*hit, "hit", "Kết quả tìm kiếm · search match", "hit")] if hit and 0 <= hit[0] < hit[1] else [])
    )
    return {
        "doc": doc,
        "header": [(label(k), doc[k]) for k in HEADER if doc.get(k) not in (None, "")],
        "signers": json.loads(doc.get("signers") or "[]"),
        "recipients": json.loads(doc.get("recipients") or "[]"),
        "body": marked(text, marks, await _page_breaks(db, doc_id)),
        "cites": await _cited_keys(db, doc_id, cites),
        "cited_by": await _cited_by(db, doc),
        "claims": claims,
        "counts": {"references": len(cites), "figures": len(figures), "claims": len(claims), "tasks": len(tasks),
                   "entities": len(entities),
                   "errors": sum(c["verdict"] == "error" for c in claims)},
        "database": db.name,
        "pdf": doc["format"] == "pdf",
    }


async def _page_breaks(db, doc_id: str) -> dict[int, int]:
    """Clean-text offset -> page number wherever the text passes onto another page of the file."""
    breaks, last = {}, None
    for row in (await db.execute("select start, page from text_lines where doc_id = ? order by start", [doc_id])).rows:
        if row["page"] is not None and row["page"] != last:
            breaks[row["start"]] = row["page"]
        last = row["page"]
    return breaks


async def _cited_keys(db, doc_id: str, mentions: list[dict]) -> list[dict]:
    """What the document cites (`vanban refs`): each key once, with its mentions and the first one's place, row id
    (its mark's anchor) and text."""
    found = await db.execute_fn(lambda conn: citegraph.refs_of(conn, doc_id))
    first: dict[str, dict] = {}
    for m in mentions:
        first.setdefault(m["ref_key"], m)
    return [dict(zip(("key", "type", "date", "issuer", "mentions", "page", "line"), row, strict=True))
            | {"rowid": first[row[0]]["rowid"], "text": first[row[0]]["text"]} for row in found]


async def _cited_by(db, doc: dict) -> list[dict]:
    """The KB's documents citing this one (by its own number, as the citing documents write it)."""
    if not doc.get("number"):
        return []
    sql = ("select d.id, d.path, d.date, count(*) as mentions, min(c.line) as line from citations c "
           "join [references] r on r.key = c.ref_key join documents d on d.id = c.doc_id "
           "where r.loose = ? and d.id != ? group by d.id order by d.date desc, d.path")
    return await _rows(db, sql, [loose(doc["number"]), doc["id"]])
