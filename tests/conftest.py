"""Shared fixtures: one real spaCy pipeline for the whole session (loading it costs a second)."""
import pytest

from orbat.model import Article
from orbat.sources.identity import article_id


@pytest.fixture(scope="session")
def extractor():
    from orbat.pipeline import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def extract(extractor):
    """Extract one passage written in a test: returns the Extraction."""

    def run(text: str, title: str | None = None, published: str | None = None):
        full = f"{title}\n\n{text}" if title else text
        article = Article(id=article_id(full), path="passage.txt", text=full, title=title,
                          published=published)
        return extractor.extract(article)

    return run


def by_name(extraction, name):
    for e in extraction.entities:
        if e.name == name:
            return e
    raise AssertionError(f"no entity named {name!r}; have {[e.name for e in extraction.entities]}")


pytest_plugins = ["conftest_store"]  # store, resolution and ingest fixtures: SQLite + PostgreSQL backends
