"""`orbat show NAME`: everything the store knows about one actor, each fact with its sources."""
from __future__ import annotations

from collections import Counter

from collections import defaultdict

from orbat.workbench import dates, lookup
from orbat.workbench.results import (ArticleLine, EntityRef, Profile, QuoteLine, RelationLine, Rows, Source)
from orbat.workbench.snapshot import MODALITY_RANK

CHUNK = 500


def ref(snap, eid: str) -> EntityRef:
    e = snap.entities[eid]
    return EntityRef(e.id, e.name, e.type)


def chunks(items, n=CHUNK):
    items = list(items)
    for i in range(0, len(items), n):
        yield items[i:i + n]


def sentences(backend, assertion_ids) -> dict[str, list[tuple[str, str | None]]]:
    """assertion id -> [(article, sentence)], in evidence order."""
    out: dict[str, list] = defaultdict(list)
    for part in chunks(assertion_ids):
        marks = ", ".join("?" * len(part))
        for aid, article, sentence in backend.execute(
                f"SELECT assertion, article, sentence FROM evidence WHERE assertion IN ({marks}) ORDER BY id",
                tuple(part)):
            out[aid].append((article, sentence))
    return out


def source(snap, article: str, sentence: str | None) -> Source:
    a = snap.articles.get(article)
    return Source(article, a.title if a else None, a.published if a else None, a.source if a else None,
                  sentence.strip() if sentence else sentence, bool(a and a.independent))


def relation_lines(snap, backend, eid: str, lives, symmetric: frozenset, limit: int | None) -> list[RelationLine]:
    groups: dict[tuple, list] = defaultdict(list)
    for lv in lives:
        f = lv.fact
        other, direction = (f.o, "out") if f.s == eid else (f.s, "in")
        if f.p in symmetric:
            direction = "both"
        groups[(f.p, direction, other)].append(lv)
    texts = sentences(backend, [lv.fact.id for g in groups.values() for lv in g])
    lines = []
    for (pred, direction, other), lvs in groups.items():
        arts = {a for lv in lvs for a in lv.articles}
        indep = sum(1 for a in arts if a in snap.articles and snap.articles[a].independent)
        mods = sorted({lv.fact.modality for lv in lvs}, key=lambda m: -MODALITY_RANK.get(m, -1))
        firsts = [lv.first for lv in lvs if lv.first]
        lasts = [lv.last for lv in lvs if lv.last]
        seen, srcs = set(), []
        for lv in lvs:
            allowed = set(lv.articles)
            for article, sentence in texts.get(lv.fact.id, ()):
                if article in allowed and (article, sentence) not in seen:
                    seen.add((article, sentence))
                    srcs.append(source(snap, article, sentence))
        srcs.sort(key=lambda s: (not s.independent, dates.start(s.published) or "9999", s.article))
        ended = None
        enders = [lv.ended for lv in lvs if lv.ended]
        if enders and len(enders) == len(lvs):
            who, when, _ = enders[0]
            ended = f"succeeded by {snap.entities[who].name}" + (f" ({when})" if when else "")
        attrs = tuple(dict.fromkeys(snap.entities[lv.fact.attributed_to].name for lv in lvs
                                    if lv.fact.attributed_to in snap.entities))
        notes = tuple(note_text(n) for lv in lvs for n in (snap.view.notes(lv.fact.id) or ()))
        lines.append(RelationLine(
            predicate=pred, direction=direction, other=ref(snap, other), modality=mods[0], modalities=tuple(mods),
            independent=indep, evidence=len(srcs),
            first=min(firsts, key=dates.start) if firsts else None,
            last=max(lasts, key=dates.start) if lasts else None,
            attributed_to=attrs, ended=ended, confirmed=any(lv.fact.status == "confirmed" for lv in lvs),
            notes=notes, assertions=tuple(sorted(lv.fact.id for lv in lvs)),
            sources=tuple(srcs[:limit] if limit else srcs)))
    return lines


def show(wb, name: str, as_of: str | None = None, sources: int | None = 3, articles: int = 20) -> Profile:
    snap = wb.snapshot()
    pic = snap.picture(as_of)
    eid = lookup.find(snap, name)
    ent = snap.entities[eid]
    b = wb.store.backend
    order = {p: i for i, p in enumerate(wb.ontology.predicates)}
    lives = pic.facts_of(eid)
    negated = [lv for lv in lives if lv.fact.modality == "negated"]
    positive = [lv for lv in lives if lv.fact.modality != "negated"]
    lines = relation_lines(snap, b, eid, positive, wb.symmetric, sources)
    key = lambda r: (order.get(r.predicate, 99), r.direction != "out", -r.independent, -r.evidence, r.other.name)
    current = sorted((r for r in lines if not r.ended), key=key)
    former = sorted((r for r in lines if r.ended), key=key)
    neg = sorted(relation_lines(snap, b, eid, negated, wb.symmetric, sources), key=key)

    limit = dates.end(as_of) if as_of else None
    quotes = []
    for i in snap.speakers.get(eid, ()):
        q = snap.quotes[i]
        a = snap.articles.get(q.article)
        if limit and a and not dates.by(a.published, limit):
            continue
        quotes.append(quote_line(snap, q))

    mentioned: set[str] = set()
    stored = sorted(ent.stored)
    title_rows: list[tuple[str, str]] = []
    for part in chunks(stored):
        marks = ", ".join("?" * len(part))
        for e, form, article in b.execute(
                f"SELECT entity, form, article FROM aliases WHERE entity IN ({marks}) AND article <> ''",
                tuple(part)):
            if snap.mention_entity(e, form, article) == eid:
                mentioned.add(article)
        for e, title, article in b.execute(
                f"SELECT entity, title, article FROM titles WHERE entity IN ({marks})", tuple(part)):
            title_rows.append((title, article))
    arts = [snap.articles[a] for a in mentioned if a in snap.articles]
    if limit:
        arts = [a for a in arts if dates.by(a.published, limit)]
    arts.sort(key=lambda a: (dates.start(a.published) or "", a.seq), reverse=True)
    article_lines = Rows(ArticleLine(a.id, a.title, a.published, a.source, a.independent, a.path)
                         for a in arts[:articles])
    aliases = tuple(sorted((f for f in ent.forms if f != ent.name), key=lambda f: (-ent.forms[f], f)))
    return Profile(entity=ref(snap, eid), aliases=aliases, titles=_titles(title_rows, mentioned), wikidata=ent.wikidata,
                   mentions=ent.mentions, as_of=as_of, relations=Rows(current), negated=Rows(neg),
                   former=Rows(former), quotes=Rows(quotes), articles=article_lines, n_articles=len(arts),
                   notes=tuple(note_text(n) for n in (snap.view.notes(eid) or ())))


def quote_line(snap, q) -> QuoteLine:
    a = snap.articles.get(q.article)
    return QuoteLine(ref(snap, q.speaker) if q.speaker else None, q.text,
                     tuple(snap.entities[v].name for v in q.via if v in snap.entities), q.article,
                     a.title if a else None, a.published if a else None, a.source if a else None, q.sentence)


def _titles(rows: list[tuple[str, str]], articles: set[str]) -> tuple[str, ...]:
    """Titles written before the entity's mentions, in the articles that mention it, commonest first."""
    counts = Counter(title for title, article in rows if article in articles)
    return tuple(t for t, _ in counts.most_common())


def note_text(note: dict) -> str:
    """A note of the curation view (id, text, who, at) as one line."""
    who = f" ({note['who']})" if note.get("who") else ""
    return f"{note.get('text', '')}{who}"
