"""The network as networkx graphs: a view over the facts of a Picture, never a separate truth.

``multigraph`` is what ``db.to_networkx()`` returns: a MultiDiGraph with one
edge per assertion (key: the assertion id). ``simple`` collapses it into an
undirected weighted Graph for paths, centrality and communities; each edge's
``facts`` lists the assertions behind it and ``weight`` is the independent
articles supporting them (at least 1 per fact).
"""
from __future__ import annotations

import networkx as nx


def _keep(lv, predicates, modalities) -> bool:
    return (not predicates or lv.fact.p in predicates) and (not modalities or lv.fact.modality in modalities)


def multigraph(snap, pic, predicates=None, modalities=None) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(as_of=pic.as_of)
    if pic.as_of is None:
        for e in snap.entities.values():
            g.add_node(e.id, name=e.name, type=e.type, wikidata=e.wikidata, mentions=e.mentions)
    for lv in pic.live.values():
        if not _keep(lv, predicates, modalities):
            continue
        f = lv.fact
        for n in (f.s, f.o):
            if n not in g:
                e = snap.entities[n]
                g.add_node(n, name=e.name, type=e.type, wikidata=e.wikidata, mentions=e.mentions)
        g.add_edge(f.s, f.o, key=f.id, predicate=f.p, modality=f.modality, first=lv.first, last=lv.last,
                   time=f.time, evidence=lv.n_evidence, independent=lv.independent,
                   attributed_to=f.attributed_to, status=f.status, origin=f.origin,
                   ended=lv.ended[1] or "yes" if lv.ended else None,
                   ended_by=lv.ended[0] if lv.ended else None)
    return g


def simple(snap, pic, predicates=None, modalities=None, include_ended: bool = True) -> nx.Graph:
    g = nx.Graph()
    for lv in pic.live.values():
        if not _keep(lv, predicates, modalities) or (lv.ended and not include_ended):
            continue
        f = lv.fact
        w = max(lv.independent, 1)
        if g.has_edge(f.s, f.o):
            d = g[f.s][f.o]
            d["weight"] += w
            d["facts"].append(f.id)
        else:
            g.add_edge(f.s, f.o, weight=w, facts=[f.id])
    return g


def pagerank(g: nx.Graph, weight="weight") -> dict:
    if g.number_of_nodes() == 0:
        return {}
    try:
        return nx.pagerank(g, weight=weight)
    except ImportError:  # networkx uses scipy when it can
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        return _pagerank_python(g, weight=weight)


BETWEENNESS_EXACT = 1500  # nodes; above this, betweenness is estimated from a seeded sample of sources


def betweenness(g: nx.Graph, seed: int = 42) -> tuple[dict, str | None]:
    n = g.number_of_nodes()
    if n <= BETWEENNESS_EXACT:
        return nx.betweenness_centrality(g), None
    k = 500
    return (nx.betweenness_centrality(g, k=k, seed=seed),
            f"betweenness estimated from {k} of {n} nodes as sources (seed {seed})")
