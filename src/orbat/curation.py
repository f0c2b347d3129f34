"""Analyst curation: decisions recorded on top of the machine's facts, and the store as they correct it.

    from orbat import curation
    d = curation.merge(store, "Soleimani (Basij)", "Gholamreza Soleimani", who="sara")
    v = curation.view(store)            # read the decisions once; then answer without SQL
    v.entity(stored_id); v.status(assertion_id); v.ends(assertion_id, s, o) ...
    curation.undo(store)                # the last decision not yet undone

Every correction is one row of the store's ``decisions`` table (kind, target,
payload, who, at), written by ``Store.add_decision``; nothing here changes a
machine fact, so re-extraction (``orbat reprocess``, later ingests) cannot
erase a correction. The kinds:

========  =================  ====================================================
kind      target             payload
========  =================  ====================================================
merge     entity A           ``into``: entity B (A now is B)
split     entity E           ``id`` (the new entity), ``forms``, ``keys``, ``name``, ``type``
rename    entity             ``name``
retype    entity             ``type`` (an ontology entity type)
reject    assertion id       ``reason``
confirm   assertion id
note      entity, assertion  ``text``, ``on`` (entity | assertion | article)
          or article id
undo      decision id        (the decision it reverses; undoing an undo redoes)
========  =================  ====================================================

Each payload also keeps what a person would use to find the target again
(``entity``: id, name, type, reference key, Wikidata id; ``fact``: subject,
predicate, object with their names, modality, and the evidence sentences with
their articles). That is how decisions survive re-processing:

- Entity ids are kept by the store through ``reprocess`` (its ``previous``
  resolution rule) and are derived from the article that first named the actor,
  so a decision keyed by entity id normally applies as it is. When the id no
  longer has any form in the store (re-extraction gave the actor another id),
  the decision is *re-anchored*: the one live entity with the recorded
  reference key, else Wikidata id, else name (fold_key) and type.
- Assertion ids hash (subject, predicate, object, modality, attribution, time),
  so the same fact read again from the same sentence gets the same id and the
  decision applies as it is. When the id is gone (say the new pipeline reads
  the modality differently), the decision is re-anchored to every assertion
  with the same predicate and ends (same entity, or same reference key, or same
  name) that has evidence in one of the recorded (article, sentence) pairs.
- A decision whose target cannot be found is kept, reported as ``dangling`` by
  ``orbat decisions``, and applies again if its target comes back.

Splits: ``split E --forms F1,F2`` moves to a new entity (id ``E~<hash of the
forms>``) every mention and alias of E whose surface form, in matching form
(``orbat.names.fold_key``), is listed; and, inside one article, a shorter form
("Soleimani") that only a listed form of the same article-local entity
contains ("Gholamreza Soleimani") follows it. An assertion end on E moves to
the new entity when, in every piece of its evidence, the mentions of E inside
the evidence span (else inside its sentence) are all moved ones; otherwise it
stays with E.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from typing import Iterable

from orbat.names import fold_key, norm

KINDS = ("merge", "split", "rename", "retype", "reject", "confirm", "note", "undo")
ENTITY_KINDS = ("merge", "split", "rename", "retype")
FACT_KINDS = ("reject", "confirm")
_CHUNK = 500
_FACT_ID = re.compile(r"^a[0-9a-f]{5,16}$")
_ARTICLE_ID = re.compile(r"^[0-9a-f]{8,64}$")
MAX_EVIDENCE = 20  # evidence sentences kept in a fact decision's payload


class CurationError(ValueError):
    """Bad input from the analyst: unknown or ambiguous name, invalid type, nothing to undo ..."""


class AmbiguousName(CurationError):
    def __init__(self, text: str, candidates: list[dict]):
        self.text, self.candidates = text, candidates
        lines = [f"{text!r} names {len(candidates)} entities; give one of these ids instead:"]
        lines += [f"  {c['id']}  {c['name']} ({c['type']}, {c['mentions']} mentions)" for c in candidates]
        super().__init__("\n".join(lines))


@dataclass
class Decision:
    id: int
    kind: str
    target: str
    payload: dict
    who: str | None
    at: str
    state: str = "active"  # active | undone | dangling | re-anchored
    anchored: list[str] = field(default_factory=list)  # what the target is now, when re-anchored
    undone_by: int | None = None

    def as_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "target": self.target, "who": self.who, "at": self.at,
                "state": self.state, "now": self.anchored, "undone_by": self.undone_by,
                "summary": summary(self), "payload": self.payload}


def default_who() -> str:
    return os.environ.get("ORBAT_WHO") or os.environ.get("USER") or "analyst"


def _backend(store):
    return getattr(store, "backend", store)


def _chunks(items: Iterable, n: int = _CHUNK):
    items = list(items)
    for i in range(0, len(items), n):
        yield items[i:i + n]


def _key_db(key: str) -> str:
    return key.replace("\x00", "'")  # as the store keeps fold keys (orbat.store.writer.to_db)


def _split_id(entity: str, keys: Iterable[str]) -> str:
    return f"{entity}~" + hashlib.sha1("|".join(sorted(keys)).encode("utf-8")).hexdigest()[:6]


def load_decisions(store) -> list[Decision]:
    """Every decision in id order, with ``state`` "active" or "undone" (undo of undo = redo)."""
    b = _backend(store)
    out = [Decision(int(i), k, t, json.loads(p or "{}"), w, a)
           for i, k, t, p, w, a in b.execute("SELECT id, kind, target, payload, who, at FROM decisions ORDER BY id")]
    undoers: dict[int, list[Decision]] = {}
    for d in out:
        if d.kind == "undo" and d.target.isdigit():
            undoers.setdefault(int(d.target), []).append(d)
    for d in reversed(out):  # an undo always comes after what it undoes: decide from the newest down
        live = [u for u in undoers.get(d.id, ()) if u.state == "active"]
        if live:
            d.state, d.undone_by = "undone", live[-1].id
    return out


# ------------------------------------------------------------------------------------------------ the view
@dataclass
class _Split:
    id: str
    keys: frozenset
    order: tuple  # the keys, in the order of ``words``
    words: tuple  # the word sets of the keys, for the in-article rule
    articles: frozenset  # articles whose every mention of the entity moves
    name: str
    type: str
    target: str
    decision: int


class View:
    """The store as the analyst corrected it. Build with ``view(store)``; every method is a dict look-up."""

    def __init__(self, store):
        b = self._b = _backend(store)
        self.decisions = load_decisions(b)
        self._into: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._types: dict[str, str] = {}
        self._status: dict[str, str] = {}
        self._notes: dict[str, list[dict]] = {}
        self._splits: dict[str, list[_Split]] = {}
        self._created: dict[str, _Split] = {}
        self._end_moves: dict[tuple[str, str], str] = {}
        self._local_groups: dict[tuple[str, str], set[str]] = {}  # (article, local id) -> keys
        self._local_ids: dict[tuple[str, str, str], set[str]] = {}  # (article, stored, key) -> local ids
        self._cache: dict[str, str] = {}
        self._kept_keys: dict[str, set[str]] = {}  # a split entity -> the keys of the mentions it kept
        self._kept_name: dict[str, str] = {}  # ... and its fullest kept form, its name if its own has gone
        active = [d for d in self.decisions if d.state == "active" and d.kind != "undo"]
        if not active:
            return
        for d in active:  # split ids exist before anything anchors on them
            if d.kind == "split" and d.payload.get("id"):
                p = d.payload
                order = tuple(sorted(set(p.get("keys") or [fold_key(f) for f in p.get("forms", [])])))
                self._created[p["id"]] = _Split(p["id"], frozenset(order), order,
                                                tuple(frozenset(k.split()) for k in order),
                                                frozenset(p.get("articles") or ()),
                                                p.get("name") or p["id"], p.get("type") or "", d.target, d.id)
        ent_anchor = self._anchor_entities(active)
        fact_anchor = self._anchor_facts(active)
        for d in active:
            if d.kind in ENTITY_KINDS or (d.kind == "note" and d.payload.get("on") == "entity"):
                now = ent_anchor.get(d.target)
                other = ent_anchor.get(d.payload.get("into")) if d.kind == "merge" else "-"
                if not now or not other:
                    d.state = "dangling"
                    continue
                if now != d.target or (d.kind == "merge" and other != d.payload.get("into")):
                    d.state, d.anchored = "re-anchored", [now] + ([other] if d.kind == "merge" else [])
                self._apply_entity(d, now, other)
            elif d.kind in FACT_KINDS or (d.kind == "note" and d.payload.get("on") == "assertion"):
                now = fact_anchor.get(d.target) or []
                if not now:
                    d.state = "dangling"
                    continue
                if now != [d.target]:
                    d.state, d.anchored = "re-anchored", list(now)
                for aid in now:
                    if d.kind == "note":
                        self._notes.setdefault(aid, []).append(_note(d))
                    else:
                        self._status[aid] = "rejected" if d.kind == "reject" else "confirmed"
            elif d.kind == "note":
                self._notes.setdefault(d.target, []).append(_note(d))
        if self._splits:
            self._prepare_splits()

    # answers ------------------------------------------------------------------
    def entity(self, stored_id: str) -> str:
        """The entity a stored entity now is: merges followed (A into B into C: A -> C)."""
        out = self._cache.get(stored_id)
        if out is None:
            out, seen = stored_id, {stored_id}
            while out in self._into and self._into[out] not in seen:
                out = self._into[out]
                seen.add(out)
            self._cache[stored_id] = out
        return out

    def name(self, entity_id: str, default: str) -> str:
        """The analyst's name; a split-made entity's name; for an entity whose name went with a split,
        its fullest remaining form."""
        if entity_id in self._names:
            return self._names[entity_id]
        made = self._created.get(entity_id)
        if made is not None:
            return made.name
        kept = self._kept_keys.get(entity_id)
        if kept is not None and default and fold_key(default) not in kept:
            return self._kept_name[entity_id]
        return default

    def type(self, entity_id: str, default: str) -> str:
        if entity_id in self._types:
            return self._types[entity_id]
        made = self._created.get(entity_id)
        return made.type or default if made else default

    def ends(self, assertion_id: str, subject: str, object: str) -> tuple[str, str]:
        """An assertion's subject and object after merges and splits."""
        s = self._end_moves.get((assertion_id, subject))
        o = self._end_moves.get((assertion_id, object))
        return (self.entity(s or subject), self.entity(o or object))

    def status(self, assertion_id: str) -> str | None:
        return self._status.get(assertion_id)

    def notes(self, target: str) -> list[dict]:
        """Notes on an assertion, article or entity (an entity's include those on entities merged into it)."""
        out = list(self._notes.get(target, ()))
        if target.startswith("E") and self._into:
            for other, notes in self._notes.items():
                if other != target and other in self._into and self.entity(other) == target:
                    out += notes
        return sorted(out, key=lambda n: n["id"])

    def hidden(self, entity_id: str) -> bool:
        """Merged away into another entity."""
        return self.entity(entity_id) != entity_id

    def mention_entity(self, stored_entity: str, form: str, article: str | None = None,
                       local_id: str | None = None) -> str:
        """The entity a mention (or alias) of ``stored_entity`` written ``form`` now belongs to.

        With ``article`` (and, for mentions, ``local_id``) the in-article rule of splits applies too:
        a bare "Soleimani" follows "Gholamreza Soleimani" when the article's entity had both."""
        if not self._splits:
            return self.entity(stored_entity)
        key = fold_key(form)
        if article is not None and local_id is None:
            ids = self._local_ids.get((article, stored_entity, key))
            if ids and len(ids) == 1:
                local_id = next(iter(ids))
        group = self._local_groups.get((article, local_id)) if article is not None and local_id else None
        e, seen = stored_entity, set()
        while e not in seen:
            seen.add(e)
            moved = self._split_of(e, key, group, article)
            if moved:
                e = moved
            elif e in self._into:
                e = self._into[e]
            else:
                break
        return e

    # beyond the workbench's interface ---------------------------------------------
    def created(self) -> list[dict]:
        """Entities that exist only by a split decision: id, name, type, the entity split, the forms moved."""
        return [{"id": s.id, "name": self.name(s.id, s.name), "type": self.type(s.id, s.type), "from": s.target,
                 "keys": sorted(s.keys), "decision": s.decision}
                for s in self._created.values() if any(s in v for v in self._splits.values())]

    @property
    def merged(self) -> dict[str, str]:
        """Every entity merged away -> the entity it now is."""
        return {e: self.entity(e) for e in self._into}

    @property
    def rejected(self) -> set[str]:
        return {a for a, s in self._status.items() if s == "rejected"}

    @property
    def confirmed(self) -> set[str]:
        return {a for a, s in self._status.items() if s == "confirmed"}

    def dangling(self) -> list[Decision]:
        return [d for d in self.decisions if d.state == "dangling"]

    def decision(self, decision_id: int) -> Decision | None:
        return next((d for d in self.decisions if d.id == decision_id), None)

    # building -------------------------------------------------------------------
    def _split_of(self, e: str, key: str, group: set[str] | None, article: str | None) -> str | None:
        for sp in self._splits.get(e, ()):
            if key in sp.keys or (article is not None and article in sp.articles):
                return sp.id
            if group:  # in one article: a shorter form only a listed form of the same local entity holds
                words = set(key.split())
                inside = any(words <= w for k, w in zip(sp.order, sp.words) if k in group)
                others = any(k != key and k not in sp.keys and words <= set(k.split()) for k in group)
                if inside and not others:
                    return sp.id
        return None

    def _apply_entity(self, d: Decision, now: str, other: str) -> None:
        p = d.payload
        self._cache.clear()
        if d.kind == "merge":
            if self.entity(other) != now and now != other:
                self._into[now] = other
        elif d.kind == "rename":
            self._names[now] = p["name"]
        elif d.kind == "retype":
            self._types[now] = p["type"]
        elif d.kind == "split":
            sp = self._created.get(p.get("id"))
            if sp is not None:
                sp.target = now
                self._splits.setdefault(now, []).append(sp)
        elif d.kind == "note":
            self._notes.setdefault(now, []).append(_note(d))

    def _anchor_entities(self, active: list[Decision]) -> dict[str, str | None]:
        """Recorded entity id -> the id it has now (itself when still in the store), or None."""
        b = self._b
        recorded: dict[str, dict] = {}
        for d in active:
            if d.kind in ENTITY_KINDS or (d.kind == "note" and d.payload.get("on") == "entity"):
                recorded.setdefault(d.target, d.payload.get("entity") or {})
                if d.kind == "merge" and d.payload.get("into"):
                    recorded.setdefault(d.payload["into"], d.payload.get("into_entity") or {})
        out: dict[str, str | None] = {}
        stored = [e for e in recorded if e not in self._created]
        live: set[str] = set()
        for chunk in _chunks(stored):
            marks = ", ".join("?" * len(chunk))
            live |= {r[0] for r in b.execute(f"SELECT DISTINCT entity FROM aliases WHERE entity IN ({marks})",
                                            tuple(chunk))}
        for e, snap in recorded.items():
            if e in self._created or e in live:
                out[e] = e
            elif "~" in e:  # made by a split that is no longer in force: gone with it
                out[e] = None
            else:
                out[e] = self._find_again(snap)
        return out

    def _find_again(self, snap: dict) -> str | None:
        """A live entity for a recorded one whose id has gone: by reference key, Wikidata id, then name."""
        b = self._b
        has_forms = "EXISTS (SELECT 1 FROM aliases a WHERE a.entity = e.id)"
        for col in ("ref", "wikidata"):
            if snap.get(col):
                row = b.execute(f"SELECT e.id FROM entities e WHERE e.{col} = ? AND {has_forms} ORDER BY e.seq",
                                (snap[col],)).fetchone()
                if row:
                    return row[0]
        key = fold_key(snap.get("name") or "")
        if not key:
            return None
        rows = b.execute("SELECT DISTINCT a.entity FROM aliases a JOIN entities e ON e.id = a.entity "
                         "WHERE a.norm = ? AND e.type = ?", (_key_db(key), snap.get("type") or "")).fetchall()
        found = {self.entity(r[0]) for r in rows}
        return found.pop() if len(found) == 1 else None

    def _anchor_facts(self, active: list[Decision]) -> dict[str, list[str]]:
        b = self._b
        wanted = {d.target: d.payload.get("fact") or {} for d in active
                  if d.kind in FACT_KINDS or (d.kind == "note" and d.payload.get("on") == "assertion")}
        out: dict[str, list[str]] = {}
        for chunk in _chunks(wanted):
            marks = ", ".join("?" * len(chunk))
            for (aid,) in b.execute(f"SELECT id FROM assertions WHERE id IN ({marks})", tuple(chunk)):
                out[aid] = [aid]
        missing = {a: f for a, f in wanted.items() if a not in out and f.get("evidence")}
        if not missing:
            return out
        articles = {ev["article"] for f in missing.values() for ev in f["evidence"] if ev.get("article")}
        rows = []
        for chunk in _chunks(articles):
            marks = ", ".join("?" * len(chunk))
            rows += b.execute(
                "SELECT v.assertion, v.article, v.sentence, s.subject, s.predicate, s.object, "
                "es.name, es.ref, eo.name, eo.ref FROM evidence v JOIN assertions s ON s.id = v.assertion "
                "JOIN entities es ON es.id = s.subject JOIN entities eo ON eo.id = s.object "
                f"WHERE v.article IN ({marks})", tuple(chunk)).fetchall()
        by_sentence: dict[tuple[str, str], list[tuple]] = {}
        for r in rows:
            by_sentence.setdefault((r[1], norm(r[2] or "")), []).append(r)
        for aid, fact in missing.items():
            found: dict[str, None] = {}
            for ev in fact["evidence"]:
                for r in by_sentence.get((ev.get("article"), norm(ev.get("sentence") or "")), ()):
                    if r[4] != fact.get("predicate"):
                        continue
                    s_end, o_end = (r[3], r[6], r[7]), (r[5], r[8], r[9])
                    same = self._same_end(fact.get("subject"), s_end) and self._same_end(fact.get("object"), o_end)
                    swapped = self._same_end(fact.get("subject"), o_end) and \
                        self._same_end(fact.get("object"), s_end) and fact.get("symmetric")
                    if same or swapped:
                        found[r[0]] = None
            if found:
                out[aid] = list(found)
        return out

    def _same_end(self, recorded: dict | None, now: tuple) -> bool:
        if not recorded:
            return False
        eid, name, ref = now
        if recorded.get("id") and (recorded["id"] == eid or self.entity(recorded["id"]) == self.entity(eid)):
            return True
        if recorded.get("ref") and ref:
            return recorded["ref"] == ref
        return bool(recorded.get("name")) and fold_key(recorded["name"]) == fold_key(name or "")

    def _prepare_splits(self) -> None:
        """Mentions of the entities decisions touch, and the assertion ends that follow a split."""
        b = self._b
        touched = {_root(self, e) for e in (*self._into, *self._into.values(), *self._splits)}
        mentions: dict[str, list[tuple]] = {}  # article -> (stored, local id, start, end, key)
        for chunk in _chunks(touched):
            marks = ", ".join("?" * len(chunk))
            for article, ent, local, start, end, text in b.execute(
                    f"SELECT article, entity, local_id, start_char, end_char, text FROM mentions "
                    f"WHERE entity IN ({marks})", tuple(chunk)):
                key = fold_key(text)
                mentions.setdefault(article, []).append((ent, local, start, end, text))
                self._local_groups.setdefault((article, local), set()).add(key)
                self._local_ids.setdefault((article, ent, key), set()).add(local)
        final: dict[tuple, str] = {}
        kept: dict[str, dict[str, int]] = {}  # split entity -> forms its mentions still have
        for article, ms in mentions.items():
            for ent, local, start, end, text in ms:
                f = final[(article, start, end, ent)] = self.mention_entity(ent, text, article, local)
                if f in self._splits:
                    kept.setdefault(f, {}).setdefault(text, 0)
                    kept[f][text] += 1
        for e, forms in kept.items():
            self._kept_keys[e] = {fold_key(f) for f in forms}
            self._kept_name[e] = max(forms, key=lambda f: (len(fold_key(f).split()), forms[f], f))
        for chunk in _chunks(touched):
            marks = ", ".join("?" * len(chunk))
            rows = b.execute(
                "SELECT s.id, s.subject, s.object, v.article, v.start_char, v.end_char, v.sentence_start, "
                f"v.sentence FROM assertions s JOIN evidence v ON v.assertion = s.id "
                f"WHERE s.subject IN ({marks}) OR s.object IN ({marks})", tuple(chunk) * 2).fetchall()
            per_end: dict[tuple[str, str], list[set | None]] = {}
            for aid, subj, obj, article, start, end, s_start, sentence in rows:
                for stored in {subj, obj} & touched:
                    per_end.setdefault((aid, stored), []).append(
                        _finals_in(mentions.get(article, ()), final, article, stored, start, end, s_start,
                                   sentence))
            for (aid, stored), evs in per_end.items():
                if all(evs):
                    targets = set().union(*evs)
                    if len(targets) == 1:
                        t = targets.pop()
                        if t != self.entity(stored):
                            self._end_moves[(aid, stored)] = t


