"""`vanban serve`: the KB in Datasette, read-only, with bilingual metadata, facets, canned queries and the
vanban plugin (document pages, charts). `metadata(name)` is the Datasette metadata for a KB opened as `name`."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from functools import cache
from pathlib import Path

import yaml

from ..errors import VanbanError

HERE = Path(__file__).parent
SQL_TIME_LIMIT_MS = 1000  # an arbitrary query is stopped after this long
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


@cache
def _data(name: str) -> dict:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


def _both(pair: dict) -> str:
    return f"{pair['vi']} · {pair['en']}"


def metadata(database: str) -> dict:
    tables = {}
    for name, spec in _data("metadata.yaml")["tables"].items():
        tables[name] = {"title": _both(spec["title"]), "description": _both(spec["description"]),
                        "columns": {column: _both(text) for column, text in spec["columns"].items()}}
    for name, options in _data("views.yaml").items():
        tables.setdefault(name, {}).update(options)
    return {
        "title": "vanban · Kho tri thức văn bản · Knowledge base of official reports",
        "description_html": (
            "Báo cáo, kế hoạch, công văn đã được trích xuất: trích dẫn, số liệu và kiểm tra phép tính, nhiệm vụ, "
            "thực thể. · Reports mined into references, figures with their arithmetic checked, tasks and entities. "
            f'<a href="/{database}/search">Tìm kiếm · Search</a> · <a href="/{database}/arithmetic_errors">'
            'Sai sót số liệu · Arithmetic errors</a> · <a href="/-/measure">Biểu đồ · Chart</a> · '
            '<a href="/-/citation-graph">Đồ thị trích dẫn · Citation graph</a>'),
        "databases": {database: {"tables": tables, "queries": _data("queries.yaml")}},
    }


def _checkpoint(db: Path) -> None:
    """Fold the write-ahead log into the file: an immutable open reads the main file only."""
    try:
        con = sqlite3.connect(db)
        con.execute("pragma wal_checkpoint(TRUNCATE)")
        con.close()
    except sqlite3.Error:
        pass  # a KB on read-only media has no log to fold


def serve(db: Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Run Datasette on the KB until interrupted."""
    from datasette.cli import cli as datasette
    from datasette.plugins import pm

    from . import plugin

    if not db.exists():
        raise VanbanError(str(db), "no knowledge base here (run `vanban ingest` first)")
    _checkpoint(db)
    if not pm.is_registered(plugin):
        pm.register(plugin, name="vanban")
    with tempfile.TemporaryDirectory(prefix="vanban-serve-") as tmp:
        meta = Path(tmp) / "metadata.json"
        meta.write_text(json.dumps(metadata(db.stem), ensure_ascii=False), encoding="utf-8")
        datasette.main(["serve", "--immutable", str(db), "--metadata", str(meta), "--template-dir",
                        str(HERE / "templates"), "--host", host, "--port", str(port),
                        "--setting", "sql_time_limit_ms", str(SQL_TIME_LIMIT_MS)], prog_name="vanban serve")
