"""`orbat entities`: the actors in the store, filtered and ranked."""
from __future__ import annotations

from orbat.names import fold_key
from orbat.workbench.errors import BadOption
from orbat.workbench.results import EntityRow, Rows

SORTS = ("mentions", "degree", "pagerank", "betweenness", "name")


def entities(wb, type: str | None = None, text: str | None = None, min_mentions: int = 0,
             sort: str = "mentions", top: int | None = None, as_of: str | None = None) -> Rows:
    from orbat.workbench.network import measure

    if sort not in SORTS:
        raise BadOption(f"unknown sort {sort!r}; use one of: {', '.join(SORTS)}")
    if type and type.upper() not in wb.ontology.entity_types:
        raise BadOption(f"unknown type {type!r}; known: {', '.join(sorted(wb.ontology.entity_types))}")
    snap = wb.snapshot()
    pic = snap.picture(as_of)
    g = wb.simple_graph(as_of)
    scores = None
    if sort in ("pagerank", "betweenness"):
        scores, _ = measure(wb, sort, as_of)
    key = fold_key(text) if text else None
    needle = text.casefold() if text else None
    rows = []
    for e in snap.entities.values():
        if type and e.type != type.upper():
            continue
        if e.mentions < min_mentions:
            continue
        if as_of and e.id not in g:
            continue
        if key is not None:
            forms = (e.name, *e.forms)
            if not any(key in fold_key(f) or needle in f.casefold() for f in forms) and text != e.id:
                continue
        n_rel = sum(1 for a in snap.by_entity.get(e.id, ()) if a in pic.live)
        rows.append(EntityRow(e.id, e.name, e.type, e.wikidata, e.mentions, e.articles, n_rel,
                              g.degree(e.id) if e.id in g else 0,
                              round(scores.get(e.id, 0.0), 6) if scores is not None else None))
    if sort == "name":
        rows.sort(key=lambda r: r.name.casefold())
    elif sort == "mentions":
        rows.sort(key=lambda r: (-r.mentions, -r.articles, r.name))
    elif sort == "degree":
        rows.sort(key=lambda r: (-r.degree, -r.mentions, r.name))
    else:
        rows.sort(key=lambda r: (-(r.score or 0.0), -r.mentions, r.name))
    return Rows(rows[:top] if top else rows)
