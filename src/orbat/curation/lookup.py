"""Finding things: the entity a name or id means (as corrected), a fact by id or prefix, and
what a decision records about each so it can find them again."""
from __future__ import annotations

import re

from orbat.curation.decisions import MAX_EVIDENCE, AmbiguousName, CurationError, _backend, _chunks, _key_db
from orbat.curation.effective import View, _root, view
from orbat.names import fold_key


def _mention_counts(b, v: View, ids: list[str]) -> dict[str, int]:
    """Mentions of each entity as corrected (merged ones counted in, split-off ones out)."""
    stored = {_root(v, i) for i in ids}
    stored |= {e for e in v._into if _root(v, v.entity(e)) in stored or v.entity(e) in ids}
    out: dict[str, int] = {}
    for chunk in _chunks(stored):
        marks = ", ".join("?" * len(chunk))
        for e, text, article, local, n in b.execute(
                f"SELECT entity, text, article, local_id, COUNT(*) FROM mentions WHERE entity IN ({marks}) "
                f"GROUP BY entity, text, article, local_id", tuple(chunk)):
            now = v.mention_entity(e, text, article, local)
            out[now] = out.get(now, 0) + n
    return out


def _stored_entity(b, eid: str) -> dict | None:
    row = b.execute("SELECT id, name, type, ref, wikidata FROM entities WHERE id = ?", (eid,)).fetchone()
    return dict(zip(("id", "name", "type", "ref", "wikidata"), row)) if row else None


def describe_entity(store, v: View, eid: str) -> dict:
    """id, name, type, ref, wikidata of an entity as corrected (a split-made entity included)."""
    b = _backend(store)
    made = v._created.get(eid)
    if made is not None:
        base = _stored_entity(b, _root(v, eid)) or {}
        return {"id": eid, "name": v.name(eid, made.name), "type": v.type(eid, made.type or base.get("type", "")),
                "ref": None, "wikidata": None}
    row = _stored_entity(b, eid)
    if row is None:
        raise CurationError(f"no entity with id {eid!r}")
    row["name"], row["type"] = v.name(eid, row["name"]), v.type(eid, row["type"])
    return row


def find_entity(store, text: str, v: View | None = None) -> str:
    """The entity (as corrected) that ``text`` names: an id, or a name or alias in any spelling.

    Raises CurationError when nothing matches, AmbiguousName (with candidates) when several do."""
    b = _backend(store)
    v = v or view(store)
    text = (text or "").strip()
    if not text:
        raise CurationError("an entity name or id is needed")
    if text in v._created:
        return v.entity(text)
    if b.execute("SELECT 1 FROM entities WHERE id = ?", (text,)).fetchone():
        return v.entity(text)
    if re.fullmatch(r"E[0-9a-f]{5,}(-\d+)?", text):
        rows = b.execute("SELECT id FROM entities WHERE id LIKE ?", (text + "%",)).fetchall()
        if len(rows) == 1:
            return v.entity(rows[0][0])
    key = fold_key(text)
    found: dict[str, None] = {}
    if key:
        rows = b.execute("SELECT entity, form, article FROM aliases WHERE norm = ?", (_key_db(key),)).fetchall()
        if not rows and len(key.split()) == 1:  # a bare surname: every person known by it
            rows = b.execute("SELECT a.entity, a.form, a.article FROM aliases a JOIN entities e ON e.id = a.entity "
                             "WHERE a.last = ? AND e.type = 'PERSON'", (_key_db(key),)).fetchall()
        for ent, form, article in rows:
            found[v.mention_entity(ent, form, article or None)] = None
        for eid, name in v._names.items():
            if fold_key(name) == key:
                found[v.entity(eid)] = None
        for sp in v._created.values():
            if fold_key(sp.name) == key and any(sp in s for s in v._splits.values()):
                found[v.entity(sp.id)] = None
        # a renamed entity's old name still finds it, but the analyst's name wins a tie
    ids = list(found)
    if len(ids) == 1:
        return ids[0]
    if not ids:
        hint = ""
        word = max(key.split(), key=len) if key else ""
        if word:
            near = b.execute("SELECT DISTINCT e.name FROM aliases a JOIN entities e ON e.id = a.entity "
                             "WHERE a.norm LIKE ? ORDER BY e.name LIMIT 5", (f"%{_key_db(word)}%",)).fetchall()
            if near:
                hint = "; did you mean " + ", ".join(repr(r[0]) for r in near) + "?"
        raise CurationError(f"no entity called {text!r} in the store{hint}")
    counts = _mention_counts(b, v, ids)
    cands = []
    for i in ids:
        d = describe_entity(b, v, i)
        cands.append({"id": i, "name": d["name"], "type": d["type"], "mentions": counts.get(i, 0)})
    cands.sort(key=lambda c: (-c["mentions"], c["id"]))
    raise AmbiguousName(text, cands)


def find_fact(store, text: str) -> str:
    """An assertion id, given in full or as an unambiguous prefix (6 characters or more)."""
    b = _backend(store)
    text = (text or "").strip()
    if b.execute("SELECT 1 FROM assertions WHERE id = ?", (text,)).fetchone():
        return text
    if len(text) >= 6 and re.fullmatch(r"[0-9a-z]+", text):
        rows = b.execute("SELECT id FROM assertions WHERE id LIKE ? ORDER BY id LIMIT 6", (text + "%",)).fetchall()
        if len(rows) == 1:
            return rows[0][0]
        if len(rows) > 1:
            raise CurationError(f"{text!r} starts {'more than 5' if len(rows) > 5 else len(rows)} fact ids: "
                                + ", ".join(r[0] for r in rows[:5]) + "; give more of it")
    raise CurationError(f"no fact with id {text!r} in the store (fact ids are the 'a…' ids that "
                        f"`orbat export` and `orbat show` print)")


def describe_fact(store, aid: str) -> dict:
    """What a decision records about an assertion, so it can find it again after re-extraction."""
    from orbat.ontology import default

    b = _backend(store)
    row = b.execute("SELECT id, subject, predicate, object, modality, attributed_to, time FROM assertions "
                    "WHERE id = ?", (aid,)).fetchone()
    if row is None:
        raise CurationError(f"no fact with id {aid!r}")
    _, s, p, o, modality, attr, time = row
    evidence = [{"article": a, "sentence": sent, "start": st, "end": en} for a, sent, st, en in b.execute(
        "SELECT article, sentence, start_char, end_char FROM evidence WHERE assertion = ? ORDER BY id",
        (aid,)).fetchall()[:MAX_EVIDENCE]]
    pred = default().predicates.get(p)
    return {"id": aid, "subject": _stored_entity(b, s), "predicate": p, "object": _stored_entity(b, o),
            "modality": modality, "attributed_to": attr, "time": time,
            "symmetric": bool(pred and pred.symmetric), "evidence": evidence}
