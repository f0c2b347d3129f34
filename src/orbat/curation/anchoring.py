"""Re-anchoring: the entity or assertion a decision now applies to, when re-extraction gave its
target another id (see the package docstring for the rules)."""
from __future__ import annotations

from orbat.curation.decisions import ENTITY_KINDS, FACT_KINDS, Decision, _chunks, _key_db
from orbat.names import fold_key, norm


class _Anchoring:
    """Re-anchoring for ``View`` (a mixin: it reads the view's backend, splits and merges)."""

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
