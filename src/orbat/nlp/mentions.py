"""From the statistical model's entities and the ruler's matches to clean, typed mentions.

The small English model makes the same mistakes on this domain again and
again: militia names tagged PERSON ("Kataib Hezbollah"), ranks tagged as people
("Brig"), fragments ("Supreme"), "the" and "'s" inside names, nationality
adjectives. The rules here correct those, using word lists from
data/entity_hints.yaml, and give reference matches priority over the model.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from spacy.tokens import Doc, Span

from orbat.names import fold_words, is_acronym
from orbat.nlp.ruler import HYPHENS, Found
from orbat.nlp.titles import Titles

_EDGE_PUNCT = set("\"'“”‘’«»()[]{},.;:!?-–—*•|/")


@dataclass(frozen=True)
class Hints:
    armed_words: frozenset[str]
    media_words: frozenset[str]
    place_words: frozenset[str]
    unit_nouns: frozenset[str]
    not_names: frozenset[str]
    not_actors: frozenset[tuple[str, ...]]
    descriptors: frozenset[str]
    labels: dict[str, str | None]


def _demonyms() -> frozenset[str]:
    try:
        source = resources.files("orbat") / "data" / "demonyms.yaml"
        return frozenset(str(k).lower() for k in (yaml.safe_load(source.read_text(encoding="utf-8")) or {}))
    except FileNotFoundError:
        return frozenset()


@lru_cache(maxsize=1)
def hints() -> Hints:
    source = resources.files("orbat") / "data" / "entity_hints.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    return Hints(
        armed_words=frozenset(w.lower() for w in data["armed_words"]),
        media_words=frozenset(w.lower() for w in data["media_words"]),
        place_words=frozenset(w.lower() for w in data["place_words"]),
        unit_nouns=frozenset(w.lower() for w in data["unit_nouns"]),
        not_names=frozenset(w.lower() for w in data["not_names"]),
        not_actors=frozenset(fold_words(n) for n in data["not_actors"]),
        descriptors=frozenset(w.lower() for w in data["descriptors"]) | _demonyms(),
        labels=dict(data["labels"]),
    )


def type_of(words: tuple[str, ...], label: str) -> str | None:
    """The ontology type of a name the model found, from its label and its words."""
    h = hints()
    mapped = h.labels.get(label)
    if mapped is None:
        return None
    lower = set(words)
    if label == "FAC":
        return "LOCATION" if lower & h.place_words else None
    if mapped in ("PERSON", "ORGANIZATION"):
        if lower & h.armed_words:
            return "ARMED_GROUP"
        if mapped == "ORGANIZATION" and lower & h.media_words:
            return "MEDIA"
    return mapped


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop "the", quotes, punctuation and possessives from the edges of a token range."""
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].text in _EDGE_PUNCT
                           or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].text in _EDGE_PUNCT or doc[end - 1].is_space
                           or doc[end - 1].lower_ in ("'s", "\u2019s", "'", "\u2019")):
        end -= 1
    return start, end


def title_spans(doc: Doc, titles: Titles) -> list[tuple[int, int]]:
    return [m.span() for m in titles.pattern.finditer(doc.text)]


