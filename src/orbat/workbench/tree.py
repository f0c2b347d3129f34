"""`orbat tree ROOT`: the order of battle below a unit, following part_of downwards.

A unit's children are the units whose ``part_of`` points to it; each node
shows who leads it (``leads``, with predecessors removed by a ``succeeded``)
and how many independent articles support its place in the tree. A cycle in
part_of is reported and the branch stops where it would loop.
"""
from __future__ import annotations

from collections import defaultdict

from orbat.workbench import lookup
from orbat.workbench.profile import ref
from orbat.workbench.results import Tree, TreeNode
from orbat.workbench.snapshot import MODALITY_RANK


def tree(wb, root: str, depth: int = 6, as_of: str | None = None) -> Tree:
    snap = wb.snapshot()
    pic = snap.picture(as_of)
    rid = lookup.find(snap, root)
    children: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    leaders: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for lv in pic.live.values():
        f = lv.fact
        if f.modality == "negated":
            continue
        if f.p == "part_of":
            children[f.o][f.s].append(lv)
        elif f.p == "leads" and not lv.ended:
            leaders[f.o][f.s].append(lv)
    cycles: list[str] = []
    truncated = [0]

    def commanders(unit):
        people = leaders.get(unit, {})
        ranked = sorted(people, key=lambda p: (-sum(lv.independent for lv in people[p]),
                                                snap.entities[p].name))
        return tuple(ref(snap, p) for p in ranked)

    def node(eid, level, links, path) -> TreeNode:
        arts = {a for lv in links for a in lv.articles}
        indep = sum(1 for a in arts if a in snap.articles and snap.articles[a].independent)
        titles = tuple(dict.fromkeys(snap.articles[a].title or snap.articles[a].path
                                     for a in sorted(arts, key=lambda a: snap.articles[a].seq)
                                     if a in snap.articles))
        modality = max((lv.fact.modality for lv in links), key=lambda m: MODALITY_RANK.get(m, -1)) if links else None
        if eid in path:
            loop = path[path.index(eid):] + [eid]
            cycles.append(" -> ".join(snap.entities[x].name for x in reversed(loop)))
            return TreeNode(ref(snap, eid), level, (), indep, titles, modality, True, ())
        kids = []
        below = children.get(eid, {})
        if level >= depth:
            truncated[0] += len(below)
        else:
            order = sorted(below, key=lambda c: snap.entities[c].name)
            kids = [node(c, level + 1, below[c], path + [eid]) for c in order]
        return TreeNode(ref(snap, eid), level, commanders(eid), indep, titles, modality, False, tuple(kids))

    root_node = node(rid, 0, [], [])
    return Tree(root_node, depth, as_of, tuple(dict.fromkeys(cycles)), truncated[0])
