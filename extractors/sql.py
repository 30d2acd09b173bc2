"""Plain executemany inserts for rows the workers already made SQLite-ready (str, int, float, None).

sqlite-utils' insert_all inspects and converts every value (JSON for lists, column types …) and spent half
the writer's time doing it for rows that need none of that."""

from __future__ import annotations


def insert(db, table: str, rows: list[dict], replace: bool = False) -> None:
    """Insert rows that all have the keys of the first one; `replace` overwrites a row with the same key."""
    if not rows:
        return
    columns = list(rows[0])
    sql = (f"insert {'or replace ' if replace else ''}into [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
           f"values ({', '.join('?' * len(columns))})")
    db.conn.executemany(sql, [[row[c] for c in columns] for row in rows])
