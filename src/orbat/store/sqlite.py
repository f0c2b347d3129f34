"""SQLite backend: one file, WAL journal so readers never block the ingest that writes."""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Iterator

from orbat.store.errors import StoreError

BUSY_TIMEOUT_MS = 30_000


class SQLiteBackend:
    dialect = "sqlite"

    def __init__(self, path: str | Path):
        self.where = str(path)
        if str(path) != ":memory:":
            parent = Path(path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"{path}: folder {parent} does not exist; create it or pick another --db")
        try:
            # autocommit at the driver level: transactions are begun and ended explicitly
            self.conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                                        check_same_thread=False)
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: cannot open as an orbat store: {exc}") from exc

    # SQL text -------------------------------------------------------------
    def ddl(self, sql: str) -> str:
        return sql.replace("{serial}", "INTEGER PRIMARY KEY").replace("{blob}", "BLOB")

    # statements -----------------------------------------------------------
    def execute(self, sql: str, params=()):
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows) -> None:
        self.conn.executemany(sql, rows)

    def stream(self, sql: str, params=()) -> Iterator[tuple]:
        yield from self.conn.execute(sql, params)

    # transactions ---------------------------------------------------------
    def begin_write(self) -> None:
        # IMMEDIATE takes the write lock now, so what resolution reads stays true until commit
        self.conn.execute("BEGIN IMMEDIATE")

    def begin_read(self) -> None:
        self.conn.execute("BEGIN")  # one snapshot for a whole export (WAL keeps it while writers go on)

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()

    def errors(self) -> tuple[type[BaseException], ...]:
        return (sqlite3.Error,)
