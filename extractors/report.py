"""Summaries of the knowledge base for people: counts per table, format, type and year.

A report kept in several files (its PDF, DOCX and TXT) counts once per type and year and among the citing
reports; the formats count files."""

from __future__ import annotations

from .citegraph import top_cited
from .kb import KB


def stats(kb: KB) -> dict[str, dict[str, int]]:
    def grouped(sql: str) -> dict[str, int]:
        return {str(k if k is not None else "(unknown)"): n for k, n in kb.db.execute(sql).fetchall()}

    return {
        "tables": kb.counts(),
        "files per format": grouped("select format, count(*) from documents group by 1 order by 2 desc"),
        "reports per number of files": grouped("select files, count(*) from reports group by 1 order by 1"),
        "reports per type": grouped("select type, count(*) from reports group by 1 order by 2 desc"),
        "reports per year": grouped("select substr(date, 1, 4), count(*) from reports group by 1 order by 1"),
        "errors per stage": grouped("select stage, count(*) from ingest_errors group by 1 order by 2 desc"),
        "most cited (citing reports)": {key: n for key, n, _ in top_cited(kb.db, 10)},
    }
