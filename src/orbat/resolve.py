"""Cross-article resolution: which stored entity, if any, each of an article's entities is.

The rules, in order, stopping at the first that decides:

0. ``previous`` (reprocess only, after rule 1): a form the same article gave
   before, on the entity it was joined to then, keeps that entity, so
   re-extraction does not move ids around while the corpus has grown.

1. ``ref`` / ``wikidata``: the reference-data key (or Wikidata id) of the
   article's entity is already on a stored entity.
2. ``name`` / ``alias`` / ``acronym``: a form of the entity, in matching form
   (``orbat.names.fold_key``: ASCII fold, lower case, apostrophes dropped,
   hyphens as spaces, "the" and al-/el- dropped, transliteration groups
   applied) is a form of a stored entity of the same type. A person matches
   only on forms of two words or more: a bare surname is never enough here.
   An acronym learned in one article ("Popular Mobilization Forces (PMF)")
   thus resolves a bare "PMF" in another.
3. ``surname``: a person known in the article by a surname alone is the one
   stored person with that surname, when there is exactly one and the article
   has no other person with that surname; and a person named in full is a
   stored person known only by that surname, on the same conditions. Two
   people with different given names are never joined.

Anything else becomes a new entity. Every join is reported with its rule, the
form that decided it and a sentence saying why, and the store records it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Protocol, Sequence

from orbat.model import Entity
from orbat.names import fold_key, is_acronym


@dataclass(frozen=True)
class Stored:
    """What resolution needs to know of a stored entity."""

    id: str
    type: str
    ref: str | None
    wikidata: str | None
    keys: frozenset[str]  # its forms in matching form
    seq: int = 0


class Index(Protocol):
    """Look-ups over the stored entities (the store implements it inside its write transaction)."""

    def by_ref(self, ref: str) -> list[Stored]: ...
    def by_wikidata(self, qid: str) -> list[Stored]: ...
    def by_keys(self, keys: Iterable[str], type: str) -> list[Stored]: ...
    def persons_with_last(self, last: str) -> list[Stored]: ...


@dataclass(frozen=True)
class Match:
    local_id: str
    entity: str | None  # stored entity id, or None for "new entity"
    rule: str  # ref | wikidata | name | alias | acronym | surname | new
    form: str | None  # the surface form (or key) that decided
    reason: str


def forms_of(entity: Entity) -> list[str]:
    """Every surface form of an article entity: name, aliases, mention texts (first seen first)."""
    seen: dict[str, None] = {}
    for f in (entity.name, *entity.aliases, *(m.text for m in entity.mentions)):
        f = (f or "").strip()
        if f:
            seen.setdefault(f, None)
    return list(seen)


def keys_of(entity: Entity) -> dict[str, str]:
    """Matching key -> the first surface form that gives it."""
    out: dict[str, str] = {}
    for f in forms_of(entity):
        k = fold_key(f)
        if k:
            out.setdefault(k, f)
    return out


def _words(key: str) -> list[str]:
    return key.split()


def _compatible(entity: Entity, stored: Stored) -> bool:
    """Different reference keys or Wikidata ids mean different actors, whatever the names say."""
    if entity.ref and stored.ref and entity.ref != stored.ref:
        return False
    if entity.wikidata and stored.wikidata and entity.wikidata != stored.wikidata:
        return False
    return True


def resolve(entities: Sequence[Entity], index: Index, previous: dict[str, str] | None = None) -> list[Match]:
    """One Match per article entity, in order. ``previous``: key -> entity this article's forms had."""
    surnames: dict[str, int] = {}  # surname -> how many of this article's persons carry it
    for e in entities:
        if e.type == "PERSON":
            for last in {_words(k)[-1] for k in keys_of(e)}:
                surnames[last] = surnames.get(last, 0) + 1
    out = []
    for e in entities:
        m = resolve_one(e, index, surnames)
        if previous and m.rule not in ("ref", "wikidata"):  # a reference key still outranks history
            m = _previous(e, previous) or m
        out.append(m)
    return out


def _previous(entity: Entity, previous: dict[str, str]) -> Match | None:
    name_key = fold_key(entity.name)
    keys = {k: f for k, f in keys_of(entity).items()
            if entity.type != "PERSON" or len(_words(k)) >= 2 or k == name_key}
    hits = {previous[k] for k in keys if k in previous}
    if len(hits) != 1:
        return None
    eid = hits.pop()
    form = next(f for k, f in keys.items() if previous.get(k) == eid)
    return Match(entity.id, eid, "previous", form, f"form {form!r} was on this entity when the article was last read")


def resolve_one(entity: Entity, index: Index, article_surnames: dict[str, int] | None = None) -> Match:
    article_surnames = article_surnames or {}
    lid = entity.id

    # 1. reference data
    if entity.ref:
        hits = [s for s in index.by_ref(entity.ref) if s.type == entity.type] or index.by_ref(entity.ref)
        if hits:
            return Match(lid, _first(hits).id, "ref", entity.ref, f"same reference key {entity.ref!r}")
    if entity.wikidata:
        hits = [s for s in index.by_wikidata(entity.wikidata) if _compatible(entity, s)]
        if hits:
            return Match(lid, _first(hits).id, "wikidata", entity.wikidata,
                         f"same Wikidata id {entity.wikidata}")

    # 2. names and aliases of the same type
    keys = keys_of(entity)
    person = entity.type == "PERSON"
    usable = {k: f for k, f in keys.items() if not person or len(_words(k)) >= 2}
    if usable:
        hits = [s for s in index.by_keys(usable, entity.type) if _compatible(entity, s)]
        if hits:
            best = max(hits, key=lambda s: (len(s.keys & usable.keys()), fold_key(entity.name) in s.keys,
                                            -s.seq))
            shared = sorted(best.keys & usable.keys(), key=lambda k: (k != fold_key(entity.name), k))
            form = usable[shared[0]]
            if is_acronym(form):
                rule = "acronym"
            elif fold_key(entity.name) == shared[0]:
                rule = "name"
            else:
                rule = "alias"
            why = f"{entity.type} form {form!r} (key {shared[0]!r}) already belongs to it"
            if len(hits) > 1:
                why += f"; chosen over {len(hits) - 1} other candidate(s) by shared forms, then age"
            return Match(lid, best.id, rule, form, why)

    # 3. surnames, only when unambiguous
    if person and keys:
        name_key = fold_key(entity.name) or next(iter(keys))
        words = _words(name_key)
        last = words[-1]
        if article_surnames.get(last, 0) <= 1:
            cands = [s for s in index.persons_with_last(last) if _compatible(entity, s)]
            if len(cands) == 1:
                c = cands[0]
                if len(words) == 1 and all(len(_words(k)) == 1 or _words(k)[-1] == last for k in keys):
                    # "Soleimani" alone: the one stored Soleimani
                    return Match(lid, c.id, "surname", entity.name,
                                 f"the only stored person with surname {last!r}")
                if all(len(_words(k)) == 1 for k in c.keys):
                    # "Qasem Soleimani" in full, and the store knows only a bare "Soleimani"
                    return Match(lid, c.id, "surname", entity.name,
                                 f"the only stored person with surname {last!r}, known there by surname only")
    return Match(lid, None, "new", None, "no stored entity matched")


def _first(hits: list[Stored]) -> Stored:
    return min(hits, key=lambda s: s.seq)
