"""Workbench latency and memory on a large store (made by bench/make_store.py).

    .venv/bin/python bench/make_store.py --out /tmp/bench.db          # 10,000 articles, ~2 minutes
    .venv/bin/python bench/workbench.py --db /tmp/bench.db [--json]

Measures, as Python API calls on one ``orbat.open(db)`` object:
- the first call (reading the corrected store into memory and building the graph);
- ``show`` on a sample of entities (the 20 most-connected and random others), ``tree`` on
  the units with the most part_of below them and on random ones, ``path`` between random
  pairs (max 4 hops, k=3): median and p95;
- the memory the object holds: tracemalloc (Python allocations, after the first call
  and the caches are built) and the process RSS delta.
Targets: show and tree < 200 ms median and < 500 ms p95; path < 1 s.
"""
from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn, items) -> list[float]:
    out = []
    for x in items:
        t = time.perf_counter()
        fn(x)
        out.append((time.perf_counter() - t) * 1000)
    return out


def summary(ms: list[float]) -> dict:
    ms = sorted(ms)
    return {"n": len(ms), "median_ms": round(statistics.median(ms), 1),
            "p95_ms": round(ms[min(len(ms) - 1, int(round(0.95 * (len(ms) - 1))))], 1),
            "max_ms": round(ms[-1], 1)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="workbench latency and memory")
    ap.add_argument("--db", required=True)
    ap.add_argument("--samples", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    import orbat
    from orbat.workbench import NotFound

    rng = random.Random(args.seed)
    import networkx  # noqa: F401  (imports are not the object's memory)
    import pandas  # noqa: F401

    gc.collect()
    rss0 = rss_mb()
    t = time.perf_counter()
    db = orbat.open(args.db)
    snap = db.snapshot()
    g = db.simple_graph()
    first_ms = (time.perf_counter() - t) * 1000
    gc.collect()
    rss1 = rss_mb()
    # Python allocations of a second, identical object (tracemalloc slows the build, so not timed)
    tracemalloc.start()
    other = orbat.open(args.db)
    other.snapshot()
    other.simple_graph()
    gc.collect()
    traced, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    other.close()
    del other
    counts = db.store.counts()

    ents = list(snap.entities)
    hubs = sorted(g.nodes, key=lambda n: -g.degree(n))[:20]
    sample = hubs + rng.sample(ents, max(0, args.samples - len(hubs)))
    show_ms = timed(lambda e: db.show(e), sample)

    children: dict[str, int] = {}
    for lv in snap.picture(None).live.values():
        if lv.fact.p == "part_of":
            children[lv.fact.o] = children.get(lv.fact.o, 0) + 1
    roots = sorted(children, key=lambda e: -children[e])[:20]
    roots += rng.sample(sorted(children), min(len(children), max(0, args.samples - len(roots))))
    tree_sizes = []

    def tree(e):
        tr = db.tree(e, depth=6)
        tree_sizes.append(sum(1 for _ in tr.nodes()))
    tree_ms = timed(tree, roots)

    connected = [n for n in g.nodes if g.degree(n) > 0]
    pairs = [(rng.choice(connected), rng.choice(connected)) for _ in range(max(10, args.samples // 2))]
    found = []

    def path(pair):
        r = db.path(*pair, max_hops=4, k=3)
        found.append(len(r.paths))
    path_ms = timed(path, pairs)

    ego_ms = timed(lambda e: db.network(ego=e, hops=2, cap=200), hubs[:10])
    t = time.perf_counter()
    db.network(rank="betweenness", communities=True, bridges=True)
    net_ms = (time.perf_counter() - t) * 1000

    result = {
        "store": {k: counts[k] for k in ("articles", "duplicates", "entities", "assertions", "evidence", "quotes")},
        "graph": {"nodes": g.number_of_nodes(), "linked_pairs": g.number_of_edges(),
                  "facts": len(snap.facts)},
        "first_call_ms": round(first_ms, 0),
        "memory": {"tracemalloc_mb": round(traced / 2**20, 1), "tracemalloc_peak_mb": round(peak / 2**20, 1),
                   "rss_delta_mb": round(rss1 - rss0, 1)},
        "show": summary(show_ms),
        "tree": {**summary(tree_ms), "median_nodes": statistics.median(tree_sizes), "max_nodes": max(tree_sizes)},
        "path": {**summary(path_ms), "pairs_with_a_path": sum(1 for f in found if f)},
        "ego_2_hops_cap_200": summary(ego_ms),
        "network_betweenness_communities_bridges_ms": round(net_ms, 0),
        "targets": {"show": "median < 200 ms, p95 < 500 ms", "tree": "median < 200 ms, p95 < 500 ms",
                    "path": "< 1 s"},
    }
    result["targets_met"] = {
        "show": result["show"]["median_ms"] < 200 and result["show"]["p95_ms"] < 500,
        "tree": result["tree"]["median_ms"] < 200 and result["tree"]["p95_ms"] < 500,
        "path": result["path"]["max_ms"] < 1000,
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k, v in result.items():
            print(f"{k:45s} {v}")
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
