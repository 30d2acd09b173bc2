"""Tables and query results out of the KB for Excel, LibreOffice and data tools (pandas does the writing).

The KB is opened read-only, so a query given on the command line cannot change it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import regex

from .errors import VanbanError

FORMATS = ("csv", "json", "xlsx", "parquet")
EXCEL_CELL = 32_767  # characters an Excel cell holds; longer text is cut there (whole documents in `texts`)
# characters an XLSX file cannot hold (openpyxl refuses them): C0 controls but tab, line feed and carriage return
NOT_IN_XLSX = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def format_of(path: Path, fmt: str | None) -> str:
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise VanbanError(str(path), f"unknown export format '{fmt}' (choose {', '.join(FORMATS)})")
    return fmt


def frame(db: Path, table: str | None = None, query: str | None = None) -> pd.DataFrame:
    """A table, or the rows of a read-only query, as a DataFrame."""
    if (table is None) == (query is None):
        raise VanbanError(str(db), "give a table or a query, not both")
    from .kb import KB

    con = KB.read_only(db).db.conn
    try:
        if table is not None:
            tables = {r[0] for r in con.execute("select name from sqlite_master where type in ('table', 'view')")}
            if table not in tables:
                raise VanbanError(table, f"no such table (the KB has {', '.join(sorted(tables))})")
            query = f"select * from [{table}]"
        return pd.read_sql_query(query, con)
    except (sqlite3.Error, pd.errors.DatabaseError) as e:
        raise VanbanError(query or "", f"the query failed: {e}") from None
    finally:
        con.close()


def write(df: pd.DataFrame, path: Path, fmt: str) -> list[str]:
    """Write `df` as `fmt`; the warnings returned say what a format could not hold."""
    warnings: list[str] = []
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        df.to_csv(path, index=False, encoding="utf-8-sig")  # the BOM makes Excel read the file as UTF-8
    elif fmt == "json":
        df.to_json(path, orient="records", force_ascii=False, indent=1)
    elif fmt == "parquet":
        df.to_parquet(path, index=False)
    else:
        df, warnings = _for_excel(df)
        df.to_excel(path, index=False, engine="openpyxl")
    return warnings


def _for_excel(df: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    out, warnings = df.copy(), []
    for column in out.columns:
        if not pd.api.types.is_string_dtype(out[column]) and out[column].dtype != object:
            continue
        text = out[column].map(lambda v: NOT_IN_XLSX.sub("", v) if isinstance(v, str) else v)
        long = int(text.map(lambda v: isinstance(v, str) and len(v) > EXCEL_CELL).sum())
        if long:
            warnings.append(f"{column}: {long} value(s) longer than an Excel cell, cut at {EXCEL_CELL} characters")
            text = text.map(lambda v: v[:EXCEL_CELL] if isinstance(v, str) else v)
        out[column] = text
    return out, warnings


def export(db: Path, output: Path, table: str | None = None, query: str | None = None,
           fmt: str | None = None) -> tuple[int, list[str]]:
    """Export a table or a query to `output`: (rows written, warnings)."""
    fmt = format_of(output, fmt)
    df = frame(db, table, query)
    return len(df), write(df, output, fmt)
