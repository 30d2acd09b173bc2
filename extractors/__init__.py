"""vanban: mine Vietnamese official reports into a SQLite knowledge base."""

from pathlib import Path

__version__ = "0.1.0"
DEFAULT_DB = Path("output/kb.sqlite")  # where the KB is, unless --db says otherwise
