"""Plain data passed between orbat's stages.

Only ``orbat.nlp`` touches spaCy objects; everything it hands on is one of
these frozen dataclasses, with character offsets into ``Article.text`` and the
id of the rule that produced it, so any fact can be traced to its sentence.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One piece of reporting, as read from a file, a feed item or a dump line.

    ``text`` is what the extractor reads: the title line (when there is one),
    a blank line, then the body. Comments, boilerplate and tag lists are kept
    apart so that nothing in them is taken as reporting.
    """

    id: str  # hash of the normalised text: the same article read twice has one id
    path: str  # where it came from: a file path, "path#item-3" for a feed item, "-" for stdin
    text: str
    title: str | None = None
    source: str | None = None  # the outlet, when the input names one
    published: str | None = None  # ISO date (YYYY-MM-DD or shorter) when known
    url: str | None = None
    author: str | None = None
    format: str = "text"  # text | html | rss | atom | jsonl
    comments: tuple[str, ...] = ()
    boilerplate: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rejection:
    """An input that could not become an Article, and why, in words a user can act on."""

    path: str
    reason: str


@dataclass(frozen=True)
class Mention:
    """One surface form of an entity in the article text."""

    start: int
    end: int
    text: str
    rule: str  # which component found it: "ruler:<ref id>", "model", "acronym", "coref:surname" ...


@dataclass(frozen=True)
class Entity:
    """One actor as it appears in one article: every mention of it gathered."""

    id: str  # local to the article: "e1", "e2", ...
    name: str  # canonical name from the reference data, else the fullest form in the article
    type: str  # an ontology entity type
    aliases: tuple[str, ...] = ()  # other surface forms in this article
    titles: tuple[str, ...] = ()  # canonical titles and ranks found before its mentions
    ref: str | None = None  # reference-data key, when the actor is known
    wikidata: str | None = None
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """Where in the article a relation or quote was read, and by which rule."""

    start: int  # span of the words that state the fact
    end: int
    sentence: str
    sentence_start: int
    rule: str


@dataclass(frozen=True)
class Relation:
    subject: str  # entity id
    predicate: str
    object: str  # entity id
    modality: str = "asserted"
    attributed_to: str | None = None  # entity id of who the article credits with the claim
    time: str | None = None  # ISO date, as precise as the text gives ("2007", "2014-06")
    time_precision: str | None = None  # year | month | day
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Quote:
    speaker: str | None  # entity id
    text: str
    via: tuple[str, ...] = ()  # entity ids of the outlets it passed through
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything orbat read in one article."""

    article: Article
    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
    quotes: tuple[Quote, ...] = ()
    warnings: tuple[str, ...] = field(default=())
