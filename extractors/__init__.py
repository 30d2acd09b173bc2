"""vanban: mine Vietnamese official reports into a SQLite knowledge base."""

__version__ = "0.1.0"
