"""In-article coreference: gather the mentions of one actor into one entity.

Mentions join when the text gives a reason: the same reference actor; the
same name up to spelling; an acronym or gloss the article defined; a surname
or shorter name of a person named in full (the nearest such person before it,
as reporting uses surnames for the person it just introduced). Then every
other use of a form the article has tied to an entity (an acronym the model
missed, a surname) is found and joined too.
"""
from __future__ import annotations

from spacy.tokens import Doc

from orbat.model import Entity, Mention
from orbat.names import POSSESSIVE, fold_words, norm
from orbat.nlp import titles
from orbat.nlp.mentions import hints
from orbat.nlp.ruler import Found
from orbat.reference import Reference


class _Groups:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _key(f: Found) -> tuple[str, ...]:
    return tuple(w for w in fold_words(f.text) if w != POSSESSIVE)


def _fullest(members: list[Found]) -> Found:
    return max(members, key=lambda f: (f.name is not None, len(_key(f)), len(f.text), -f.start))


def _descriptor_links(found: list[Found], groups: _Groups, by_key: dict) -> None:
    """"the Shiite National Alliance" is "the National Alliance": drop leading descriptors."""
    descriptors = hints().descriptors
    for i, f in enumerate(found):
        if f.ref or f.type == "PERSON":
            continue
        key = _key(f)
        k = 0
        while k < len(key) - 1 and key[k] in descriptors:
            k += 1
        if k and key[k:] in by_key and found[by_key[key[k:]]].type != "PERSON":
            groups.union(i, by_key[key[k:]])


def honorific(title: str) -> bool:
    return titles.default().kinds.get(title) in ("honorific", "religious")


def _person_links(found: list[Found], groups: _Groups) -> None:
    """Join a surname or partial name to a person named more fully.

    The first bare use of a surname goes to the nearest such person before it
    (after it, for a headline); later uses keep to that person, since reporting
    names a second bearer of the surname in full.
    """
    people = [i for i, f in enumerate(found) if f.type == "PERSON" and len(_key(f)) >= 2]
    established: dict[tuple[str, ...], int] = {}
    for i, f in enumerate(found):
        key = _key(f)
        if not key or len(key) > 3:
            continue
        candidates_type = f.type == "PERSON" or (f.rule == "model" and len(key) == 1 and f.ref is None)
        if not candidates_type:
            continue
        best, best_distance = None, None
        # "Hajj Qassem", "Sayyed Hassan": an honorific before a given name names the person
        # the article called by that given name in full
        by_given = len(key) == 1 and any(honorific(t) for t in f.titles)
        for j in people:
            if j == i or groups.find(j) == groups.find(i):
                continue
            full = _key(found[j])
            if by_given and full[0] == key[0]:
                pass
            elif len(full) <= len(key) or full[-1] != key[-1] or not set(key) <= set(full):
                continue
            if f.ref and found[j].ref and f.ref != found[j].ref:
                continue
            if established.get(key) is not None and groups.find(established[key]) == groups.find(j):
                best, best_distance = j, -1
                break
            # prefer the nearest full mention before; one after only when none precedes
            distance = f.start - found[j].start if found[j].start < f.start else 10**9 + found[j].start
            if best_distance is None or distance < best_distance:
                best, best_distance = j, distance
        if best is not None:
            groups.union(i, best)
            established.setdefault(key, best)
            f.type = "PERSON"


def _link_surnames_to_reference(found: list[Found], groups: _Groups, reference: Reference) -> None:
    """A lone surname the model calls a person, of exactly one known person: that person."""
    grouped: dict[int, list[int]] = {}
    for i in range(len(found)):
        grouped.setdefault(groups.find(i), []).append(i)
    for members in grouped.values():
        if any(found[i].ref for i in members):
            continue
        if not all(found[i].type == "PERSON" and len(_key(found[i])) == 1 for i in members):
            continue
        actors = reference.by_surname(_key(found[members[0]])[0])
        if len(actors) == 1:
            for i in members:
                found[i].ref = actors[0].id
                found[i].rule = "coref:reference-surname"


def _propagate(doc: Doc, found: list[Found], groups: _Groups) -> list[Found]:
    """Find the unmarked uses of forms the article tied to an entity (acronyms, surnames)."""
    covered = {t for f in found for t in range(f.start, f.end)}
    forms: dict[tuple[str, ...], set[int]] = {}
    for i, f in enumerate(found):
        root = groups.find(i)
        texts = {tuple(t.text for t in doc[f.start:f.end])}
        if f.type == "PERSON" and f.end - f.start >= 2 and doc[f.end - 1].is_alpha:
            texts.add((doc[f.end - 1].text,))
        for t in texts:
            forms.setdefault(t, set()).add(root)
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for t, roots in forms.items():
        if len(roots) == 1 and t[0][:1].isupper():
            by_first.setdefault(t[0], []).append(t)
    added = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        if i in covered or tok.text not in by_first:
            i += 1
            continue
        hit = None
        for t in sorted(by_first[tok.text], key=len, reverse=True):
            end = i + len(t)
            if end <= len(doc) and all(k not in covered for k in range(i, end)) \
                    and tuple(x.text for x in doc[i:end]) == t:
                # a form must stand as a whole name, not inside a longer capitalised one
                if end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha:
                    continue
                hit = t
                break
        if hit is None:
            i += 1
            continue
        (root,) = forms[hit]
        model = found[root]
        span = doc[i:i + len(hit)]
        added.append((root, Found(i, i + len(hit), span.start_char, span.end_char, span.text,
                                  model.type, model.ref, "coref:repeat", [])))
        i += len(hit)
    for root, f in added:
        groups.parent.append(len(groups.parent))
        found.append(f)
        groups.union(len(found) - 1, root)
    return found


