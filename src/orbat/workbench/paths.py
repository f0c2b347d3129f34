"""`orbat path A B`: the shortest chains of relations between two actors, each hop with its evidence.

Paths are searched over the undirected network (a unit and its commander are
linked whichever way the fact reads), then each hop is shown with its real
direction and the best-supported fact behind it.
"""
from __future__ import annotations

from itertools import islice

import networkx as nx

from orbat.workbench import lookup
from orbat.workbench.errors import BadOption
from orbat.workbench.profile import ref, sentences, source
from orbat.workbench.results import Hop, Path, PathResult, Rows
from orbat.workbench.snapshot import MODALITY_RANK


def path(wb, a: str, b: str, predicates=None, modalities=None, max_hops: int = 4, k: int = 3,
         as_of: str | None = None) -> PathResult:
    snap = wb.snapshot()
    _check(wb, predicates, modalities)
    src, dst = lookup.find(snap, a), lookup.find(snap, b)
    pic = snap.picture(as_of)
    g = wb.simple_graph(as_of, predicates, modalities)
    note = None
    found = []
    if src == dst:
        note = "both names are the same entity"
    elif src not in g or dst not in g:
        note = "no path: " + ("neither has" if src not in g and dst not in g else
                              f"{snap.entities[src if src not in g else dst].name} has") + \
               " any relation of the kinds asked for"
    else:
        try:
            for nodes in islice(nx.shortest_simple_paths(g, src, dst), max(k, 1)):
                if len(nodes) - 1 > max_hops:
                    break
                found.append(nodes)
        except nx.NetworkXNoPath:
            pass
        if not found:
            note = f"no path of at most {max_hops} hops"
    best = {}
    for nodes in found:
        for x, y in zip(nodes, nodes[1:]):
            facts = [pic.live[f] for f in g[x][y]["facts"]]
            best[(x, y)] = max(facts, key=lambda lv: (lv.independent, MODALITY_RANK.get(lv.fact.modality, -1),
                                                      lv.n_evidence))
    texts = sentences(wb.store.backend, [lv.fact.id for lv in best.values()])
    paths = []
    for nodes in found:
        hops = []
        for x, y in zip(nodes, nodes[1:]):
            lv = best[(x, y)]
            ev = next(((art, s) for art, s in texts.get(lv.fact.id, ()) if art in lv.articles), (None, None))
            srcinfo = source(snap, ev[0], ev[1]) if ev[0] else None
            hops.append(Hop(ref(snap, x), ref(snap, y), lv.fact.p, lv.fact.s == x, lv.fact.modality,
                            lv.independent, lv.first, lv.fact.id, srcinfo.sentence if srcinfo else None, srcinfo.title if srcinfo else None,
                            ev[0]))
        paths.append(Path(tuple(hops)))
    return PathResult(ref(snap, src), ref(snap, dst), Rows(paths), as_of, note)


def _check(wb, predicates, modalities) -> None:
    for p in predicates or ():
        if p not in wb.ontology.predicates:
            raise BadOption(f"unknown predicate {p!r}; known: {', '.join(wb.ontology.predicates)}")
    for m in modalities or ():
        if m not in wb.ontology.modalities:
            raise BadOption(f"unknown modality {m!r}; known: {', '.join(wb.ontology.modalities)}")
