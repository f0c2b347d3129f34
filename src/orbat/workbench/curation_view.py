"""The store as the analyst corrected it: ``orbat.curation.view(store)``, or a minimal stand-in.

Every read in the workbench goes through a view with this interface::

    v.entity(stored_id) -> canonical id        v.name(eid, default) / v.type(eid, default)
    v.ends(assertion_id, subject, object)      v.status(assertion_id) -> "rejected" | "confirmed" | None
    v.notes(target) -> list                    v.hidden(eid) -> bool
    v.mention_entity(stored_entity, form) -> the entity a mention of that form now belongs to

The stand-in (used only when ``orbat.curation`` cannot be imported) applies the
merge / reject / confirm decisions the store's reader already understands and
is the identity for everything else.
"""
from __future__ import annotations

import json


def view(store):
    try:
        from orbat import curation
    except ImportError:
        return FallbackView(store)
    return curation.view(store)


class FallbackView:
    def __init__(self, store):
        from orbat.store import reader

        self._canon, self._rejected = reader.decisions(store.backend)
        self._confirmed: set[str] = set()
        self._notes: dict[str, list[str]] = {}
        for kind, target, payload in store.backend.execute(
                "SELECT kind, target, payload FROM decisions ORDER BY id").fetchall():
            if kind == "confirm":
                self._confirmed.add(target)
            elif kind == "reject":
                self._confirmed.discard(target)
            elif kind == "note":
                data = json.loads(payload or "{}")
                self._notes.setdefault(target, []).append({"text": data.get("text", ""), "who": None})

    def entity(self, stored_id):
        return self._canon.get(stored_id, stored_id)

    def name(self, eid, default=None):
        return default

    def type(self, eid, default=None):
        return default

    def ends(self, assertion_id, subject, object):
        return self.entity(subject), self.entity(object)

    def status(self, assertion_id):
        if assertion_id in self._rejected:
            return "rejected"
        return "confirmed" if assertion_id in self._confirmed else None

    def notes(self, target):
        return list(self._notes.get(target, ()))

    def hidden(self, eid):
        return False

    def mention_entity(self, stored_entity, form, article=None, local_id=None):
        return self.entity(stored_entity)


def note_text(note) -> str:
    """A note (the curation view gives dicts: id, text, who, at) as one line."""
    if isinstance(note, dict):
        who = f" ({note['who']})" if note.get("who") else ""
        return f"{note.get('text', '')}{who}"
    return str(note)