def from_model(doc: Doc, titles: Titles) -> list[Found]:
    """The model's entities that are named actors, cleaned and typed."""
    h = hints()
    out: list[Found] = []
    in_titles = title_spans(doc, titles)
    for ent in doc.ents:
        if any(a <= ent.start_char and ent.end_char <= b for a, b in in_titles):
            continue  # "Army" in "Chief of Army Staff" is part of a title
        if h.labels.get(ent.label_) is None and ent.label_ != "FAC":
            continue
        start, end = _trim(doc, ent.start, ent.end)
        if start >= end:
            continue
        # a name never runs across a line break
        for k in range(start, end):
            if "\n" in doc[k].text or "\n" in doc[k].whitespace_:
                end = k + 1 if "\n" in doc[k].whitespace_ else k
                break
        start, end = _trim(doc, start, end)
        if start >= end:
            continue
        span = doc[start:end]
        lead, offset = titles.leading(span.text)
        if offset:
            while start < end and doc[start].idx < span.start_char + offset:
                start += 1
            if start >= end:
                continue
            span = doc[start:end]
        text = span.text
        words = fold_words(text)
        if not words or all(w in h.not_names for w in words) or titles.is_title(text):
            continue
        if words in h.not_actors:
            continue
        first = text.lstrip("'\"“‘")[:1]
        if not (first.isupper() or first.isdigit()) and not text.lower().startswith(("al-", "el-")):
            continue
        if len(text) == 1:
            continue
        etype = type_of(tuple(t.lower_ for t in span), ent.label_)
        if etype is None:
            continue
        out.append(Found(start, end, span.start_char, span.end_char, text, etype, None, "model",
                         list(lead)))
    return out


def _overlaps(a: Found, b: Found) -> bool:
    return a.start < b.end and b.start < a.end


def merge(ruled: list[Found], modelled: list[Found]) -> list[Found]:
    """Reference matches win, unless the model saw a longer unit name around one.

    "Hezbollah Brigades" around a reference "Hezbollah" is a different actor;
    "Iraqi Popular Mobilization Forces" around "Popular Mobilization Forces" is
    not (the extra word is no unit word).
    """
    h = hints()
    keep_ruled = list(ruled)
    extra: list[Found] = []
    for m in modelled:
        inside = [r for r in keep_ruled if _overlaps(r, m)]
        if not inside:
            extra.append(m)
            continue
        contains = all(m.start <= r.start and r.end <= m.end for r in inside)
        if contains and len(inside) == 1 and (m.end - m.start) > (inside[0].end - inside[0].start):
            r = inside[0]
            outside = set(fold_words(m.text)) - set(fold_words(r.text))
            if outside & h.armed_words and r.type == "ARMED_GROUP":
                keep_ruled.remove(r)
                m.type = "ARMED_GROUP"
                extra.append(m)
    merged = keep_ruled + extra
    merged.sort(key=lambda f: f.start)
    return merged


def merge_surnames(found: list[Found], surnames: list[Found]) -> list[Found]:
    """Lone surnames of known people: the model's PERSON stands, its other guesses give way."""
    for s in surnames:
        over = [f for f in found if _overlaps(f, s)]
        if not over:
            found.append(s)
        elif any(f.ref or f.type == "PERSON" for f in over):
            continue
        elif len(over) == 1 and (over[0].start, over[0].end) == (s.start, s.end):
            over[0].type = "PERSON"
        else:
            for f in over:
                found.remove(f)
            found.append(s)
    found.sort(key=lambda f: f.start)
    return found


def add_titles(doc: Doc, found: list[Found], titles: Titles) -> None:
    for f in found:
        if f.type != "PERSON":
            continue
        before, _ = titles.chain_before(doc.text, f.start_char)
        for t in before:
            if t not in f.titles:
                f.titles.append(t)


def drop_headline_only(found: list[Found], title_end: int) -> list[Found]:
    """In a Title-Case headline capitals say nothing: keep only names the body confirms."""
    if title_end <= 0:
        return found
    body_keys = {fold_words(f.text) for f in found if f.start_char >= title_end}
    body_refs = {f.ref for f in found if f.start_char >= title_end and f.ref}
    return [f for f in found
            if f.start_char >= title_end or f.ref or fold_words(f.text) in body_keys
            or (f.ref and f.ref in body_refs)]


def as_spans(doc: Doc, found: list[Found]) -> list[Span]:
    spans = []
    last_end = -1
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if f.start < last_end:
            continue
        spans.append(Span(doc, f.start, f.end, label=f.type, kb_id=f.ref or ""))
        last_end = f.end
    return spans


def acronym_like(text: str) -> bool:
    return is_acronym(text) or (text.isupper() and 2 <= len(text) <= 10)


def is_hyphen(text: str) -> bool:
    return text in HYPHENS
