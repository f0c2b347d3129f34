"""``View``: the store as the analyst corrected it -- merges followed, splits applied, names,
types, statuses and notes -- read from the decisions table once."""
from __future__ import annotations

from dataclasses import dataclass

from orbat.curation.anchoring import _Anchoring
from orbat.curation.decisions import ENTITY_KINDS, FACT_KINDS, Decision, _backend, _chunks, load_decisions
from orbat.names import fold_key


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


class View(_Anchoring):
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


def _root(v: View, eid: str) -> str:
    seen = set()
    while eid in v._created and eid not in seen:
        seen.add(eid)
        eid = v._created[eid].target
    return eid
