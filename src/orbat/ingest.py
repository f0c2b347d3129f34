"""Ingest: sources -> pipeline -> resolve -> store, one article per transaction.

    summary = ingest(["corpus/"], store, Extractor())

Incremental: an article whose content id is already stored is counted
"unchanged" and never reaches the pipeline (the id comes from the Article,
before any NLP). Every other article is extracted and written by
``Store.write`` in its own transaction, so stopping at any moment, even with
``kill -9``, leaves a consistent store, and the next run does exactly what is
left. Inputs that cannot be read, or that the pipeline fails on, are
rejections with a reason; a store that cannot be written stops the run, with
the file it was writing named.
"""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Callable, Iterable, Iterator

from orbat.model import Article, Extraction, Rejection
from orbat.store import Store, StoreError

Progress = Callable[[str, str], None]  # (status, path): new | duplicate | unchanged | rejected | replaced


@dataclass
class Summary:
    new: int = 0
    unchanged: int = 0
    duplicates: int = 0
    replaced: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None  # the store failed: the run stopped here
    seconds: float = 0.0

    @property
    def read(self) -> int:
        """Inputs that became articles (whatever then happened to them)."""
        return self.new + self.unchanged + self.duplicates + self.replaced

    @property
    def rate(self) -> float:
        return (self.new + self.duplicates + self.replaced) / self.seconds if self.seconds else 0.0

    @property
    def ok(self) -> bool:
        return self.error is None and self.read > 0

    def as_dict(self) -> dict:
        d = asdict(self)
        d["rejected"] = [{"path": r.path, "reason": r.reason} for r in self.rejected]
        d["read"] = self.read
        return d


def pipeline_version(extractor) -> str:
    """What extracted the facts: recorded with each article so stale ones can be found."""
    from orbat import __version__
    from orbat.config import model_name

    version = getattr(extractor, "version", None)
    if callable(version):
        version = version()
    if version:
        return str(version)
    model = getattr(extractor, "model", None) or model_name()
    return f"orbat {__version__} / {model}"


class LazyExtractor:
    """Builds the pipeline on first use: a run where every article is unchanged never loads spaCy."""

    def __init__(self, factory: Callable[[], object]):
        self._factory, self._inner = factory, None

    @property
    def inner(self):
        if self._inner is None:
            self._inner = self._factory()
        return self._inner

    def extract(self, article: Article) -> Extraction:
        return self.inner.extract(article)

    def extract_many(self, articles: Iterable[Article], workers: int = 1, on_error=None) -> Iterator[Extraction]:
        it = iter(articles)
        for first in it:  # only once there is something to extract
            yield from self.inner.extract_many(_chain(first, it), workers=workers, on_error=on_error)

    def __getattr__(self, name: str):
        return getattr(self.inner, name)


def _chain(first, rest):
    yield first
    yield from rest


def ingest(paths: Iterable[str], store: Store, extractor, *, max_bytes: int | None = None, workers: int = 1,
           stdin=None, progress: Progress | None = None) -> Summary:
    """Read, extract and store every article under ``paths``; see the module docstring."""
    from orbat import sources

    summary = Summary()
    started = time.monotonic()
    tick = progress or (lambda status, path: None)
    seen: set[str] = set()

    def todo() -> Iterator[Article]:
        kwargs = {"stdin": stdin} if stdin is not None else {}
        if max_bytes is not None:
            kwargs["max_bytes"] = max_bytes
        for item in sources.read(list(paths), **kwargs):
            if isinstance(item, Rejection):
                summary.rejected.append(item)
                tick("rejected", item.path)
            elif item.id in seen or store.has_article(item.id):
                summary.unchanged += 1
                tick("unchanged", item.path)
            else:
                seen.add(item.id)
                yield item

    _store_all(_extract(extractor, todo(), workers, summary, tick), store, extractor, summary, tick,
               replace=False)
    summary.seconds = time.monotonic() - started
    return summary


def reprocess(store: Store, extractor, *, workers: int = 1, progress: Progress | None = None) -> Summary:
    """Re-extract every stored article with the current pipeline, replacing its machine facts only."""
    summary = Summary()
    started = time.monotonic()
    tick = progress or (lambda status, path: None)
    articles = (a for a in map(store.article, store.article_ids()) if a is not None)
    _store_all(_extract(extractor, articles, workers, summary, tick), store, extractor, summary, tick,
               replace=True)
    summary.seconds = time.monotonic() - started
    return summary


def _extract(extractor, articles: Iterator[Article], workers: int, summary: Summary, tick) -> Iterator[Extraction]:
    def failed(article: Article, reason: str) -> None:  # one bad article is one rejection, not the batch's
        summary.rejected.append(Rejection(article.path, reason))
        tick("rejected", article.path)

    yield from extractor.extract_many(articles, workers=workers, on_error=failed)


def _store_all(extractions: Iterator[Extraction], store: Store, extractor, summary: Summary, tick,
               replace: bool) -> None:
    version = None
    for ex in extractions:
        version = version or pipeline_version(extractor)  # after the first extraction: the pipeline is built
        try:
            result = store.write(ex, extracted_with=version, replace=replace)
        except StoreError as exc:
            summary.error = str(exc)
            return
        if result.status == "new":
            summary.new += 1
        elif result.status == "duplicate":
            summary.duplicates += 1
        elif result.status == "replaced":
            summary.replaced += 1
        else:
            summary.unchanged += 1
        summary.warnings += [f"{ex.article.path}: {w}" for w in result.warnings]
        tick(result.status, ex.article.path)
