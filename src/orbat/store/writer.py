"""The one write path: one article's Extraction, resolved against the store, in one transaction.

``write_article`` is the only code that puts machine facts into the store. It
runs inside a single write transaction (SQLite ``BEGIN IMMEDIATE``, PostgreSQL
an advisory lock): it checks the article id, looks for a near-duplicate,
resolves the article's entities against the stored ones, writes the article,
its entities, aliases, mentions, assertions, evidence, quotes, the merges
resolution made and the MinHash signature, then commits. Any error rolls back
that article only; the store is as it was before it. Writing an article that is
already stored returns "unchanged" and writes nothing (idempotent), unless
``replace`` is set (reprocess), which swaps the article's machine facts for the
new ones and keeps everything else (entity ids, decisions).
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Iterable

from orbat.model import Extraction
from orbat.names import fold_key, is_acronym
from orbat.resolve import Match, Stored, forms_of, resolve
from orbat.store import dedup as dd
from orbat.store.errors import StoreError
from orbat.store.schema import now

_BAD_CHARS = re.compile("[\x00\ud800-\udfff]")


@dataclass(frozen=True)
class WriteResult:
    article: str
    path: str
    status: str  # new | duplicate | unchanged | replaced
    duplicate_of: str | None = None
    entities: dict[str, str] = field(default_factory=dict)  # local id -> stored entity id
    matches: tuple[Match, ...] = ()
    warnings: tuple[str, ...] = ()


def to_db(key: str) -> str:
    """A matching key as stored: fold_key's possessive marker (NUL) as an apostrophe, which it never yields."""
    return key.replace("\x00", "'")


def from_db(key: str) -> str:
    return key.replace("'", "\x00")


def clean(value):
    """Text the database can hold, same length (offsets stay true): NUL and lone surrogates become U+FFFD."""
    if value is None or not isinstance(value, str) or (value.isascii() and "\x00" not in value):
        return value
    return _BAD_CHARS.sub("\ufffd", value)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def assertion_id(key: str) -> str:
    return "a" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


class TxnIndex:
    """resolve.Index over the store, read inside the write transaction."""

    def __init__(self, backend):
        self.b = backend
        self._cache: dict[str, Stored] = {}

    def _stored(self, ids: Iterable[str]) -> list[Stored]:
        out = []
        for eid in dict.fromkeys(ids):
            s = self._cache.get(eid)
            if s is None:
                row = self.b.execute("SELECT id, type, ref, wikidata, seq, name FROM entities WHERE id = ?",
                                     (eid,)).fetchone()
                if row is None:
                    continue
                keys = {from_db(r[0]) for r in self.b.execute("SELECT DISTINCT norm FROM aliases WHERE entity = ?",
                                                             (eid,))}
                keys.add(fold_key(row[5]))
                s = self._cache[eid] = Stored(row[0], row[1], row[2], row[3], frozenset(k for k in keys if k),
                                              row[4])
            out.append(s)
        return out

    def by_ref(self, ref: str) -> list[Stored]:
        return self._stored(r[0] for r in self.b.execute("SELECT id FROM entities WHERE ref = ? ORDER BY seq", (ref,)))

    def by_wikidata(self, qid: str) -> list[Stored]:
        return self._stored(r[0] for r in self.b.execute(
            "SELECT id FROM entities WHERE wikidata = ? ORDER BY seq", (qid,)))

    def by_keys(self, keys: Iterable[str], type: str) -> list[Stored]:
        keys = [to_db(k) for k in keys]
        if not keys:
            return []
        marks = ", ".join("?" * len(keys))
        rows = self.b.execute(
            f"SELECT DISTINCT a.entity, e.seq FROM aliases a JOIN entities e ON e.id = a.entity "
            f"WHERE e.type = ? AND a.norm IN ({marks}) ORDER BY e.seq", (type, *keys))
        return self._stored(r[0] for r in rows)

    def persons_with_last(self, last: str) -> list[Stored]:
        rows = self.b.execute(
            "SELECT DISTINCT a.entity, e.seq FROM aliases a JOIN entities e ON e.id = a.entity "
            "WHERE e.type = 'PERSON' AND a.last = ? ORDER BY e.seq", (to_db(last),))
        return self._stored(r[0] for r in rows)


def write_article(backend, near: dd.NearDuplicates, extraction: Extraction, *, extracted_with: str | None,
                  replace: bool = False, symmetric: frozenset[str] = frozenset({"met_with"})) -> WriteResult:
    """Store one article's extraction in one transaction (see the module docstring)."""
    art = extraction.article
    try:
        backend.begin_write()
        try:
            result = _write(backend, near, extraction, extracted_with, replace, symmetric)
            if result.status == "unchanged":
                backend.rollback()
            else:
                backend.commit()
            return result
        except BaseException:
            try:
                backend.rollback()
            except Exception:  # the connection may be gone; the database itself rolls back
                pass
            raise
    except backend.errors() as exc:
        raise StoreError(f"{art.path}: could not store article {art.id[:12]} in {backend.where}: {exc}") from exc


