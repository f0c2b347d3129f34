"""orbat's durable knowledge store: articles, entities, assertions with evidence, quotes, decisions.

    from orbat.store import open_store
    with open_store("orbat.db") as store:          # or "postgresql://user@host/db"
        result = store.write(extraction, extracted_with="orbat 0.1 / en_core_web_sm 3.8")
        store.export_json(sys.stdout)

SQLite is the default (a file path, ``./orbat.db`` unless ``--db`` or
``ORBAT_DB`` say otherwise); a ``postgresql://`` URL selects PostgreSQL. Both
hold the same schema (``orbat.store.schema``); their differences stay in
``orbat.store.sqlite`` and ``orbat.store.postgres``. All machine facts enter
through ``Store.write`` (``orbat.store.writer.write_article``), one article per
transaction.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import IO

from orbat.model import Article, Extraction
from orbat.store import reader
from orbat.store.dedup import NearDuplicates
from orbat.store.errors import StoreError
from orbat.store.schema import SchemaError, migrate, now
from orbat.store.writer import WriteResult, write_article

__all__ = ["Store", "StoreError", "SchemaError", "WriteResult", "open_store", "default_db"]

def default_db() -> str:
    """Where the store is when no --db is given: ORBAT_DB, else ./orbat.db."""
    from orbat.config import db_url

    return db_url()


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


class Store:
    """An open store. Not shared between threads; open one per process (or worker)."""

    def __init__(self, backend):
        self.backend = backend
        self.schema_version = migrate(backend)
        self.near = NearDuplicates(backend)

    @property
    def dialect(self) -> str:
        return self.backend.dialect

    @property
    def where(self) -> str:
        return self.backend.where

    # writing --------------------------------------------------------------
    def write(self, extraction: Extraction, *, extracted_with: str | None = None,
              replace: bool = False) -> WriteResult:
        """Store one article's extraction in one transaction: the only way machine facts get in."""
        return write_article(self.backend, self.near, extraction, extracted_with=extracted_with,
                             replace=replace, symmetric=_symmetric())

    def add_decision(self, kind: str, target: str, payload: dict | None = None, who: str | None = None) -> int:
        """Record an analyst decision (merge, split, reject, confirm, note); reprocess never touches these."""
        b = self.backend
        b.begin_write()
        try:
            b.execute("INSERT INTO decisions (kind, target, payload, who, at) VALUES (?, ?, ?, ?, ?)",
                      (kind, target, json.dumps(payload or {}, ensure_ascii=False), who, now()))
            row = b.execute("SELECT MAX(id) FROM decisions").fetchone()
            b.commit()
        except BaseException:
            b.rollback()
            raise
        return row[0]

    # reading --------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        return self.backend.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def article_ids(self) -> list[str]:
        return reader.article_ids(self.backend)

    def article(self, article_id: str) -> Article | None:
        return reader.load_article(self.backend, article_id)

    def counts(self) -> dict[str, int]:
        return reader.counts(self.backend)

    def check(self) -> list[str]:
        """Consistency problems, empty when the store is sound."""
        return reader.check(self.backend)

    def export_json(self, out: IO[str]) -> dict[str, int]:
        return reader.export_json(self.backend, out)

    # lifetime -------------------------------------------------------------
    def close(self) -> None:
        self.backend.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@lru_cache(maxsize=1)
def _symmetric() -> frozenset[str]:
    from orbat.ontology import default

    return frozenset(p.name for p in default().predicates.values() if p.symmetric)


def open_store(url: str | Path | None = None) -> Store:
    """Open (creating and migrating as needed) the store at a path or postgresql:// URL."""
    url = str(url) if url is not None else default_db()
    if is_postgres(url):
        from orbat.store.postgres import PostgresBackend

        return Store(PostgresBackend(url))
    from orbat.store.sqlite import SQLiteBackend

    return Store(SQLiteBackend(url))
