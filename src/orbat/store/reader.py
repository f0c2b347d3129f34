"""Read side: counts, consistency checks, stored articles, and the streamed corpus export.

The export is the corpus object of ../shared/FORMAT.md, written entity by
entity from streaming queries inside one read snapshot, so it never holds the
corpus in memory. Analyst decisions are applied on top of the machine facts:
``reject`` (target: an assertion id) drops a relation, ``merge`` (target: an
entity id, payload ``{"into": other id}``) folds one entity into another.
"""
from __future__ import annotations

import json
from itertools import groupby
from typing import IO, Iterator

from orbat.model import Article

TABLES = ("articles", "entities", "aliases", "mentions", "assertions", "evidence", "quotes", "merges",
          "decisions", "signatures")


def counts(b) -> dict[str, int]:
    out = {t: b.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
    out["duplicates"] = b.execute("SELECT COUNT(*) FROM articles WHERE status = 'duplicate'").fetchone()[0]
    return out


def check(b) -> list[str]:
    """Problems found (empty when the store is consistent): every article holds what its row says."""
    problems = []
    if b.dialect == "sqlite":
        result = [r[0] for r in b.execute("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            problems += [f"integrity_check: {r}" for r in result]
        problems += [f"foreign key: {r}" for r in b.execute("PRAGMA foreign_key_check").fetchall()]
    for table, col in (("mentions", "n_mentions"), ("evidence", "n_evidence"), ("quotes", "n_quotes")):
        rows = b.execute(
            f"SELECT a.id, a.path, a.{col}, (SELECT COUNT(*) FROM {table} x WHERE x.article = a.id) AS n "
            f"FROM articles a WHERE a.{col} <> (SELECT COUNT(*) FROM {table} x WHERE x.article = a.id)").fetchall()
        problems += [f"{path}: article {aid[:12]} says {want} {table}, store has {got}"
                     for aid, path, want, got in rows]
    rows = b.execute("SELECT id, path FROM articles a WHERE NOT EXISTS "
                     "(SELECT 1 FROM signatures s WHERE s.article = a.id)").fetchall()
    problems += [f"{path}: article {aid[:12]} has no signature" for aid, path in rows]
    return problems


ARTICLE_COLS = "id, path, text, title, source, published, url, author, format, comments, boilerplate, tags"


def article_ids(b) -> list[str]:
    return [r[0] for r in b.execute("SELECT id FROM articles ORDER BY seq").fetchall()]


def load_article(b, article_id: str) -> Article | None:
    row = b.execute(f"SELECT {ARTICLE_COLS} FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return None
    (aid, path, text, title, source, published, url, author, fmt, comments, boilerplate, tags) = row
    return Article(id=aid, path=path, text=text, title=title, source=source, published=published, url=url,
                   author=author, format=fmt, comments=tuple(json.loads(comments)),
                   boilerplate=tuple(json.loads(boilerplate)), tags=tuple(json.loads(tags)))


def export_json(b, out: IO[str]) -> dict[str, int]:
    """Write the corpus object to ``out``, streaming; returns how many of each were written."""
    b.begin_read()
    try:
        from orbat import curation  # curation reads the store: imported late to avoid a cycle

        v = curation.view(b)
        written = {"entities": 0, "relations": 0, "quotes": 0}
        out.write('{"entities": [')
        for i, ent in enumerate(_entities(b, v)):
            out.write(("," if i else "") + "\n" + json.dumps(ent, ensure_ascii=False))
            written["entities"] += 1
        out.write('\n], "relations": [')
        for i, rel in enumerate(_relations(b, v)):
            out.write(("," if i else "") + "\n" + json.dumps(rel, ensure_ascii=False))
            written["relations"] += 1
        out.write('\n], "quotes": [')
        for i, q in enumerate(_quotes(b, v)):
            out.write(("," if i else "") + "\n" + json.dumps(q, ensure_ascii=False))
            written["quotes"] += 1
        out.write("\n]}\n")
    finally:
        b.rollback()
    return written


def _entities(b, v) -> Iterator[dict]:
    """Entities as the analyst corrected them: every alias goes to the entity its mention now
    belongs to (merges, splits), under the name and type decided for it."""
    rows = b.stream("SELECT e.id, e.name, e.type, e.ref, e.wikidata, a.form, a.article FROM entities e "
                    "JOIN aliases a ON a.entity = e.id WHERE a.article <> '' ORDER BY e.seq, a.form")
    # one small record per actor (thousands, not the corpus): merged entities meet in it
    out: dict[str, dict] = {}
    for eid, name, etype, ref, qid, form, article in rows:
        now = v.mention_entity(eid, form, article)
        ent = out.get(now)
        if ent is None:
            ent = out[now] = {"id": now, "name": name if now == eid else None, "type": etype,
                              "aliases": set(), "wikidata": qid, "ref": ref}
        elif now == eid:
            ent["name"], ent["type"], ent["wikidata"], ent["ref"] = name, etype, qid, ref
        ent["aliases"].add(form)
        ent["wikidata"] = ent["wikidata"] or qid
        ent["ref"] = ent["ref"] or ref
    for now, ent in out.items():
        default = ent["name"] or max(ent["aliases"], key=lambda f: (len(f.split()), len(f)))
        ent["name"] = v.name(now, default)
        ent["type"] = v.type(now, ent["type"])
        ent["aliases"] = sorted(a for a in ent["aliases"] if a != ent["name"])
        yield ent


def _relations(b, v) -> Iterator[dict]:
    rows = b.stream(
        "SELECT s.id, s.subject, s.predicate, s.object, s.modality, s.attributed_to, s.time, s.time_precision, "
        "v.article, v.sentence, v.start_char, v.end_char, v.rule, COALESCE(a.duplicate_of, a.id) "
        "FROM assertions s JOIN evidence v ON v.assertion = s.id JOIN articles a ON a.id = v.article "
        "ORDER BY s.id, a.seq, v.start_char")
    for head, group in groupby(rows, key=lambda r: r[:8]):
        aid, subj, pred, obj, modality, attr, time, precision = head
        if v.status(aid) == "rejected":
            continue
        subj, obj = v.ends(aid, subj, obj)
        if subj == obj:
            continue  # a merge made both ends one actor
        group = list(group)
        yield {"id": aid, "subject": subj, "predicate": pred, "object": obj, "modality": modality,
               "attributed_to": v.entity(attr) if attr else None, "time": time,
               "time_precision": precision,
               "evidence": [{"article": r[8], "sentence": r[9], "start": r[10], "end": r[11], "rule": r[12]}
                            for r in group],
               "sources": len({r[13] for r in group})}


def _quotes(b, v) -> Iterator[dict]:
    # a near-duplicate's quote that its original also has is the same quote, not a second one
    rows = b.stream(
        "SELECT q.article, q.speaker, q.text, q.via, q.start_char, q.end_char, q.sentence, q.rule "
        "FROM quotes q JOIN articles a ON a.id = q.article WHERE a.duplicate_of IS NULL OR NOT EXISTS "
        "(SELECT 1 FROM quotes o WHERE o.article = a.duplicate_of AND o.text = q.text) "
        "ORDER BY a.seq, q.start_char, q.id")
    for article, speaker, text, via, start, end, sentence, rule in rows:
        yield {"speaker": v.entity(speaker) if speaker else None, "text": text,
               "via": [v.entity(o) for o in json.loads(via)], "article": article, "start": start, "end": end,
               "sentence": sentence, "rule": rule}
