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


def decisions(b) -> tuple[dict[str, str], set[str]]:
    """(entity merged away -> entity it now is, rejected assertion ids), later decisions winning."""
    into: dict[str, str] = {}
    rejected: set[str] = set()
    for kind, target, payload in b.execute("SELECT kind, target, payload FROM decisions ORDER BY id").fetchall():
        data = json.loads(payload or "{}")
        if kind == "merge" and data.get("into") and data["into"] != target:
            into[target] = data["into"]
        elif kind == "reject":
            rejected.add(target)
        elif kind == "confirm":
            rejected.discard(target)
    canon = {}
    for e in into:
        seen, t = {e}, into[e]
        while t in into and t not in seen:
            seen.add(t)
            t = into[t]
        canon[e] = t
    return canon, rejected


def export_json(b, out: IO[str]) -> dict[str, int]:
    """Write the corpus object to ``out``, streaming; returns how many of each were written."""
    b.begin_read()
    try:
        canon, rejected = decisions(b)
        written = {"entities": 0, "relations": 0, "quotes": 0}
        out.write('{"entities": [')
        for i, ent in enumerate(_entities(b, canon)):
            out.write(("," if i else "") + "\n" + json.dumps(ent, ensure_ascii=False))
            written["entities"] += 1
        out.write('\n], "relations": [')
        for i, rel in enumerate(_relations(b, canon, rejected)):
            out.write(("," if i else "") + "\n" + json.dumps(rel, ensure_ascii=False))
            written["relations"] += 1
        out.write('\n], "quotes": [')
        for i, q in enumerate(_quotes(b, canon)):
            out.write(("," if i else "") + "\n" + json.dumps(q, ensure_ascii=False))
            written["quotes"] += 1
        out.write("\n]}\n")
    finally:
        b.rollback()
    return written


def _entities(b, canon: dict[str, str]) -> Iterator[dict]:
    rows = b.stream(
        "SELECT e.id, e.name, e.type, e.ref, e.wikidata, a.form FROM entities e "
        "JOIN aliases a ON a.entity = e.id WHERE EXISTS "
        "(SELECT 1 FROM aliases x WHERE x.entity = e.id AND x.article <> '') ORDER BY e.seq, a.form")
    held: dict[str, dict] = {}  # entities touched by a merge decision: written at the end
    targets = set(canon.values())
    for (eid, name, etype, ref, qid), group in groupby(rows, key=lambda r: r[:5]):
        ent = {"id": eid, "name": name, "type": etype, "aliases": [r[5] for r in group],
               "wikidata": qid, "ref": ref}
        if eid in canon or eid in targets:
            held[eid] = ent
            continue
        yield _finish(ent)
    for eid, ent in held.items():
        if eid in canon:
            continue
        for other, into in canon.items():
            if into == eid and other in held:
                gone = held[other]
                ent["aliases"] += [gone["name"], *gone["aliases"]]
                ent["wikidata"] = ent["wikidata"] or gone["wikidata"]
        yield _finish(ent)


def _finish(ent: dict) -> dict:
    ent["aliases"] = sorted({a for a in ent["aliases"] if a != ent["name"]})
    return ent


def _relations(b, canon: dict[str, str], rejected: set[str]) -> Iterator[dict]:
    rows = b.stream(
        "SELECT s.id, s.subject, s.predicate, s.object, s.modality, s.attributed_to, s.time, s.time_precision, "
        "v.article, v.sentence, v.start_char, v.end_char, v.rule, COALESCE(a.duplicate_of, a.id) "
        "FROM assertions s JOIN evidence v ON v.assertion = s.id JOIN articles a ON a.id = v.article "
        "ORDER BY s.id, a.seq, v.start_char")
    for head, group in groupby(rows, key=lambda r: r[:8]):
        aid, subj, pred, obj, modality, attr, time, precision = head
        if aid in rejected:
            continue
        group = list(group)
        yield {"id": aid, "subject": canon.get(subj, subj), "predicate": pred, "object": canon.get(obj, obj),
               "modality": modality, "attributed_to": canon.get(attr, attr) if attr else None, "time": time,
               "time_precision": precision,
               "evidence": [{"article": r[8], "sentence": r[9], "start": r[10], "end": r[11], "rule": r[12]}
                            for r in group],
               "sources": len({r[13] for r in group})}


def _quotes(b, canon: dict[str, str]) -> Iterator[dict]:
    # a near-duplicate's quote that its original also has is the same quote, not a second one
    rows = b.stream(
        "SELECT q.article, q.speaker, q.text, q.via, q.start_char, q.end_char, q.sentence, q.rule "
        "FROM quotes q JOIN articles a ON a.id = q.article WHERE a.duplicate_of IS NULL OR NOT EXISTS "
        "(SELECT 1 FROM quotes o WHERE o.article = a.duplicate_of AND o.text = q.text) "
        "ORDER BY a.seq, q.start_char, q.id")
    for article, speaker, text, via, start, end, sentence, rule in rows:
        yield {"speaker": canon.get(speaker, speaker) if speaker else None, "text": text,
               "via": [canon.get(v, v) for v in json.loads(via)], "article": article, "start": start, "end": end,
               "sentence": sentence, "rule": rule}