def _finals_in(ms, final, article, stored, start, end, s_start, sentence) -> set[str] | None:
    """The entities the mentions of ``stored`` inside the evidence span (else sentence) now belong to."""
    def within(lo, hi):
        return {final[(article, m[2], m[3], m[0])] for m in ms
                if m[0] == stored and lo is not None and hi is not None and m[2] >= lo and m[3] <= hi}
    found = within(start, end)
    if not found and s_start is not None and sentence:
        found = within(s_start, s_start + len(sentence))
    return found or None


def _note(d: Decision) -> dict:
    return {"id": d.id, "text": d.payload.get("text", ""), "who": d.who, "at": d.at}


def view(store) -> View:
    """The store as corrected: reads the decisions table once (undone decisions left out)."""
    return View(store)


# ------------------------------------------------------------------------------------------------ finding things
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


def _root(v: View, eid: str) -> str:
    seen = set()
    while eid in v._created and eid not in seen:
        seen.add(eid)
        eid = v._created[eid].target
    return eid


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


# ------------------------------------------------------------------------------------------------ recording
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


def summary(d: Decision) -> str:
    p = d.payload

    def ent(snap: dict | None, fallback: str) -> str:
        return f"{snap['name']} ({fallback})" if snap and snap.get("name") else fallback

    def fact(f: dict | None) -> str:
        if not f:
            return d.target
        s, o = f.get("subject") or {}, f.get("object") or {}
        return f"{s.get('name', '?')} -{f.get('predicate')}-> {o.get('name', '?')} ({d.target})"

    if d.kind == "merge":
        return f"merge {ent(p.get('entity'), d.target)} into {ent(p.get('into_entity'), p.get('into', '?'))}"
    if d.kind == "split":
        what = ", ".join([*p.get("forms", []), *(f"article {a[:12]}" for a in p.get("articles", []))])
        return f"split {what} off {ent(p.get('entity'), d.target)} as {p.get('name')} ({p.get('id')})"
    if d.kind == "rename":
        return f"rename {ent(p.get('entity'), d.target)} to {p.get('name')}"
    if d.kind == "retype":
        return f"retype {ent(p.get('entity'), d.target)} from {p.get('old')} to {p.get('type')}"
    if d.kind == "reject":
        return f"reject {fact(p.get('fact'))}" + (f": {p['reason']}" if p.get("reason") else "")
    if d.kind == "confirm":
        return f"confirm {fact(p.get('fact'))}"
    if d.kind == "note":
        on = p.get("on")
        what = fact(p.get("fact")) if on == "assertion" else ent(p.get("entity"), d.target) if on == "entity" \
            else f"article {d.target[:12]}"
        return f"note on {what}: {p.get('text', '')}"
    if d.kind == "undo":
        u = p.get("undoes") or {}
        return f"undo {u.get('id', d.target)}: {u.get('summary', u.get('kind', ''))}"
    return f"{d.kind} {d.target}"
