"""Articles in, Extractions out: the nlp stage run over a stream of articles.

One spaCy pipeline is built per process and reused. ``extract_many`` streams:
it holds one batch of articles at a time, and with ``workers > 1`` it hands
batches to worker processes that each build the pipeline once.
"""
from __future__ import annotations

import collections
import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator

from orbat.model import Article, Extraction
from orbat.ontology import OntologyError
from orbat.nlp import analyse, build
from orbat.nlp.build import TITLE_END, check_data as build_checks
from orbat.nlp.quotes import find_quotes
from orbat.nlp.relations import find_relations

BATCH = 32
Failure = tuple[Article, str]  # an article the pipeline failed on, and why


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

    def extract_many(self, articles: Iterable[Article], workers: int = 1,
                     on_error: Callable[[Article, str], None] | None = None) -> Iterator[Extraction]:
        """Extractions in the order of ``articles``, batched through spaCy.

        With ``on_error``, an article the pipeline fails on is reported there (with the
        reason) and skipped, and the rest of its batch goes on; without it, the error raises.
        """
        outcomes = (_parallel(articles, workers, self.model) if workers > 1
                    else self._outcomes(articles, catch=on_error is not None))
        for item in outcomes:
            if isinstance(item, Extraction):
                yield item
            elif on_error is None:
                raise RuntimeError(f"{item[0].path}: {item[1]}")
            else:
                on_error(*item)

    def _outcomes(self, articles: Iterable[Article], catch: bool) -> Iterator[Extraction | Failure]:
        it = iter(articles)
        while batch := list(itertools.islice(it, BATCH)):
            try:
                docs = list(self.nlp.pipe((self._doc(a) for a in batch), batch_size=BATCH))
            except OntologyError:
                raise
            except Exception:  # noqa: BLE001 - find the one article that failed, keep the others
                if not catch:
                    raise
                yield from self._one_by_one(batch)
                continue
            for article, doc in zip(batch, docs):
                yield self._extraction(article, doc)

    def _one_by_one(self, batch: list[Article]) -> Iterator[Extraction | Failure]:
        for article in batch:
            try:
                yield self._extraction(article, self.nlp(self._doc(article)))
            except OntologyError:
                raise
            except Exception as exc:  # noqa: BLE001
                yield (article, f"extraction failed: {type(exc).__name__}: {exc}")


_worker: Extractor | None = None


def _init(model: str | None) -> None:
    global _worker
    _worker = Extractor(model)


def _run(batch: list[Article]) -> list[Extraction | Failure]:
    return list(_worker._outcomes(batch, catch=True))


def _parallel(articles: Iterable[Article], workers: int, model: str | None) -> Iterator[Extraction | Failure]:
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