def group(doc: Doc, found: list[Found], reference: Reference) -> tuple[list[Entity], list[tuple[int, int, str, str]]]:
    """Entities of the article and every mention as (start_char, end_char, entity id, type)."""
    found = sorted(found, key=lambda f: f.start)
    # a place name that is the surname of a person the article names in full is that person
    # ("Soleimani" after "Qasem Soleimani" is no spelling of Sulaymaniyah)
    surnames = {_key(f)[-1] for f in found if f.type == "PERSON" and len(_key(f)) >= 2}
    for f in found:
        if f.type in ("GPE", "LOCATION") and len(_key(f)) == 1 and _key(f)[0] in surnames:
            f.type, f.ref, f.rule = "PERSON", None, "coref:surname-not-place"
    groups = _Groups(len(found))
    index_of = {id(f): i for i, f in enumerate(found)}
    by_ref: dict[str, int] = {}
    by_key: dict[tuple[str, ...], int] = {}
    for f in found:
        if f.name and not f.ref:  # a name built from a gloss may be a known actor's
            forms = [x for x in reference.lookup(fold_words(f.name)) if not x.contextual]
            if forms:
                f.ref = forms[0].actor
                f.type = reference.actors[f.ref].type
    for i, f in enumerate(found):
        if f.link is not None and f.link in index_of:
            groups.union(i, index_of[f.link])
        if f.ref:
            groups.union(i, by_ref.setdefault(f.ref, i))
    def bare_surname(f: Found) -> bool:
        return f.type == "PERSON" and len(_key(f)) == 1

    for i, f in enumerate(found):
        if not f.ref and not bare_surname(f):
            for key in {_key(f), *(fold_words(a) for a in f.extra_aliases)}:
                if key:
                    groups.union(i, by_key.setdefault(key, i))
    _descriptor_links(found, groups, by_key)
    _person_links(found, groups)
    # surnames no fuller name claimed are one person among themselves
    full_roots = {groups.find(i) for i, f in enumerate(found) if f.type == "PERSON" and len(_key(f)) >= 2}
    for i, f in enumerate(found):
        if not f.ref and bare_surname(f) and groups.find(i) not in full_roots:
            groups.union(i, by_key.setdefault(_key(f), i))
    _link_surnames_to_reference(found, groups, reference)
    # two groups that now carry the same reference actor are one
    for i, f in enumerate(found):
        if f.ref:
            groups.union(i, by_ref.setdefault(f.ref, i))
    found = _propagate(doc, found, groups)

    members: dict[int, list[Found]] = {}
    for i, f in enumerate(found):
        members.setdefault(groups.find(i), []).append(f)
    ordered = sorted(members.values(), key=lambda ms: min(m.start for m in ms))
    entities: list[Entity] = []
    spans: list[tuple[int, int, str, str]] = []
    for n, ms in enumerate(ordered, 1):
        eid = f"e{n}"
        ms.sort(key=lambda f: f.start)
        refs = [m.ref for m in ms if m.ref]
        actor = reference.actors.get(max(set(refs), key=refs.count)) if refs else None
        fullest = _fullest(ms)
        if actor:
            name, etype = actor.name, actor.type
        else:
            name = fullest.name or fullest.text
            types = [m.type for m in ms]
            etype = "ARMED_GROUP" if "ARMED_GROUP" in types else fullest.type
        seen = {norm(name)}
        aliases = []
        for form in [m.text for m in ms] + [a for m in ms for a in m.extra_aliases]:
            if norm(form) and norm(form) not in seen:
                seen.add(norm(form))
                aliases.append(form)
        titles = []
        for m in ms:
            for t in m.titles:
                if t not in titles:
                    titles.append(t)
        mentions = tuple(Mention(m.start_char, m.end_char, m.text, m.rule) for m in ms)
        entities.append(Entity(eid, name, etype, tuple(aliases), tuple(titles),
                               actor.id if actor else None, actor.wikidata if actor else None,
                               mentions))
        spans.extend((m.start_char, m.end_char, eid, etype) for m in ms)
    spans.sort()
    return entities, spans
