"""Tables and query results out of the KB for Excel, LibreOffice and data tools (pandas does the writing).

Rows are written for people: a row of a document's (its `doc_id`) carries the document's path, title and date
beside it, and a list the KB keeps as JSON (`["Công an xã", "Sở Tư pháp"]`) is written "Công an xã; Sở Tư pháp"
(a JSON export keeps it a list). The KB is opened read-only, so a query given on the command line cannot change
it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pandas as pd
import regex

from .errors import VanbanError

FORMATS = ("csv", "json", "xlsx", "parquet")
EXCEL_CELL = 32_767  # characters an Excel cell holds; longer text is cut there (whole documents in `texts`)
# characters an XLSX file cannot hold (openpyxl refuses them): C0 controls but tab, line feed and carriage return
NOT_IN_XLSX = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
NOT_IN_SHEET_NAME = regex.compile(r"[\[\]:*?/\\]")  # Excel refuses these in a sheet's name (31 characters at most)
DOCUMENT = ("path", "title", "date")  # what a row of a document's carries of it
LIST_SEPARATOR = "; "


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
        df = pd.read_sql_query(query, con)
        if "doc_id" in df.columns and table != "documents":
            df = _with_document(df, pd.read_sql_query("select id as doc_id, path, title, date from documents", con))
        return df
    except (sqlite3.Error, pd.errors.DatabaseError) as e:
        raise VanbanError(query or "", f"the query failed: {e}") from None
    finally:
        con.close()


def _with_document(df: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The document's path, title and date right after `doc_id` (those the rows do not have already)."""
    added = [c for c in DOCUMENT if c not in df.columns]
    if not added:
        return df
    out = df.merge(documents[["doc_id", *added]], on="doc_id", how="left")
    columns = list(df.columns)
    at = columns.index("doc_id") + 1
    return out[columns[:at] + added + columns[at:]]


def _list(value) -> list | None:
    """A JSON list kept as text, as a list; else None."""
    if not isinstance(value, str) or not value.startswith("["):
        return None
    try:
        items = json.loads(value)
    except ValueError:
        return None
    return items if isinstance(items, list) else None


def _item(item) -> str:
    """A list's item as text: a signer {"name": …, "position": …} as "Nguyễn Văn A, CHỦ TỊCH"."""
    if isinstance(item, dict):
        return ", ".join(str(v) for v in item.values() if v not in (None, ""))
    return str(item)


def _lists(df: pd.DataFrame, fmt: str) -> pd.DataFrame:
    """Columns whose every value is a JSON list: "a; b" (a JSON export writes the lists themselves)."""
    out = df.copy()
    for column in out.columns:
        values = out[column].dropna()
        if values.empty or not (pd.api.types.is_string_dtype(out[column]) or out[column].dtype == object):
            continue
        lists = values.map(_list)
        if lists.isna().any():
            continue
        written = lists if fmt == "json" else lists.map(lambda items: LIST_SEPARATOR.join(_item(i) for i in items))
        out[column] = out[column].astype(object)
        out.loc[values.index, column] = written
    return out


def write(df: pd.DataFrame, path: Path, fmt: str, sheet: str = "rows") -> list[str]:
    """Write `df` as `fmt` (an XLSX's sheet named `sheet`); the warnings returned say what a format could not
    hold."""
    warnings: list[str] = []
    path.parent.mkdir(parents=True, exist_ok=True)
    df = _lists(df, fmt)
    if fmt == "csv":
        df.to_csv(path, index=False, encoding="utf-8-sig")  # the BOM makes Excel read the file as UTF-8
    elif fmt == "json":
        df.to_json(path, orient="records", force_ascii=False, indent=1)
    elif fmt == "parquet":
        df.to_parquet(path, index=False)
    else:
        df, warnings = _for_excel(df)
        df.to_excel(path, index=False, engine="openpyxl", sheet_name=NOT_IN_SHEET_NAME.sub(" ", sheet)[:31])
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
    return len(df), write(df, output, fmt, sheet=table or "query")