def _write(b, near, ex: Extraction, extracted_with, replace, symmetric) -> WriteResult:
    art = ex.article
    row = b.execute("SELECT seq, duplicate_of FROM articles WHERE id = ?", (art.id,)).fetchone()
    if row is not None and not replace:
        return WriteResult(art.id, art.path, "unchanged", row[1])
    if row is None and replace:
        raise StoreError(f"{art.path}: article {art.id[:12]} is not in the store, nothing to replace")

    warnings: list[str] = []
    local_ids = {e.id for e in ex.entities}

    # resolution reads the store as it is, before this article's old facts go (reprocess keeps ids)
    previous, old_merges = {}, {}
    if row is not None:
        owners: dict[str, set[str]] = {}
        for k, e in b.execute("SELECT norm, entity FROM aliases WHERE article = ?", (art.id,)).fetchall():
            owners.setdefault(from_db(k), set()).add(e)
        previous = {k: next(iter(es)) for k, es in owners.items() if len(es) == 1}
        old_merges = {r[0]: r[1:] for r in b.execute(
            "SELECT entity, rule, form, reason FROM merges WHERE article = ?", (art.id,))}
    matches = resolve(ex.entities, TxnIndex(b), previous)

    values = dict(path=clean(art.path), title=clean(art.title), source=clean(art.source),
                  published=art.published, url=clean(art.url), author=clean(art.author), format=art.format,
                  text=clean(art.text), comments=_json(art.comments), boilerplate=_json(art.boilerplate),
                  tags=_json(art.tags), content_hash=content_hash(art.text), extracted_with=extracted_with,
                  stored_at=now())
    old_assertions: list[str] = []
    if row is None:
        seq = _next(b, "articles")
        sig = dd.signature(art.text, art.title)
        dup = near.find(sig)
        status = "duplicate" if dup else "new"
        values.update(id=art.id, seq=seq, status="duplicate" if dup else "independent", duplicate_of=dup,
                      n_entities=0, n_mentions=0, n_evidence=0, n_quotes=0)
        b.execute(f"INSERT INTO articles ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                  tuple(values.values()))
        b.execute("INSERT INTO signatures (article, seq, num_perm, scheme, hashvalues) VALUES (?, ?, ?, ?, ?)",
                  (art.id, seq, dd.NUM_PERM, dd.SCHEME, dd.to_bytes(sig)))
    else:
        seq, dup = row
        status = "replaced"
        old_assertions = [r[0] for r in b.execute(
            "SELECT DISTINCT assertion FROM evidence WHERE article = ?", (art.id,)).fetchall()]
        _delete_machine_facts(b, art.id)
        b.execute(f"UPDATE articles SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
                  (*values.values(), art.id))

    # entities ------------------------------------------------------------
    ent_seq = _next(b, "entities")
    mapping: dict[str, str] = {}
    for ent, m in zip(ex.entities, matches):
        if m.entity is None:
            eid = _new_entity_id(b, art.id, ent.id)
            b.execute("INSERT INTO entities (id, seq, name, type, ref, wikidata, first_article) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)",
                      (eid, ent_seq, clean(ent.name), ent.type, ent.ref, ent.wikidata, art.id))
            ent_seq += 1
        else:
            eid = m.entity
            first = _improve_entity(b, eid, ent)
            if first != art.id:  # joined to an actor another article brought in: say why
                rule, form, reason = old_merges.get(eid) if m.rule == "previous" and eid in old_merges else \
                    (m.rule, m.form, m.reason)
                b.execute("INSERT INTO merges (entity, article, local_id, local_name, rule, form, reason) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?)",
                          (eid, art.id, ent.id, clean(ent.name), rule, clean(form), clean(reason)))
        mapping[ent.id] = eid
        alias_rows = []
        for form in forms_of(ent):
            key = fold_key(form)
            if key:
                alias_rows.append((eid, clean(form), to_db(key), to_db(key.split()[-1]), len(key.split()),
                                   int(is_acronym(form)), art.id))
        _insert_ignore(b, "aliases", ("entity", "form", "norm", "last", "tokens", "acronym", "article"),
                       alias_rows)
        _insert_ignore(b, "titles", ("entity", "title", "article"),
                       [(eid, clean(t), art.id) for t in ent.titles])
        b.executemany("INSERT INTO mentions (article, entity, local_id, start_char, end_char, text, rule) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)",
                      [(art.id, eid, ent.id, mt.start, mt.end, clean(mt.text), mt.rule) for mt in ent.mentions])
    n_mentions = sum(len(e.mentions) for e in ex.entities)

    # assertions and their evidence ---------------------------------------
    n_evidence = 0
    for rel in ex.relations:
        missing = [x for x in (rel.subject, rel.object, rel.attributed_to) if x and x not in local_ids]
        if missing:
            warnings.append(f"relation {rel.subject} {rel.predicate} {rel.object}: "
                            f"unknown entity id(s) {', '.join(missing)}; not stored")
            continue
        s, o = mapping[rel.subject], mapping[rel.object]
        if s == o:
            continue  # both ends resolved to one actor: nothing to assert
        if rel.predicate in symmetric and o < s:
            s, o = o, s
        attr = mapping.get(rel.attributed_to) if rel.attributed_to else None
        key = "|".join((s, rel.predicate, o, rel.modality, attr or "", rel.time or ""))
        aid = assertion_id(key)
        _insert_ignore(b, "assertions",
                       ("id", "subject", "predicate", "object", "modality", "attributed_to", "time",
                        "time_precision", "origin"),
                       [(aid, s, rel.predicate, o, rel.modality, attr, rel.time, rel.time_precision, "machine")],
                       conflict="id")
        ev = rel.evidence
        b.execute("INSERT INTO evidence (assertion, article, start_char, end_char, sentence, sentence_start, rule) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?)",
                  (aid, art.id, ev.start if ev else None, ev.end if ev else None,
                   clean(ev.sentence) if ev else None, ev.sentence_start if ev else None, ev.rule if ev else None))
        n_evidence += 1

    # quotes --------------------------------------------------------------
    n_quotes = 0
    for q in ex.quotes:
        ev = q.evidence
        b.execute("INSERT INTO quotes (article, speaker, text, via, start_char, end_char, sentence, rule) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  (art.id, mapping.get(q.speaker) if q.speaker else None, clean(q.text),
                   json.dumps([mapping[v] for v in q.via if v in mapping]),
                   ev.start if ev else None, ev.end if ev else None, clean(ev.sentence) if ev else None,
                   ev.rule if ev else None))
        n_quotes += 1

    # the counts say what a complete write holds: the integrity check compares them
    b.execute("UPDATE articles SET n_entities = ?, n_mentions = ?, n_evidence = ?, n_quotes = ? WHERE id = ?",
              (len(ex.entities), n_mentions, n_evidence, n_quotes, art.id))
    for aid in old_assertions:  # machine assertions this article alone supported, and no longer does
        b.execute("DELETE FROM assertions WHERE id = ? AND origin = 'machine' AND NOT EXISTS "
                  "(SELECT 1 FROM evidence v WHERE v.assertion = ?)", (aid, aid))
    return WriteResult(art.id, art.path, status, dup, mapping, tuple(matches),
                       tuple(warnings) + tuple(ex.warnings))


