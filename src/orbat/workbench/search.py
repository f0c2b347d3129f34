"""`orbat search TEXT`: full text over article titles and texts and evidence sentences.

SQLite answers from its FTS5 indexes (``articles_fts``, ``evidence_fts``,
kept in step by triggers: schema migration 2), PostgreSQL from GIN indexes on
``to_tsvector('english', ...)`` with ``plainto_tsquery``. Both stem English
words ("designated" finds "designation"). In SQLite, ``"a phrase"`` and
``prefix*`` work as in FTS5; everything else is taken as words, all required.
"""
from __future__ import annotations

import re

from orbat.workbench.results import Rows, SearchHit

ARTICLE_TSV = "to_tsvector('english', COALESCE(a.title, '') || ' ' || a.text)"
EVIDENCE_TSV = "to_tsvector('english', COALESCE(v.sentence, ''))"


def fts5_query(text: str) -> str:
    """User words as an FTS5 query that cannot be a syntax error: phrases kept, prefixes kept."""
    parts = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', text):
        if phrase:
            words = re.findall(r"\w+", phrase)
            if words:
                parts.append('"' + " ".join(words) + '"')
        else:
            star = word.endswith("*")
            for w in re.findall(r"\w+", word):
                parts.append(f'"{w}"')
            if star and parts and parts[-1].endswith('"'):
                parts[-1] += "*"
    return " ".join(parts)


def search(wb, text: str, limit: int = 20, as_of: str | None = None) -> Rows:
    from orbat.workbench import dates

    snap = wb.snapshot()
    b = wb.store.backend
    if not re.search(r"\w", text or ""):
        return Rows()
    hits: list[SearchHit] = []
    if b.dialect == "sqlite":
        q = fts5_query(text)
        art_rows = b.execute(
            "SELECT a.id, snippet(articles_fts, 1, '[', ']', ' ... ', 16), bm25(articles_fts, 4.0, 1.0) "
            "FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid WHERE articles_fts MATCH ? "
            "ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT ?", (q, limit * 2)).fetchall()
        ev_rows = b.execute(
            "SELECT v.article, v.sentence, snippet(evidence_fts, 0, '[', ']', ' ... ', 24), bm25(evidence_fts) "
            "FROM evidence_fts JOIN evidence v ON v.id = evidence_fts.rowid WHERE evidence_fts MATCH ? "
            "ORDER BY bm25(evidence_fts) LIMIT ?", (q, limit * 4)).fetchall()
        art_rows = [(aid, snip, -score) for aid, snip, score in art_rows]
        ev_rows = [(aid, sent, snip, -score) for aid, sent, snip, score in ev_rows]
    else:
        art_rows = b.execute(
            f"SELECT a.id, ts_headline('english', a.text, q, 'StartSel=[, StopSel=], MaxWords=30, MinWords=10'), "
            f"ts_rank({ARTICLE_TSV}, q) FROM articles a, plainto_tsquery('english', ?) q "
            f"WHERE {ARTICLE_TSV} @@ q ORDER BY 3 DESC LIMIT ?", (text, limit * 2)).fetchall()
        ev_rows = b.execute(
            f"SELECT v.article, v.sentence, ts_headline('english', COALESCE(v.sentence, ''), q, "
            f"'StartSel=[, StopSel=], HighlightAll=true'), ts_rank({EVIDENCE_TSV}, q) "
            f"FROM evidence v, plainto_tsquery('english', ?) q WHERE {EVIDENCE_TSV} @@ q "
            f"ORDER BY 4 DESC LIMIT ?", (text, limit * 4)).fetchall()
    limit_end = dates.end(as_of) if as_of else None

    def ok(aid):
        a = snap.articles.get(aid)
        return a is not None and (limit_end is None or dates.by(a.published, limit_end))

    for aid, snip, score in art_rows:
        if ok(aid):
            a = snap.articles[aid]
            hits.append(SearchHit("article", aid, a.title, a.published, a.source, _flat(snip), round(float(score), 4)))
    seen = set()
    for aid, sentence, snip, score in ev_rows:
        if ok(aid) and (aid, sentence) not in seen:
            seen.add((aid, sentence))
            a = snap.articles[aid]
            hits.append(SearchHit("evidence", aid, a.title, a.published, a.source, _flat(snip),
                                  round(float(score), 4)))
    arts = [h for h in hits if h.kind == "article"][:limit]
    evs = [h for h in hits if h.kind == "evidence"][:limit]
    return Rows(arts + evs)


def _flat(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()
