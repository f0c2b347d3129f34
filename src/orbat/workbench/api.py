"""The workbench as a Python object: ``db = orbat.open("orbat.db")``.

Every query of the command line is a method here, returning plain frozen
dataclasses (``orbat.workbench.results``); list results have ``.to_pandas()``.
The corrected store is read into memory once (``Snapshot``) and the graphs
built from it are cached; both are rebuilt when the store changes, which each
call checks with a cheap fingerprint (row counts and highest ids of the
tables that can change).
"""
from __future__ import annotations

from pathlib import Path

from orbat.workbench import dates
from orbat.workbench.errors import EmptyStore, WorkbenchError

FINGERPRINT_SQL = (
    "SELECT (SELECT MAX(seq) FROM articles), (SELECT COUNT(*) FROM articles), "
    "(SELECT MAX(id) FROM evidence), (SELECT COUNT(*) FROM evidence), (SELECT COUNT(*) FROM assertions), "
    "(SELECT MAX(seq) FROM entities), (SELECT COUNT(*) FROM entities), (SELECT MAX(id) FROM quotes), "
    "(SELECT COUNT(*) FROM decisions), (SELECT MAX(id) FROM decisions)")


def open_store_for_reading(db=None):
    """Open an existing store (a missing SQLite file is an error here, not a new empty store)."""
    from orbat.store import SchemaError, StoreError, default_db, is_postgres, open_store

    url = str(db) if db is not None else default_db()
    if not is_postgres(url) and url != ":memory:" and not Path(url).expanduser().exists():
        raise WorkbenchError(f"no orbat store at {url}; create one with `orbat ingest PATH --db {url}` "
                             f"or point --db (or ORBAT_DB) at an existing one")
    try:
        return open_store(url)
    except SchemaError as exc:
        raise WorkbenchError(str(exc)) from exc
    except StoreError as exc:
        raise WorkbenchError(str(exc)) from exc


class Workbench:
    """Queries over one store. Not thread-safe (like the store it holds)."""

    def __init__(self, store, *, owns: bool = False):
        from orbat.ontology import default

        self.store = store
        self._owns = owns
        self.ontology = default()
        self.symmetric = frozenset(p.name for p in self.ontology.predicates.values() if p.symmetric)
        self._snap = None
        self._cache: dict = {}
        self._checked_fp = None

    # the cached picture ----------------------------------------------------------
    def fingerprint(self) -> tuple:
        return tuple(self.store.backend.execute(FINGERPRINT_SQL).fetchone())

    def snapshot(self):
        """The corrected store in memory, rebuilt when the store has changed since it was read."""
        from orbat.workbench.snapshot import Snapshot

        fp = self.fingerprint()
        if self._snap is None or self._snap.fingerprint != fp:
            if not fp[1]:
                raise EmptyStore(f"the store {self.store.where} holds no articles yet; add some with "
                                 f"`orbat ingest PATH --db {self.store.where}`")
            self._snap = Snapshot(self.store, fp)
            self._cache.clear()
        return self._snap

    def cached(self, key, build):
        if key not in self._cache:
            self._cache[key] = build()
        return self._cache[key]

    def simple_graph(self, as_of=None, predicates=None, modalities=None):
        from orbat.workbench import graph

        snap = self._snap or self.snapshot()
        key = ("simple", as_of, tuple(sorted(predicates or ())), tuple(sorted(modalities or ())))
        return self.cached(key, lambda: graph.simple(snap, snap.picture(as_of), predicates, modalities))

    # queries ---------------------------------------------------------------------
    def show(self, name: str, as_of: str | None = None, sources: int | None = 3, articles: int = 20):
        """Everything known about one actor (``Profile``)."""
        from orbat.workbench.profile import show

        return show(self, name, dates.parse(as_of, "as_of"), sources, articles)

    def entity(self, name: str):
        """The entity a name stands for (``EntityRef``); NotFound / Ambiguous otherwise."""
        from orbat.workbench import lookup
        from orbat.workbench.profile import ref

        snap = self.snapshot()
        return ref(snap, lookup.find(snap, name))

    def entities(self, type: str | None = None, text: str | None = None, min_mentions: int = 0,
                 sort: str = "mentions", top: int | None = None, as_of: str | None = None):
        from orbat.workbench.entities import entities

        return entities(self, type, text, min_mentions, sort, top, dates.parse(as_of, "as_of"))

    def tree(self, root: str, depth: int = 6, as_of: str | None = None):
        from orbat.workbench.tree import tree

        return tree(self, root, depth, dates.parse(as_of, "as_of"))

    def path(self, a: str, b: str, predicates=None, modalities=None, max_hops: int = 4, k: int = 3,
             as_of: str | None = None):
        from orbat.workbench.paths import path

        return path(self, a, b, _set(predicates), _set(modalities), max_hops, k, dates.parse(as_of, "as_of"))

    def network(self, rank: str = "pagerank", top: int = 20, communities: bool = False, ego: str | None = None,
                hops: int = 1, bridges: bool = False, cap: int = 200, as_of: str | None = None):
        from orbat.workbench.network import network

        self.snapshot()
        return network(self, rank, top, communities, ego, hops, bridges, cap, dates.parse(as_of, "as_of"))

    def timeline(self, name: str | None = None, frm: str | None = None, to: str | None = None,
                 as_of: str | None = None, limit: int | None = None, quotes: bool = True):
        from orbat.workbench.timeline import timeline

        return timeline(self, name, dates.parse(frm, "from"), dates.parse(to, "to"),
                        dates.parse(as_of, "as_of"), limit, quotes)

    def quotes(self, speaker: str | None = None, outlet: str | None = None, text: str | None = None,
               frm: str | None = None, to: str | None = None, as_of: str | None = None, limit: int | None = None):
        from orbat.workbench.quotes import quotes

        return quotes(self, speaker, outlet, text, dates.parse(frm, "from"), dates.parse(to, "to"),
                      dates.parse(as_of, "as_of"), limit)

    def search(self, text: str, limit: int = 20, as_of: str | None = None):
        from orbat.workbench.search import search

        return search(self, text, limit, dates.parse(as_of, "as_of"))

    def to_networkx(self, as_of: str | None = None, predicates=None, modalities=None):
        """A MultiDiGraph: nodes carry name/type, edges (key: assertion id) predicate, modality,
        first/last dates, evidence and independent-article counts. A fresh copy on every call."""
        from orbat.workbench import graph

        snap = self.snapshot()
        as_of = dates.parse(as_of, "as_of")
        key = ("multi", as_of, tuple(sorted(_set(predicates) or ())), tuple(sorted(_set(modalities) or ())))
        g = self.cached(key, lambda: graph.multigraph(snap, snap.picture(as_of), _set(predicates),
                                                      _set(modalities)))
        return g.copy()

    # lifetime --------------------------------------------------------------------
    def close(self) -> None:
        if self._owns:
            self.store.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _set(values):
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    return frozenset(values) or None


def open(db=None) -> Workbench:
    """The workbench over an existing store (a SQLite path or postgresql:// URL; default ORBAT_DB or
    ./orbat.db), or over an already-open ``orbat.store.Store``."""
    from orbat.store import Store

    if isinstance(db, Store):
        return Workbench(db, owns=False)
    return Workbench(open_store_for_reading(db), owns=True)
