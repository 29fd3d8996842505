"""What ingest stores is unchanged: compare every table of two corpus databases row for row.

    python scripts/compare_tables.py /tmp/before.db /tmp/after.db

Rows are compared as sets ordered by every column; columns that record wall-clock time
(`ingested_at`) are left out. The FTS5 tables are compared through their shadow tables (the
`*_data`, `*_idx`, `*_docsize` rows), which hold every indexed term. Exits 1 when any table differs.
"""
from __future__ import annotations

import sqlite3
import sys

CLOCK_COLUMNS = {"ingested_at"}


def _tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT name, sql FROM sqlite_master WHERE type='table' ORDER BY name").fetchall()
    # The FTS5 virtual tables themselves cannot be read whole when contentless; their shadows can.
    return [name for name, sql in rows if not (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]


def _rows(db: sqlite3.Connection, table: str) -> list[tuple[object, ...]]:
    cols = [r[1] for r in db.execute(f'PRAGMA table_info("{table}")') if r[1] not in CLOCK_COLUMNS]
    names = ", ".join(f'"{c}"' for c in cols)
    return db.execute(f'SELECT {names} FROM "{table}" ORDER BY {names}').fetchall()


def main(before: str, after: str) -> int:
    a, b = sqlite3.connect(before), sqlite3.connect(after)
    tables_a, tables_b = _tables(a), _tables(b)
    if tables_a != tables_b:
        print(f"different tables: {sorted(set(tables_a) ^ set(tables_b))}")
        return 1
    differ = 0
    for t in tables_a:
        ra, rb = _rows(a, t), _rows(b, t)
        same = ra == rb
        differ += not same
        print(f"{t}: {len(ra)} rows {'identical' if same else f'DIFFER ({len(rb)} rows after)'}")
    print(f"{len(tables_a)} tables compared, {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
