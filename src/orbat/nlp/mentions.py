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
    body_nouns: frozenset[str]
    person_cues: frozenset[str]
    compass: frozenset[str]
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
        body_nouns=frozenset(w.lower() for w in data["body_nouns"]),
        person_cues=frozenset(w.lower() for w in data["person_cues"]),
        compass=frozenset(w.lower() for w in data["compass"]),
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
        if mapped == "ORGANIZATION" and words and words[-1] in h.media_words:
            return "MEDIA"  # "Sepah News" is an outlet, whatever else its name holds
        if lower & h.armed_words:
            return "ARMED_GROUP"
        if mapped == "ORGANIZATION" and lower & h.media_words:
            return "MEDIA"
    return mapped


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop "the", quotes, punctuation, possessives and dangling connectors from the edges."""
    while start < end and (doc[start].lower_ in ("the", "a", "an") or doc[start].text in _EDGE_PUNCT
                           or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].text in _EDGE_PUNCT or doc[end - 1].is_space
                           or doc[end - 1].lower_ in ("'s", "\u2019s", "'", "\u2019", "of", "and", "for",
                                                      "the", "in")):
        end -= 1
    return start, end


def from_model(doc: Doc, titles: Titles, title_hits: list[tuple[int, int, str]]) -> list[Found]:
    """The model's entities that are named actors, cleaned and typed."""
    h = hints()
    out: list[Found] = []
    in_titles = [(a, b) for a, b, _ in title_hits]
    for ent in doc.ents:
        if any(a <= ent.start_char and ent.end_char <= b for a, b in in_titles):
            continue  # "Army" in "Chief of Army Staff" is part of a title
        if h.labels.get(ent.label_) is None and ent.label_ != "FAC":
            continue
        start, end = _trim(doc, ent.start, ent.end)
        if start >= end:
            continue
        # a name never runs across a line break, nor a slash ("Jane Doe/Reuters")
        for k in range(start, end):
            if doc[k].text == "/" or doc[k].text.endswith("/"):
                end = k
                break
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
        if words in h.not_actors or (len(words) == 1 and words[0] in h.descriptors):
            continue  # not an actor, or a nationality adjective the model took for a place
        if len(words) > 1 and all(w in h.descriptors or w in h.armed_words for w in words):
            continue  # "Iranian Forces": a description, no name
        first = text.lstrip("'\"“‘")[:1]
        if not (first.isupper() or first.isdigit()) and not text.lower().startswith(("al-", "el-")):
            continue
        if len(text) == 1:
            continue
        etype = type_of(tuple(t.lower_ for t in span), ent.label_)
        if etype is None:
            continue
        if etype in ("ORGANIZATION", "GPE") and _person_cue(doc, start) and 2 <= end - start <= 4 \
                and all(t.text[:1].isupper() for t in span):
            etype = "PERSON"  # "spokeswoman Jane Doe", "By Jane Doe": the model said ORG
        out.append(Found(start, end, span.start_char, span.end_char, text, etype, None, "model",
                         list(lead)))
    return out


def _person_cue(doc: Doc, start: int) -> bool:
    if start == 0:
        return False
    before = doc[start - 1]
    if before.lower_ in hints().person_cues:
        return True
    # a byline: "By Jane Doe" at the start of a line
    return before.lower_ == "by" and (start == 1 or "\n" in doc[start - 2].text_with_ws)


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
            elif outside & (h.body_nouns | h.unit_nouns | h.media_words) and r.type in ("GPE", "LOCATION"):
                keep_ruled.remove(r)  # "American University of Beirut": a body named after a place
                extra.append(m)
            elif outside and outside <= h.compass and r.type == "LOCATION" \
                    and m.text[:1].isupper() and m.start < r.start:
                keep_ruled.remove(r)  # "West Africa" is a region of its own
                m.type = "LOCATION"
                extra.append(m)
    merged = keep_ruled + extra
    merged.sort(key=lambda f: f.start)
    return merged


_CONNECTORS = {"of", "for", "the", "and", "al", "el", "ad", "e", "bin", "ibn", "abu"}