def _json(items) -> str:
    return json.dumps([clean(x) for x in items], ensure_ascii=False)


def _next(b, table: str) -> int:
    return (b.execute(f"SELECT MAX(seq) FROM {table}").fetchone()[0] or 0) + 1


def _new_entity_id(b, article_id: str, local_id: str) -> str:
    """Deterministic (the same corpus ingested twice gets the same ids), unique."""
    base = "E" + hashlib.sha1(f"{article_id}/{local_id}".encode()).hexdigest()[:12]
    eid, n = base, 1
    while b.execute("SELECT 1 FROM entities WHERE id = ?", (eid,)).fetchone():
        n += 1
        eid = f"{base}-{n}"
    return eid


def _improve_entity(b, eid: str, ent) -> str:
    """A joined entity keeps its id; it takes a reference key, Wikidata id or fuller name it lacked.
    Returns the article that first brought the entity in."""
    name, ref, qid, first = b.execute("SELECT name, ref, wikidata, first_article FROM entities WHERE id = ?",
                                      (eid,)).fetchone()
    if ent.ref and not ref:
        b.execute("UPDATE entities SET name = ?, ref = ? WHERE id = ?", (clean(ent.name), ent.ref, eid))
    elif not ref and _fuller(ent.name, name):
        b.execute("UPDATE entities SET name = ? WHERE id = ?", (clean(ent.name), eid))
    if ent.wikidata and not qid:
        b.execute("UPDATE entities SET wikidata = ? WHERE id = ?", (ent.wikidata, eid))
    return first


def _fuller(new: str, old: str) -> bool:
    """A spelled-out name beats an acronym; more words beat fewer."""
    if is_acronym(old) != is_acronym(new):
        return is_acronym(old)
    return len(fold_key(new).split()) > len(fold_key(old).split())


def _delete_machine_facts(b, article_id: str) -> None:
    for table in ("mentions", "evidence", "quotes", "merges", "aliases", "titles"):
        b.execute(f"DELETE FROM {table} WHERE article = ?", (article_id,))


def _insert_ignore(b, table: str, cols: tuple[str, ...], rows: list[tuple], conflict: str | None = None) -> None:
    if not rows:
        return
    target = f"({conflict})" if conflict else ""
    b.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
                  f"ON CONFLICT {target} DO NOTHING", rows)
