"""Summaries of the knowledge base for people: counts per table, format, type and year."""

from __future__ import annotations

from .citegraph import top_cited
from .kb import KB


def stats(kb: KB) -> dict[str, dict[str, int]]:
    def grouped(sql: str) -> dict[str, int]:
        return {str(k if k is not None else "(unknown)"): n for k, n in kb.db.execute(sql).fetchall()}

    return {
        "tables": kb.counts(),
        "documents per format": grouped("select format, count(*) from documents group by 1 order by 2 desc"),
        "documents per type": grouped("select doc_type, count(*) from documents group by 1 order by 2 desc"),
        "documents per year": grouped("select substr(date, 1, 4), count(*) from documents group by 1 order by 1"),
        "errors per stage": grouped("select stage, count(*) from ingest_errors group by 1 order by 2 desc"),
        "most cited (citing documents)": {key: docs for key, docs, _ in top_cited(kb.db, 10)},
    }
