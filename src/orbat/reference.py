"""Reference knowledge: the known actors of the field, read from YAML data files.

Each file under ``orbat/data/actors/`` (and any folder named in the
``ORBAT_REFERENCE`` setting) is a list of actors with a canonical name, a type,
aliases and, where certain, a Wikidata id. This module loads and validates them
and builds the lookup the entity ruler matches against; it knows nothing of
spaCy.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from orbat import ontology
from orbat.names import POSSESSIVE, capitals, fold_words, is_acronym

_WIKIDATA_RE = re.compile(r"^Q[1-9][0-9]*$")


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    context: tuple[str, ...] = ()  # forms that refer to it only once it is named in full
    wikidata: str | None = None
    source: str = ""  # the file it came from, for error messages

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Form:
    """One way of writing an actor's name, as the ruler looks for it."""

    actor: str  # Actor.id
    text: str
    acronym: bool  # matched only in capitals: "US" is not "us"
    capitals: tuple[bool, ...]  # words that must be capitalised: "Basij" is not "basij"
    contextual: bool


class ReferenceError_(ontology.OntologyError):
    """A reference data file is malformed; the message names the file and entry."""


def _entries(path_label: str, text: str) -> list[dict]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ReferenceError_(f"{path_label}: not valid YAML: {exc}") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise ReferenceError_(f"{path_label}: expected a list of actors")
    return data


def parse_actor(entry: object, where: str, onto: ontology.Ontology) -> Actor:
    if not isinstance(entry, dict):
        raise ReferenceError_(f"{where}: expected a mapping with id, name, type")
    missing = [k for k in ("id", "name", "type") if not entry.get(k)]
    if missing:
        raise ReferenceError_(f"{where}: missing {', '.join(missing)}")
    where = f"{where} ({entry['id']})"
    onto.check_type(entry["type"], where)
    lists = {}
    for key in ("aliases", "context"):
        value = entry.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ReferenceError_(f"{where}: {key} must be a list of strings")
        lists[key] = tuple(v.strip() for v in value if v.strip())
    wikidata = entry.get("wikidata")
    if wikidata is not None and not _WIKIDATA_RE.match(str(wikidata)):
        raise ReferenceError_(f"{where}: wikidata {wikidata!r} is not a Q-id")
    return Actor(id=str(entry["id"]), name=str(entry["name"]).strip(), type=entry["type"],
                 aliases=lists["aliases"], context=lists["context"],
                 wikidata=str(wikidata) if wikidata else None, source=where)


def _sources() -> list[tuple[str, str]]:
    """(label, text) of every reference file: the packaged ones, then the user's."""
    found = []
    packaged = resources.files("orbat") / "data" / "actors"
    for item in sorted(packaged.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".yaml"):
            found.append((f"orbat/data/actors/{item.name}", item.read_text(encoding="utf-8")))
    extra = os.environ.get("ORBAT_REFERENCE")
    if extra:
        for path in sorted(Path(extra).glob("*.yaml")):
            found.append((str(path), path.read_text(encoding="utf-8")))
    return found


@dataclass(frozen=True)
class Reference:
    actors: dict[str, Actor]
    # folded word tuple -> the forms written that way (several when a form is shared)
    index: dict[tuple[str, ...], tuple[Form, ...]]
    max_words: int
    first_words: frozenset[str]

    def lookup(self, words: tuple[str, ...]) -> tuple[Form, ...]:
        return self.index.get(words, ())

    surnames: dict[str, tuple[str, ...]] = None  # folded surname -> ids of the people who bear it

    def by_surname(self, surname_key: str) -> list[Actor]:
        return [self.actors[i] for i in (self.surnames or {}).get(surname_key, ())]


def _generic_nouns() -> frozenset[str]:
    """Unit nouns reporting writes in lower case inside names (data/entity_hints.yaml)."""
    hints = yaml.safe_load((resources.files("orbat") / "data" / "entity_hints.yaml").read_text(encoding="utf-8"))
    return frozenset(w.lower() for w in hints["lowercase_unit_nouns"])


_GENERIC_NOUNS = _generic_nouns()


def build(actors: list[Actor]) -> Reference:
    table: dict[str, Actor] = {}
    index: dict[tuple[str, ...], list[Form]] = {}
    for actor in actors:
        if actor.id in table:
            raise ReferenceError_(f"{actor.source}: id {actor.id!r} already used by "
                                  f"{table[actor.id].source}")
        table[actor.id] = actor
        own = {fold_words(f) for f in actor.forms}
        for text, contextual in [(f, False) for f in actor.forms] + [(c, True) for c in actor.context]:
            words = fold_words(text)
            if not words:
                continue
            if POSSESSIVE in words and words[words.index(POSSESSIVE) + 1:] in own:
                # "Lebanon's Hezbollah" is Lebanon and Hezbollah, and says where it is based
                continue
            # reporting writes a unit's generic noun either way ("Ashura battalions"):
            # only the words that name it must keep their capitals
            # ("the Force" alone keeps its capital: lower-cased it is any force)
            caps = capitals(text)
            relaxed = tuple(c and w not in _GENERIC_NOUNS for w, c in zip(words, caps))
            caps = relaxed if any(relaxed) else caps
            form = Form(actor=actor.id, text=text, acronym=is_acronym(text),
                        capitals=caps, contextual=contextual)
            bucket = index.setdefault(words, [])
            if not any(f.actor == form.actor and f.contextual == form.contextual
                       and f.acronym == form.acronym for f in bucket):
                bucket.append(form)
    frozen = {k: tuple(v) for k, v in index.items()}
    surnames: dict[str, list[str]] = {}
    for actor in table.values():
        if actor.type == "PERSON":
            # the canonical name only: a kunya or nom de guerre among the aliases has no surname
            words = fold_words(actor.name)
            if len(words) >= 2 and actor.id not in surnames.get(words[-1], []):
                surnames.setdefault(words[-1], []).append(actor.id)
    return Reference(actors=table, index=frozen,
                     max_words=max((len(k) for k in frozen), default=1),
                     first_words=frozenset(k[0] for k in frozen),
                     surnames={k: tuple(v) for k, v in surnames.items()})


@lru_cache(maxsize=1)
def default() -> Reference:
    onto = ontology.default()
    actors = []
    for label, text in _sources():
        for n, entry in enumerate(_entries(label, text), 1):
            actors.append(parse_actor(entry, f"{label}: entry {n}", onto))
    return build(actors)
