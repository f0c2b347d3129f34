"""Names to entities, forgivingly: ids, names and aliases up to spelling and transliteration, surnames.

The steps, stopping at the first that finds anything: an entity id; the name
itself (``orbat.names.fold_key``: case, accents, hyphens, al-/el- and the
transliteration groups do not matter); any alias; a person's surname; and
last the name's words appearing in order within a longer name. One entity
found is the answer; several raise ``Ambiguous`` with the candidates, never a
guess; none raises ``NotFound``.
"""
from __future__ import annotations

from orbat.names import fold_key
from orbat.workbench.errors import Ambiguous, NotFound


def find(snap, query: str) -> str:
    query = (query or "").strip()
    if not query:
        raise NotFound("no name given")
    if query in snap.entities:
        return query
    if query in snap._canon:  # a stored id that a merge folded into another
        c = snap._canon[query]
        if c in snap.entities:
            return c
    key = fold_key(query)
    if not key:
        raise NotFound(f"{query!r}: nothing to look up once punctuation is dropped")
    steps = (
        ("name", snap.name_keys.get(key, set())),
        ("alias", snap.alias_keys.get(key, set())),
        ("surname", snap.surnames.get(key, set()) if " " not in key else set()),
    )
    for why, found in steps:
        found = {e for e in found if e in snap.entities}
        if len(found) == 1:
            return next(iter(found))
        if found:
            raise _ambiguous(snap, query, found, why)
    words = key.split()
    found = {eid for k, ids in snap.name_keys.items() if _contains(k.split(), words) for eid in ids}
    if not found:
        found = {eid for k, ids in snap.alias_keys.items() if _contains(k.split(), words) for eid in ids}
    if len(found) == 1:
        return next(iter(found))
    if found:
        raise _ambiguous(snap, query, found, "part of the name")
    raise NotFound(f"no entity called {query!r} in the store; try `orbat entities --text {query.split()[0]}` "
                   f"to list similar names")


def _contains(name: list[str], words: list[str]) -> bool:
    n = len(words)
    return any(name[i:i + n] == words for i in range(len(name) - n + 1))


def _ambiguous(snap, query: str, ids, why: str) -> Ambiguous:
    ents = sorted((snap.entities[e] for e in ids), key=lambda e: (-e.mentions, e.name))
    cands = tuple((e.id, e.name, e.type, e.mentions) for e in ents)
    lines = "\n".join(f"  {e.name} ({e.type}, {e.mentions} mentions) id {e.id}" for e in ents[:25])
    more = f"\n  ... and {len(ents) - 25} more" if len(ents) > 25 else ""
    return Ambiguous(f"{query!r} matches {len(ents)} entities by {why}; give the full name or the id:\n"
                     f"{lines}{more}", cands)