def _name_run(doc: Doc, i: int) -> tuple[int, int]:
    """The run of capitalised words (connectors inside) around token ``i``."""
    def capital(t):
        return t.is_alpha and t.text[:1].isupper() or t.text[:1].isdigit()

    start = i
    while start > 0 and (capital(doc[start - 1]) or (
            (doc[start - 1].lower_ in _CONNECTORS or doc[start - 1].text in HYPHENS)
            and start > 1 and (capital(doc[start - 2]) or doc[start - 2].lower_ in _CONNECTORS))):
        start -= 1
    end = i + 1
    while end < len(doc) and (capital(doc[end]) or (
            (doc[end].lower_ in _CONNECTORS or doc[end].text in HYPHENS)
            and end + 1 < len(doc) and capital(doc[end + 1]))):
        end += 1
    while start < end and (doc[start].lower_ in ("the", "of", "for", "and") or doc[start].text in HYPHENS):
        start += 1
    return start, end


def named_bodies(doc: Doc, found: list[Found], title_hits: list[tuple[int, int, str]],
                 title_end: int) -> list[Found]:
    """Names that end in a unit or body noun ("Sayyid al-Karrar Brigades", "Zulfiqar Defence
    Network"), found even where the model missed them, and taking precedence over a shorter
    name inside them ("Zulfiqar" alone would be a person's nom de guerre)."""
    h = hints()
    heads = h.unit_nouns | h.body_nouns | h.media_words
    in_titles = [(a, b) for a, b, _ in title_hits]
    out = list(found)
    i = 0
    while i < len(doc):
        tok = doc[i]
        if (tok.lower_ not in heads or not tok.text[:1].isupper() or tok.idx < title_end
                or any(a <= tok.idx < b for a, b in in_titles)):
            i += 1
            continue
        start, end = _name_run(doc, i)
        # the name of a body starts after any person or title inside the run
        if any(f.start <= i < f.end and f.ref for f in out):
            i = end  # the head word belongs to a known name already
            continue
        for f in out:
            # "Hezbollah and the X Brigades", "Col. Y of the Z Corps": a name before a
            # connector is a name of its own
            complete = f.ref or f.type in ("PERSON", "GPE", "LOCATION")  # not a fragment the model cut
            if complete and start <= f.start and f.end <= i and f.end < len(doc) \
                    and doc[f.end].lower_ in _CONNECTORS:
                start = max(start, f.end)
            # likewise after the head: "the 14th Brigade of the Popular Mobilization Forces"
            if complete and i < f.start < end:
                cut = f.start
                while cut > i + 1 and doc[cut - 1].lower_ in _CONNECTORS:
                    cut -= 1
                if cut < f.start:
                    end = min(end, cut)
        for a, b in in_titles:
            if doc[start].idx <= a < tok.idx:
                while start < i and doc[start].idx < b:
                    start += 1
        while start < i and (doc[start].lower_ in _CONNECTORS or doc[start].text in HYPHENS):
            start += 1
        span = doc[start:end]
        words = [t.lower_ for t in span if t.is_alpha]
        named = [w for w in words if w not in heads and w not in _CONNECTORS and w not in h.not_names
                 and (w not in h.descriptors or tok.lower_ in h.body_nouns)]  # "American University"
        if (end - start < 2 or not named or doc[start].is_sent_start and len(named) < 1
                or any(a <= span.start_char and span.end_char <= b for a, b in in_titles)):
            i = end
            continue
        inside = [f for f in out if f.start < end and start < f.end]
        if any(f.start < start or f.end > end for f in inside) or any(
                (f.start, f.end) == (start, end) for f in inside):
            i = end  # a longer name, or this very one, is known already
            continue
        for f in inside:
            out.remove(f)
        if fold_words(span.text) in h.not_actors:
            i = end
            continue
        etype = type_of(tuple(words), "ORG") or "ORGANIZATION"
        out.append(Found(start, end, span.start_char, span.end_char, span.text, etype, None,
                         "rule:named-body", []))
        i = end
    out.sort(key=lambda f: f.start)
    return out


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


def add_titles(text: str, found: list[Found], title_hits: list[tuple[int, int, str]]) -> None:
    by_end = {b: (a, t) for a, b, t in title_hits}
    for f in found:
        if f.type != "PERSON":
            continue
        before = Titles.chain_in(text, by_end, f.start_char)
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
