"""The decisions table: kinds, a recorded ``Decision`` and its state (an undo of an undo redoes),
its one-line summary, and the small store helpers the other curation modules share."""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from typing import Iterable

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
