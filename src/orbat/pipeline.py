"""Articles in, Extractions out: the nlp stage run over a stream of articles.

One spaCy pipeline is built per process and reused. ``extract_many`` streams:
it holds one batch of articles at a time, and with ``workers > 1`` it hands
batches to worker processes that each build the pipeline once.
"""
from __future__ import annotations

import collections
import itertools
import multiprocessing
from collections.abc import Iterable, Iterator

from orbat.model import Article, Extraction
from orbat.ontology import OntologyError
from orbat.nlp import analyse, build
from orbat.nlp.build import TITLE_END, check_data as build_checks
from orbat.nlp.quotes import find_quotes
from orbat.nlp.relations import find_relations

BATCH = 32


class Extractor:
    def __init__(self, model: str | None = None):
        self.model = model
        self._nlp = None
        # load and check the data files now, so that a bad one fails before any work
        build_checks()

    @property
    def nlp(self):
        """The spaCy pipeline, built on first use: a parent that hands all work to
        worker processes never builds it."""
        if self._nlp is None:
            self._nlp = build(self.model)
        return self._nlp

    def _doc(self, article: Article):
        doc = self.nlp.make_doc(article.text)
        title_end = len(article.title) if article.title and article.text.startswith(article.title) else 0
        doc.user_data[TITLE_END] = title_end
        return doc

    def _extraction(self, article: Article, doc) -> Extraction:
        entities, mentions = analyse(doc)
        warnings = []
        quotes = []
        try:
            quotes = find_quotes(doc, mentions)
        except Exception as exc:  # noqa: BLE001 - one stage's bug must not lose the article
            warnings.append(f"quotes: {type(exc).__name__}: {exc}")
        try:
            relations = find_relations(doc, entities, mentions, article.published, quotes=quotes)
        except OntologyError:
            raise  # a bad pattern file is a setup error: fail loudly, naming the file
        except Exception as exc:  # noqa: BLE001
            relations = []
            warnings.append(f"relations: {type(exc).__name__}: {exc}")
        return Extraction(article=article, entities=tuple(entities), relations=tuple(relations),
                          quotes=tuple(quotes), warnings=tuple(warnings))

    def extract(self, article: Article) -> Extraction:
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[Article], workers: int = 1) -> Iterator[Extraction]:
        if workers > 1:
            yield from _parallel(articles, workers, self.model)
            return
        it = iter(articles)
        while batch := list(itertools.islice(it, BATCH)):
            docs = self.nlp.pipe((self._doc(a) for a in batch), batch_size=BATCH)
            for article, doc in zip(batch, docs):
                yield self._extraction(article, doc)


_worker: Extractor | None = None


def _init(model: str | None) -> None:
    global _worker
    _worker = Extractor(model)


def _run(batch: list[Article]) -> list[Extraction]:
    return list(_worker.extract_many(batch))


def _parallel(articles: Iterable[Article], workers: int, model: str | None) -> Iterator[Extraction]:
    it = iter(articles)
    batches = iter(lambda: list(itertools.islice(it, BATCH // 2 or 1)), [])
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=_init, initargs=(model,)) as pool:
        # at most two batches per worker in flight, in order: memory stays flat in corpus size
        pending: collections.deque = collections.deque()
        for batch in batches:
            pending.append(pool.apply_async(_run, (batch,)))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
