"""`vanban export`: tables and queries to CSV, JSON, XLSX and Parquet, read back with pandas equal to the KB."""

from __future__ import annotations

import json
import sqlite3

import pandas as pd
import pytest

from extractors.export import export
from extractors.ingest import ingest
from extractors.kb import KB

from .conftest import CORPUS, SAMPLES, vanban


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "kb.sqlite"
    kb = KB(path)
    ingest([CORPUS / f"{s}.txt" for s in SAMPLES], kb)
    kb.close()
    return path


def _read(path, fmt: str) -> pd.DataFrame:
    if fmt == "csv":
        return pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, na_values=[""])
    if fmt == "json":
        return pd.read_json(path, orient="records", dtype=False)
    if fmt == "xlsx":
        return pd.read_excel(path, engine="openpyxl")
    return pd.read_parquet(path)


def _same(back: pd.DataFrame, original: pd.DataFrame) -> None:
    assert list(back.columns) == list(original.columns) and len(back) == len(original)
    for column in original.columns:
        for a, b in zip(back[column], original[column], strict=True):
            if isinstance(b, list):  # a list of a JSON export
                assert list(a) == b, (column, a, b)
            elif pd.isna(b) or b == "":  # CSV and XLSX cells do not tell an empty text from none
                assert pd.isna(a) or a == "", (column, a, b)
            elif isinstance(b, float | int) and not isinstance(b, bool):
                assert float(a) == pytest.approx(float(b)), (column, a, b)
            else:
                assert str(a) == str(b), (column, a, b)


LISTS = {"tasks": ["lead", "partners"], "documents": ["signers", "recipients", "issuer_lines", "warnings"]}


def _as_people_read_it(db, table: str, fmt: str) -> pd.DataFrame:
    """The table as the KB holds it, with its document's path, title and date after doc_id (joined in SQL
    here), and its JSON lists as "a; b" (as lists in JSON; a signer as its non-empty fields)."""
    con = sqlite3.connect(db)
    if table == "documents":
        original = pd.read_sql_query("select * from documents", con)
    else:
        columns = [r[1] for r in con.execute(f"pragma table_info([{table}])")]
        at = columns.index("doc_id") + 1
        picked = [f"t.[{c}]" for c in columns[:at]] + ["d.path", "d.title", "d.date"] + [f"t.[{c}]" for c in columns[at:]]
        original = pd.read_sql_query(f"select {', '.join(picked)} from [{table}] t left join documents d "
                                     "on d.id = t.doc_id", con)
    for column in LISTS.get(table, []):
        items = original[column].map(json.loads)
        original[column] = items if fmt == "json" else items.map(lambda xs: "; ".join(
            ", ".join(str(v) for v in x.values() if v not in (None, "")) if isinstance(x, dict) else x for x in xs))
    return original


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx", "parquet"])
@pytest.mark.parametrize("table", ["tasks", "claims", "documents"])
def test_a_table_round_trips(db, tmp_path, fmt, table):
    expected = _as_people_read_it(db, table, fmt)
    out = tmp_path / f"{table}.{fmt}"
    count, warnings = export(db, out, table=table)
    assert count == len(expected) > 0 and not warnings
    back = _read(out, fmt)
    _same(back, expected)
    if table == "tasks":  # Vietnamese text intact, lists as plain text, the file beside each row
        assert back["body"].str.contains("Công an xã").any()
        assert back["path"].str.endswith(".txt").all() and back["title"].notna().any()
        if fmt != "json":
            assert not back["lead"].dropna().str.startswith("[").any()
    if fmt == "xlsx":  # the sheet is named after the table
        assert list(pd.read_excel(out, sheet_name=None)) == [table]


def test_lists_read_back_as_plain_text(db, tmp_path):
    out = tmp_path / "documents.csv"
    export(db, out, table="documents")
    back = pd.read_csv(out, encoding="utf-8-sig")
    recipients = [r for cell in back["recipients"].dropna() for r in cell.split("; ")]
    assert "Công an xã" in recipients and not any(r.startswith(("[", '"')) for r in recipients)


def test_a_query_through_the_command_and_what_excel_cannot_hold(db, tmp_path):
    out = tmp_path / "errors.xlsx"
    r = vanban("export", "--db", str(db), "--query", "select path, text from claims join documents d on d.id = "
               "doc_id where verdict = 'error'", "-o", str(out))
    assert r.returncode == 0, r.stderr
    back = pd.read_excel(out)
    assert len(back) == 9 and "45.122/96.733" in " ".join(back["text"])
    # whole documents are longer than an Excel cell: cut, and said so
    r = vanban("export", "texts", "--db", str(db), "-o", str(tmp_path / "texts.xlsx"))
    assert r.returncode == 0 and "longer than an Excel cell" in r.stderr
    assert pd.read_excel(tmp_path / "texts.xlsx")["text"].str.len().max() == 32_767


def test_an_export_cannot_change_the_kb(db, tmp_path):
    before = pd.read_sql_query("select count(*) as n from documents", sqlite3.connect(db))["n"][0]
    r = vanban("export", "--db", str(db), "--query", "delete from documents", "-o", str(tmp_path / "x.csv"))
    assert r.returncode != 0 and "readonly" in r.stderr
    r = vanban("export", "nothing", "--db", str(db), "-o", str(tmp_path / "x.csv"))
    assert r.returncode != 0 and "no such table" in r.stderr
    r = vanban("export", "claims", "--db", str(db), "-o", str(tmp_path / "x.pdf"))
    assert r.returncode != 0 and "unknown export format" in r.stderr
    assert pd.read_sql_query("select count(*) as n from documents", sqlite3.connect(db))["n"][0] == before
