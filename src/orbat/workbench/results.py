"""What the queries return: plain frozen dataclasses; every list of results is a ``Rows``.

``Rows`` is a tuple with ``to_pandas()``; each result type has ``row()``, one
flat dict of plain values, which is what CSV and JSON Lines write and what a
DataFrame holds. ``dataclasses.asdict`` gives the full nested form (``--format json``).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields, is_dataclass


class Rows(tuple):
    """A tuple of results that turns into a DataFrame."""

    def to_pandas(self):
        import pandas as pd

        return pd.DataFrame([r.row() if hasattr(r, "row") else asdict(r) for r in self])

    def rows(self) -> list[dict]:
        return [r.row() for r in self]


def plain(obj):
    """A result as JSON-ready values (nested dicts and lists)."""
    if is_dataclass(obj):
        return {f.name: plain(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, (list, tuple)):
        return [plain(x) for x in obj]
    if isinstance(obj, dict):
        return {k: plain(v) for k, v in obj.items()}
    return obj


def _join(items) -> str:
    return " | ".join(str(x) for x in items if x)


@dataclass(frozen=True)
class EntityRef:
    id: str
    name: str
    type: str


@dataclass(frozen=True)
class Source:
    """One piece of evidence: the sentence and the article it is in."""

    article: str
    title: str | None
    published: str | None
    outlet: str | None
    sentence: str | None
    independent: bool


@dataclass(frozen=True)
class RelationLine:
    """All the store says about one (predicate, other entity) pair of an entity."""

    predicate: str
    direction: str  # "out": entity -> other; "in": other -> entity
    other: EntityRef
    modality: str  # the strongest: asserted > reported > alleged > hypothetical (negated kept apart)
    modalities: tuple[str, ...]
    independent: int  # independent articles supporting it (near-duplicates do not count)
    evidence: int  # evidence sentences
    first: str | None
    last: str | None
    attributed_to: tuple[str, ...]
    ended: str | None  # "succeeded by NAME (DATE)" when a succession ended it
    confirmed: bool
    notes: tuple[str, ...]
    assertions: tuple[str, ...]
    sources: tuple[Source, ...]

    def row(self) -> dict:
        return {"predicate": self.predicate, "direction": self.direction, "other_id": self.other.id,
                "other": self.other.name, "other_type": self.other.type, "modality": self.modality,
                "independent": self.independent, "evidence": self.evidence, "first": self.first,
                "last": self.last, "attributed_to": _join(self.attributed_to), "ended": self.ended,
                "confirmed": self.confirmed, "assertions": _join(self.assertions),
                "sentences": _join(s.sentence for s in self.sources),
                "articles": _join(s.title or s.article for s in self.sources)}


@dataclass(frozen=True)
class QuoteLine:
    speaker: EntityRef | None
    text: str
    via: tuple[str, ...]
    article: str
    title: str | None
    published: str | None
    outlet: str | None
    sentence: str | None

    def row(self) -> dict:
        return {"speaker": self.speaker.name if self.speaker else None,
                "speaker_id": self.speaker.id if self.speaker else None, "text": self.text,
                "via": _join(self.via), "article": self.article, "title": self.title,
                "published": self.published, "outlet": self.outlet}


@dataclass(frozen=True)
class ArticleLine:
    id: str
    title: str | None
    published: str | None
    outlet: str | None
    independent: bool
    path: str

    def row(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Profile:
    entity: EntityRef
    aliases: tuple[str, ...]
    titles: tuple[str, ...]
    wikidata: str | None
    mentions: int
    as_of: str | None
    relations: Rows  # of RelationLine, grouped by predicate
    negated: Rows  # of RelationLine: what the reporting denies
    former: Rows  # of RelationLine: leads ended by a succession
    quotes: Rows  # of QuoteLine
    articles: Rows  # of ArticleLine, newest first (at most ``articles_shown``)
    n_articles: int
    notes: tuple[str, ...]

    def rows(self) -> list[dict]:
        out = []
        for kind, rows in (("relation", self.relations), ("negated", self.negated), ("former", self.former)):
            out += [{"entity": self.entity.name, "entity_id": self.entity.id, "kind": kind, **r.row()}
                    for r in rows]
        return out

    def to_pandas(self):
        import pandas as pd

        return pd.DataFrame(self.rows())


@dataclass(frozen=True)
class EntityRow:
    id: str
    name: str
    type: str
    wikidata: str | None
    mentions: int
    articles: int
    relations: int
    degree: int
    score: float | None  # the --sort measure when it is a centrality

    def row(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class TreeNode:
    entity: EntityRef
    depth: int
    commanders: tuple[EntityRef, ...]  # who leads it (a succession removes the predecessor)
    independent: int  # independent articles for its part_of link to its parent (0 at the root)
    sources: tuple[str, ...]  # titles of those articles
    modality: str | None
    cycle: bool  # this unit is already above: the branch stops here
    children: tuple["TreeNode", ...]


@dataclass(frozen=True)
class Tree:
    root: TreeNode
    depth: int
    as_of: str | None
    cycles: tuple[str, ...]  # each cycle in part_of, as "A -> B -> A"
    truncated: int  # units below the depth limit, not shown

    def nodes(self):
        stack = [(self.root, None)]
        while stack:
            node, parent = stack.pop()
            yield node, parent
            stack.extend((c, node) for c in reversed(node.children))

    def rows(self) -> list[dict]:
        return [{"depth": n.depth, "id": n.entity.id, "name": n.entity.name, "type": n.entity.type,
                 "parent": p.entity.name if p else None, "parent_id": p.entity.id if p else None,
                 "commanders": _join(c.name for c in n.commanders), "independent": n.independent,
                 "modality": n.modality, "sources": _join(n.sources), "cycle": n.cycle}
                for n, p in self.nodes()]

    def to_pandas(self):
        import pandas as pd

        return pd.DataFrame(self.rows())


@dataclass(frozen=True)
class Hop:
    frm: EntityRef  # in path order
    to: EntityRef
    predicate: str
    forward: bool  # the relation reads frm -> to (False: to -> frm)
    modality: str
    independent: int
    first: str | None
    assertion: str
    sentence: str | None
    title: str | None
    article: str | None

    def text(self) -> str:
        a, b = (self.frm, self.to) if self.forward else (self.to, self.frm)
        return f"{a.name} -{self.predicate}-> {b.name}"


@dataclass(frozen=True)
class Path:
    hops: tuple[Hop, ...]

    @property
    def length(self) -> int:
        return len(self.hops)

    def row(self) -> dict:
        return {"length": self.length, "path": " ; ".join(h.text() for h in self.hops),
                "evidence": " | ".join(h.sentence or "" for h in self.hops)}


@dataclass(frozen=True)
class PathResult:
    source: EntityRef
    target: EntityRef
    paths: Rows  # of Path, shortest first
    as_of: str | None
    note: str | None

    def rows(self) -> list[dict]:
        out = []
        for i, p in enumerate(self.paths, 1):
            for j, h in enumerate(p.hops, 1):
                out.append({"path": i, "hop": j, "from": h.frm.name, "to": h.to.name, "predicate": h.predicate,
                            "direction": "->" if h.forward else "<-", "modality": h.modality,
                            "independent": h.independent, "first": h.first, "assertion": h.assertion,
                            "sentence": h.sentence, "title": h.title})
        return out

    def to_pandas(self):
        import pandas as pd

        return pd.DataFrame(self.rows())


@dataclass(frozen=True)
class Rank:
    rank: int
    entity: EntityRef
    score: float

    def row(self) -> dict:
        return {"rank": self.rank, "id": self.entity.id, "name": self.entity.name, "type": self.entity.type,
                "score": self.score}


@dataclass(frozen=True)
class Community:
    id: int
    size: int
    members: tuple[EntityRef, ...]  # most connected first

    def row(self) -> dict:
        return {"community": self.id, "size": self.size, "members": _join(m.name for m in self.members)}


@dataclass(frozen=True)
class Edge:
    source: EntityRef
    target: EntityRef
    predicate: str
    modality: str
    independent: int
    assertion: str

    def row(self) -> dict:
        return {"source": self.source.name, "source_id": self.source.id, "predicate": self.predicate,
                "target": self.target.name, "target_id": self.target.id, "modality": self.modality,
                "independent": self.independent, "assertion": self.assertion}


@dataclass(frozen=True)
class Ego:
    center: EntityRef
    hops: int
    nodes: tuple[EntityRef, ...]
    edges: Rows  # of Edge
    total_nodes: int  # in the full neighbourhood, before the cap
    note: str | None  # set when the neighbourhood was cut at the node cap


@dataclass(frozen=True)
class Bridge:
    entity: EntityRef  # a node linking communities
    community: int
    reaches: tuple[int, ...]  # other communities it has edges into
    score: float  # betweenness

    def row(self) -> dict:
        return {"id": self.entity.id, "name": self.entity.name, "type": self.entity.type,
                "community": self.community, "reaches": " ".join(map(str, self.reaches)), "score": self.score}


@dataclass(frozen=True)
class Network:
    nodes: int
    edges: int
    as_of: str | None
    measure: str
    ranking: Rows  # of Rank
    communities: Rows  # of Community (with --communities)
    bridges: Rows  # of Bridge (with --bridges)
    ego: Ego | None
    notes: tuple[str, ...]

    def rows(self) -> list[dict]:
        if self.ego is not None:
            return [{"section": "ego", **e.row()} for e in self.ego.edges]
        out = [{"section": "rank", **r.row()} for r in self.ranking]
        out += [{"section": "community", **c.row()} for c in self.communities]
        out += [{"section": "bridge", **b.row()} for b in self.bridges]
        return out

    def to_pandas(self):
        import pandas as pd

        return pd.DataFrame(self.rows())


@dataclass(frozen=True)
class Event:
    date: str
    kind: str  # fact | quote
    subject: EntityRef | None
    predicate: str | None
    object: EntityRef | None
    modality: str | None
    text: str | None  # the quote, or one evidence sentence
    dated_by: str  # "fact" (the text dates it) | "article" (its article's publication)
    assertion: str | None
    article: str | None
    title: str | None

    def row(self) -> dict:
        return {"date": self.date, "kind": self.kind, "subject": self.subject.name if self.subject else None,
                "predicate": self.predicate, "object": self.object.name if self.object else None,
                "modality": self.modality, "text": self.text, "dated_by": self.dated_by,
                "assertion": self.assertion, "article": self.article, "title": self.title}


@dataclass(frozen=True)
class SearchHit:
    kind: str  # article | evidence
    article: str
    title: str | None
    published: str | None
    outlet: str | None
    snippet: str
    score: float

    def row(self) -> dict:
        return asdict(self)
