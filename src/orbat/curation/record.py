"""Recording decisions: merge, split, rename, retype, reject, confirm, note, undo; and listing them."""
from __future__ import annotations

from orbat.curation.decisions import (_ARTICLE_ID, _FACT_ID, CurationError, Decision, _backend, _chunks, _split_id,
                                      default_who, load_decisions, summary)
from orbat.curation.lookup import _stored_entity, describe_entity, describe_fact, find_entity, find_fact
from orbat.curation.effective import View, _root, view
from orbat.names import fold_key


def _record(store, kind: str, target: str, payload: dict, who: str | None) -> Decision:
    who = who or default_who()
    did = store.add_decision(kind, target, payload, who=who)
    d = next((x for x in load_decisions(store) if x.id == did), None)
    return d or Decision(did, kind, target, payload, who, "")


def _entity_snapshot(store, v: View, eid: str) -> dict:
    d = describe_entity(store, v, eid)
    stored = _stored_entity(_backend(store), eid)
    if stored:  # the machine's name and keys: what re-anchoring looks for
        d.update(ref=stored["ref"], wikidata=stored["wikidata"], stored_name=stored["name"])
    return d


def merge(store, a: str, b: str, who: str | None = None) -> Decision:
    """Merge entity ``a`` into entity ``b`` (names or ids): ``a`` becomes ``b``."""
    v = view(store)
    ea, eb = find_entity(store, a, v), find_entity(store, b, v)
    if ea == eb:
        raise CurationError(f"{a!r} and {b!r} are already one entity ({ea})")
    sa, sb = _entity_snapshot(store, v, ea), _entity_snapshot(store, v, eb)
    return _record(store, "merge", ea, {"into": eb, "entity": sa, "into_entity": sb}, who)


def split(store, entity: str, forms: list[str] | None = None, name: str | None = None, who: str | None = None,
          articles: list[str] | None = None) -> Decision:
    """Move to a new entity the mentions of ``entity`` written as one of ``forms`` (any spelling),
    and every mention of it in ``articles`` (ids, id prefixes or stored paths)."""
    b = _backend(store)
    v = view(store)
    eid = find_entity(store, entity, v)
    forms = [f.strip() for f in forms or () if f and f.strip()]
    if not forms and not articles:
        raise CurationError("say what to move: --forms (surface forms) and/or --articles")
    rows = _aliases_of(b, v, eid)  # (key, form, article)
    have: dict[str, set[str]] = {}
    for k, f, _ in rows:
        have.setdefault(k, set()).add(f)
    keys, unknown = [], []
    for f in forms:
        k = fold_key(f)
        (keys if k in have else unknown).append(k if k in have else f)
    name_now = describe_entity(b, v, eid)["name"]
    if unknown:
        raise CurationError(f"{', '.join(repr(u) for u in unknown)} is not a form of {eid} ({name_now}); "
                            f"its forms: " + ", ".join(sorted({f for fs in have.values() for f in fs})))
    arts = [_find_article(b, a, {r[2] for r in rows if r[2]}, eid, name_now) for a in articles or ()]
    keys = sorted(set(keys))
    if all(k in keys or a in arts for k, _, a in rows):
        raise CurationError(f"that moves every mention of {eid} ({name_now}); nothing would stay "
                            f"(use `orbat rename` instead)")
    snap = _entity_snapshot(store, v, eid)
    new_id = _split_id(eid, keys + [f"@{a}" for a in sorted(set(arts))])
    if new_id in v._created and v._created[new_id].target == eid:
        raise CurationError(f"that is already split off {eid} as {new_id} (decision {v._created[new_id].decision})")
    new_name = (name or "").strip() or (max(forms, key=len) if forms else f"{name_now} (split)")
    payload = {"id": new_id, "forms": forms, "keys": keys, "name": new_name, "type": snap["type"], "entity": snap}
    if arts:
        payload["articles"] = sorted(set(arts))
    return _record(store, "split", eid, payload, who)


def _find_article(b, text: str, where: set[str], eid: str, name: str) -> str:
    t = text.strip()
    rows = b.execute("SELECT id FROM articles WHERE id = ? OR path = ?", (t, t)).fetchall()
    if not rows and _ARTICLE_ID.match(t):
        rows = b.execute("SELECT id FROM articles WHERE id LIKE ? LIMIT 2", (t + "%",)).fetchall()
    if not rows and t:  # the end of a stored path: a file name, or folder/file
        rows = [(i,) for i, p in b.execute("SELECT id, path FROM articles WHERE path LIKE ?", ("%" + t,))
                if p.replace("\\", "/").endswith("/" + t.lstrip("/"))]
    if len(rows) != 1:
        raise CurationError(f"no article {t!r} in the store" if not rows else f"{t!r} names several articles")
    if rows[0][0] not in where:
        raise CurationError(f"article {t!r} does not mention {eid} ({name})")
    return rows[0][0]


