"""`orbat network`: who is central, which clusters there are, who links them, and one actor's surroundings."""
from __future__ import annotations

from collections import deque

from networkx.algorithms.community import louvain_communities

from orbat.workbench import lookup
from orbat.workbench.errors import BadOption
from orbat.workbench.profile import ref
from orbat.workbench.results import Bridge, Community, Edge, Ego, Network, Rank, Rows

MEASURES = ("pagerank", "degree", "betweenness")
EGO_CAP = 200  # nodes
SEED = 42


def measure(wb, name: str, as_of: str | None = None) -> tuple[dict, str | None]:
    """entity id -> score, and a note when the score is an estimate (cached per picture)."""
    if name not in MEASURES:
        raise BadOption(f"unknown measure {name!r}; use one of: {', '.join(MEASURES)}")
    return wb.cached(("measure", name, as_of), lambda: _measure(wb, name, as_of))


def _measure(wb, name, as_of):
    from orbat.workbench import graph

    g = wb.simple_graph(as_of)
    if name == "degree":
        return {n: float(d) for n, d in g.degree()}, None
    if name == "pagerank":
        return graph.pagerank(g), None
    return graph.betweenness(g, SEED)


def communities(wb, as_of=None) -> list[set]:
    def run():
        g = wb.simple_graph(as_of)
        if g.number_of_nodes() == 0:
            return []
        found = louvain_communities(g, weight="weight", seed=SEED)
        return sorted(found, key=lambda c: (-len(c), min(c)))
    return wb.cached(("communities", as_of), run)


def network(wb, rank: str = "pagerank", top: int = 20, with_communities: bool = False, ego: str | None = None,
            hops: int = 1, bridges: bool = False, cap: int = EGO_CAP, as_of: str | None = None) -> Network:
    snap = wb.snapshot()
    g = wb.simple_graph(as_of)
    notes = []
    scores, note = measure(wb, rank, as_of)
    if note:
        notes.append(note)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], snap.entities[kv[0]].name))[:top]
    ranking = Rows(Rank(i, ref(snap, e), round(s, 6)) for i, (e, s) in enumerate(ranked, 1))

    comms = Rows()
    found = communities(wb, as_of) if (with_communities or bridges) else []
    if with_communities:
        deg = dict(g.degree())
        comms = Rows(Community(i, len(c), tuple(ref(snap, e) for e in sorted(c, key=lambda e: (-deg[e], e))))
                     for i, c in enumerate(found, 1))
        notes.append(f"communities: Louvain modularity over independent-article weights (seed {SEED})")

    bridge_rows = Rows()
    if bridges:
        member = {e: i for i, c in enumerate(found, 1) for e in c}
        btw, bnote = measure(wb, "betweenness", as_of)
        if bnote and bnote not in notes:
            notes.append(bnote)
        out = []
        for n in g.nodes:
            reaches = sorted({member[m] for m in g.neighbors(n) if member.get(m) != member.get(n)})
            if reaches:
                out.append(Bridge(ref(snap, n), member.get(n, 0), tuple(reaches), round(btw.get(n, 0.0), 6)))
        out.sort(key=lambda b: (-len(b.reaches), -b.score, b.entity.name))
        bridge_rows = Rows(out[:top])

    ego_result = None
    if ego is not None:
        ego_result = _ego(wb, snap, g, lookup.find(snap, ego), hops, cap, as_of)
        if ego_result.note:
            notes.append(ego_result.note)
    return Network(g.number_of_nodes(), g.number_of_edges(), as_of, rank, ranking, comms, bridge_rows,
                   ego_result, tuple(notes))


def _ego(wb, snap, g, center: str, hops: int, cap: int, as_of) -> Ego:
    if center not in g:
        return Ego(ref(snap, center), hops, (ref(snap, center),), Rows(), 1, None)
    dist = {center: 0}
    queue = deque([center])
    while queue:  # breadth first: nearer actors first, within a ring the best-supported links first
        n = queue.popleft()
        if dist[n] >= hops:
            continue
        nbrs = sorted((m for m in g.neighbors(n) if m not in dist), key=lambda m: (-g[n][m]["weight"], m))
        for m in nbrs:
            dist[m] = dist[n] + 1
            queue.append(m)
    order = sorted(dist, key=lambda n: dist[n])  # stable: BFS order within a ring
    kept = order[:cap]
    note = None
    if len(order) > cap:
        note = (f"ego network of {snap.entities[center].name} cut at {cap} of {len(order)} nodes "
                f"within {hops} hop(s): nearest and best-supported first (raise --cap to see more)")
    keep = set(kept)
    pic = snap.picture(as_of)
    edges = []
    for x in kept:
        for y in g.neighbors(x):
            if y in keep and x < y:
                for fid in g[x][y]["facts"]:
                    lv = pic.live[fid]
                    edges.append(Edge(ref(snap, lv.fact.s), ref(snap, lv.fact.o), lv.fact.p, lv.fact.modality,
                                      lv.independent, fid))
    edges.sort(key=lambda e: (-e.independent, e.source.name, e.predicate, e.target.name))
    return Ego(ref(snap, center), hops, tuple(ref(snap, n) for n in kept), Rows(edges), len(order), note)
