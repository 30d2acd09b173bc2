"""`vanban export`: tables and queries to CSV, JSON, XLSX and Parquet, read back with pandas equal to the KB."""

from __future__ import annotations

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
            if pd.isna(b) or b == "":  # CSV and XLSX cells do not tell an empty text from none
                assert pd.isna(a) or a == "", (column, a, b)
            elif isinstance(b, float | int) and not isinstance(b, bool):
                assert float(a) == pytest.approx(float(b)), (column, a, b)
            else:
                assert str(a) == str(b), (column, a, b)


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx", "parquet"])
@pytest.mark.parametrize("table", ["tasks", "claims", "documents"])
def test_a_table_round_trips(db, tmp_path, fmt, table):
    original = pd.read_sql_query(f"select * from [{table}]", sqlite3.connect(db))
    out = tmp_path / f"{table}.{fmt}"
    count, warnings = export(db, out, table=table)
    assert count == len(original) > 0 and not warnings
    back = _read(out, fmt)
    _same(back, original)
    if table == "tasks":  # Vietnamese text intact
        assert back["body"].str.contains("Công an xã").any()


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