def _aliases_of(b, v: View, eid: str) -> list[tuple[str, str, str]]:
    """(fold key, form, article) of the aliases that now belong to ``eid``."""
    stored = {eid, *[e for e in v._into if v.entity(e) == eid]}
    stored |= {_root(v, e) for e in list(stored)}
    out = []
    for chunk in _chunks(stored):
        marks = ", ".join("?" * len(chunk))
        for ent, form, article in b.execute(f"SELECT entity, form, article FROM aliases WHERE entity IN ({marks})",
                                            tuple(chunk)):
            if v.mention_entity(ent, form, article or None) == eid:
                out.append((fold_key(form), form, article))
    return out


def rename(store, entity: str, new_name: str, who: str | None = None) -> Decision:
    v = view(store)
    eid = find_entity(store, entity, v)
    new_name = (new_name or "").strip()
    if not new_name:
        raise CurationError("the new name is empty")
    snap = _entity_snapshot(store, v, eid)
    if snap["name"] == new_name:
        raise CurationError(f"{eid} is already called {new_name!r}")
    return _record(store, "rename", eid, {"name": new_name, "old": snap["name"], "entity": snap}, who)


def retype(store, entity: str, new_type: str, who: str | None = None) -> Decision:
    from orbat.ontology import default

    types = default().entity_types
    t = (new_type or "").strip().upper()
    if t not in types:
        raise CurationError(f"unknown entity type {new_type!r}; the ontology has: {', '.join(sorted(types))}")
    v = view(store)
    eid = find_entity(store, entity, v)
    snap = _entity_snapshot(store, v, eid)
    if snap["type"] == t:
        raise CurationError(f"{eid} ({snap['name']}) is already a {t}")
    return _record(store, "retype", eid, {"type": t, "old": snap["type"], "entity": snap}, who)


def reject(store, fact: str, reason: str | None = None, who: str | None = None) -> Decision:
    aid = find_fact(store, fact)
    payload = {"fact": describe_fact(store, aid)}
    if reason:
        payload["reason"] = reason
    return _record(store, "reject", aid, payload, who)


def confirm(store, fact: str, who: str | None = None) -> Decision:
    aid = find_fact(store, fact)
    return _record(store, "confirm", aid, {"fact": describe_fact(store, aid)}, who)


def note(store, target: str, text: str, who: str | None = None) -> Decision:
    """A note on a fact (assertion id), an article (its id) or an entity (id or name)."""
    b = _backend(store)
    text = (text or "").strip()
    if not text:
        raise CurationError("the note is empty")
    t = (target or "").strip()
    if _FACT_ID.match(t):
        try:
            aid = find_fact(store, t)
        except CurationError:
            aid = None
        if aid:
            return _record(store, "note", aid, {"text": text, "on": "assertion", "fact": describe_fact(store, aid)},
                           who)
    if _ARTICLE_ID.match(t):
        rows = b.execute("SELECT id, title, path FROM articles WHERE id LIKE ? LIMIT 2", (t + "%",)).fetchall()
        if len(rows) == 1:
            aid, title, path = rows[0]
            return _record(store, "note", aid, {"text": text, "on": "article",
                                                "article": {"id": aid, "title": title, "path": path}}, who)
    v = view(store)
    eid = find_entity(store, t, v)
    return _record(store, "note", eid, {"text": text, "on": "entity", "entity": _entity_snapshot(store, v, eid)},
                   who)


def undo(store, decision_id: int | None = None, who: str | None = None) -> Decision:
    """Reverse a decision (default: the newest one still in force that is not itself an undo)."""
    decisions = load_decisions(store)
    if decision_id is None:
        live = [d for d in decisions if d.state == "active" and d.kind != "undo"]
        if not live:
            raise CurationError("nothing to undo: no decision is in force")
        d = live[-1]
    else:
        d = next((x for x in decisions if x.id == decision_id), None)
        if d is None:
            raise CurationError(f"no decision {decision_id}; `orbat decisions` lists them")
        if d.state == "undone":
            raise CurationError(f"decision {d.id} ({d.kind}) is already undone by decision {d.undone_by}")
    return _record(store, "undo", str(d.id), {"undoes": {"id": d.id, "kind": d.kind, "target": d.target,
                                                          "summary": summary(d)}}, who)


def listing(store, include_undone: bool = True) -> list[Decision]:
    """Every decision with its state now: active, undone, re-anchored (target has a new id) or dangling."""
    v = view(store)
    return [d for d in v.decisions if include_undone or d.state != "undone"]
