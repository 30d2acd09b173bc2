"""The whole citation graph as GraphML or DOT, for Gephi, yEd or Graphviz."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape as _escape


def escape(s: str) -> str:
    return _escape(s, {'"': "&quot;"})


def graph(db, fmt: str = "graphml") -> str:
    """The whole citation graph: documents and references as nodes, one edge per citing pair (weight = mentions)."""
    docs = db.execute("select id, path from documents order by path").fetchall()
    refs = db.execute("select key, type from [references] order by key").fetchall()
    # one edge per citing file and reference; what its mentions do, joined ("can_cu; thuc_hien")
    edges = db.execute("select doc_id, ref_key, count(*), group_concat(distinct relation) from citations "
                       "group by 1, 2 order by 1, 2").fetchall()
    edges = [(d, k, n, "; ".join(sorted((r or "").split(",")))) for d, k, n, r in edges]
    if fmt == "dot":
        out = ["digraph citations {", "  rankdir=LR;"]
        out += [f'  "{i}" [label={json.dumps(p, ensure_ascii=False)}, shape=box];' for i, p in docs]
        out += [f'  {json.dumps(k, ensure_ascii=False)} [shape=ellipse];' for k, _ in refs]
        out += [f'  "{d}" -> {json.dumps(k, ensure_ascii=False)} [weight={n}, label="{r}"];' for d, k, n, r in edges]
        return "\n".join(out + ["}"]) + "\n"
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
           '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
           '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
           '  <key id="mentions" for="edge" attr.name="mentions" attr.type="int"/>',
           '  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>',
           '  <graph id="citations" edgedefault="directed">']
    out += [f'    <node id="doc:{i}"><data key="label">{escape(p)}</data><data key="kind">document</data></node>'
            for i, p in docs]
    out += [f'    <node id="ref:{escape(k)}"><data key="label">{escape(k)}</data>'
            f'<data key="kind">{escape(t or "")}</data></node>' for k, t in refs]
    out += [f'    <edge source="doc:{d}" target="ref:{escape(k)}"><data key="mentions">{n}</data>'
            f'<data key="relation">{r}</data></edge>' for d, k, n, r in edges]
    return "\n".join(out + ["  </graph>", "</graphml>"]) + "\n"
