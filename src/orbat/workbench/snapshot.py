"""The corrected store in memory: entities, facts and quotes, read once and shared by every query.

``load(store)`` reads the tables in one read snapshot and applies the analyst's
corrections (``orbat.curation.view``): merged entities become one, split ones two,
renamed and retyped ones carry the analyst's name and type, hidden ones and
rejected facts are left out. Sentences are not held here (they are fetched for
the facts a query shows); everything a ranking, tree or path needs is.

``Picture`` is the snapshot as it stood on a date (``as_of``): evidence from
articles published after it and facts dated after it are left out, and a
``succeeded`` relation dated by then ends the predecessor's ``leads`` of every
unit the successor leads.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from orbat.names import fold_key
from orbat.workbench import dates
from orbat import curation

MODALITY_RANK = {"asserted": 4, "reported": 3, "alleged": 2, "hypothetical": 1, "negated": 0}


@dataclass(slots=True)
class Ent:
    id: str
    name: str
    type: str
    wikidata: str | None = None
    ref: str | None = None
    stored: set = field(default_factory=set)  # stored entity ids whose mentions may be this entity
    forms: dict = field(default_factory=dict)  # surface form -> articles it appears in
    mentions: int = 0
    articles: int = 0


@dataclass(slots=True)
class Art:
    id: str
    seq: int
    title: str | None
    source: str | None
    published: str | None
    independent: bool
    path: str


@dataclass(slots=True)
class Fact:
    id: str
    s: str
    p: str
    o: str
    modality: str
    attributed_to: str | None
    time: str | None
    precision: str | None
    status: str | None  # confirmed | None
    origin: str
    articles: tuple  # the article of each evidence row (repeats: one per sentence), oldest first


@dataclass(slots=True)
class QuoteRec:
    id: int
    article: str
    speaker: str | None
    text: str
    via: tuple
    sentence: str | None


@dataclass(slots=True)
class Live:
    """A fact as it stands in a Picture."""

    fact: Fact
    articles: tuple  # distinct evidence articles that count at that date
    n_evidence: int  # evidence sentences from those articles
    independent: int
    first: str | None
    last: str | None
    ended: tuple | None = None  # (successor id, date, succession fact id) when a succession ended it


class Snapshot:
    def __init__(self, store, fingerprint):
        self.fingerprint = fingerprint
        self.view = v = curation.view(store)
        self._mention_of: dict[tuple, str] = {}
        # only splits move single mentions; without any, a mention is its stored entity's (one look-up)
        self._split_aware = bool(getattr(v, "_splits", True))
        b = store.backend
        b.begin_read()
        try:
            self._load(b, v)
        finally:
            b.rollback()
        self._index()
        self._pictures: dict = {}

    # loading -----------------------------------------------------------------
    def _load(self, b, v) -> None:
        self.articles: dict[str, Art] = {}
        for aid, seq, title, source, published, status, path in b.execute(
                "SELECT id, seq, title, source, published, status, path FROM articles ORDER BY seq"):
            self.articles[aid] = Art(aid, seq, title, source, published, status == "independent", path)

        stored_name: dict[str, tuple] = {}
        canon: dict[str, str] = {}
        self.entities: dict[str, Ent] = {}
        rows = b.execute("SELECT id, name, type, ref, wikidata FROM entities ORDER BY seq").fetchall()
        for eid, name, etype, ref, qid in rows:
            stored_name[eid] = (name, etype, ref, qid)
        for eid, name, etype, ref, qid in rows:
            c = v.entity(eid) or eid
            canon[eid] = c
            ent = self._ent(c, stored_name, eid)
            if ent is None:
                continue
            ent.stored.add(eid)
            if c == eid or not ent.wikidata:
                ent.wikidata = ent.wikidata or qid
                ent.ref = ent.ref or ref
        self._canon = canon

        mention_of = self._mention_of
        ent_articles: dict[str, set] = defaultdict(set)
        for eid, form, article in b.execute("SELECT entity, form, article FROM aliases"):
            key = (eid, form)
            m = mention_of.get(key)
            if m is None:
                m = mention_of[key] = v.mention_entity(eid, form) or canon.get(eid, eid)
            if article:  # a split can move a form in one article only (the in-article rule)
                m = self.mention_entity(eid, form, article)
            ent = self._ent(m, stored_name, eid)
            if ent is None:
                continue
            ent.stored.add(eid)
            if article:
                ent.forms[form] = ent.forms.get(form, 0) + 1
                ent_articles[m].add(article)
        for m, arts in ent_articles.items():
            self.entities[m].articles = len(arts)
        del ent_articles
        for eid, form, n in b.execute("SELECT entity, text, COUNT(*) FROM mentions GROUP BY entity, text"):
            m = mention_of.get((eid, form)) or v.mention_entity(eid, form) or canon.get(eid, eid)
            ent = self.entities.get(m)
            if ent is not None:
                ent.mentions += n

        self.facts: dict[str, Fact] = {}
        cur = None
        for (aid, s, p, o, modality, attr, time, precision, origin, article) in b.execute(
                "SELECT s.id, s.subject, s.predicate, s.object, s.modality, s.attributed_to, s.time, "
                "s.time_precision, s.origin, v.article FROM assertions s LEFT JOIN evidence v "
                "ON v.assertion = s.id ORDER BY s.id"):
            if cur is None or cur[0] != aid:
                if cur is not None:
                    self._add_fact(v, *cur)
                cur = [aid, s, p, o, modality, attr, time, precision, origin, []]
            if article is not None:
                cur[9].append(article)
        if cur is not None:
            self._add_fact(v, *cur)

        self.quotes: list[QuoteRec] = []
        dup_of = {a: d for a, d in b.execute("SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL")}
        qrows = b.execute("SELECT q.id, q.article, q.speaker, q.text, q.via, q.sentence FROM quotes q "
                          "JOIN articles a ON a.id = q.article ORDER BY a.seq, q.start_char, q.id").fetchall()
        originals = {(r[1], r[3]) for r in qrows}
        for qid, article, speaker, text, via, sentence in qrows:
            if article in dup_of and (dup_of[article], text) in originals:
                continue  # a near-duplicate's copy of its original's quote is the same quote
            sp = None
            if speaker:
                sp = canon.get(speaker) or v.entity(speaker)
                if sp not in self.entities:
                    sp = None
            vias = tuple(x for x in (canon.get(w, w) for w in json.loads(via or "[]")) if x in self.entities)
            self.quotes.append(QuoteRec(qid, article, sp, text, vias, sentence))

    def _ent(self, c: str, stored_name: dict, fallback: str) -> Ent | None:
        ent = self.entities.get(c)
        if ent is not None:
            return ent
        if self.view.hidden(c):
            return None
        name, etype, ref, qid = stored_name.get(c) or stored_name.get(fallback) or (c, "UNKNOWN", None, None)
        ent = Ent(c, self.view.name(c, name) or name, self.view.type(c, etype) or etype,
                  qid if c in stored_name else None, ref if c in stored_name else None)
        self.entities[c] = ent
        return ent

    def _add_fact(self, v, aid, s, p, o, modality, attr, time, precision, origin, arts) -> None:
        status = v.status(aid)
        if status == "rejected":
            return
        s, o = v.ends(aid, s, o)
        s = self._canon.get(s, s)
        o = self._canon.get(o, o)
        if s == o or s not in self.entities or o not in self.entities:
            return
        if attr:
            attr = self._canon.get(attr, attr)
        ordered = tuple(sorted(arts, key=lambda a: self.articles[a].seq if a in self.articles else 0))
        self.facts[aid] = Fact(aid, s, p, o, modality, attr, time, precision, status, origin, ordered)

    def _index(self) -> None:
        self.by_entity: dict[str, list[str]] = defaultdict(list)
        for f in self.facts.values():
            self.by_entity[f.s].append(f.id)
            self.by_entity[f.o].append(f.id)
        self.name_keys: dict[str, set] = defaultdict(set)
        self.alias_keys: dict[str, set] = defaultdict(set)
        self.surnames: dict[str, set] = defaultdict(set)
        for ent in self.entities.values():
            k = fold_key(ent.name)
            if k:
                self.name_keys[k].add(ent.id)
                if ent.type == "PERSON" and len(k.split()) > 1:
                    self.surnames[k.split()[-1]].add(ent.id)
            for form in ent.forms:
                fk = fold_key(form)
                if fk and fk != k:
                    self.alias_keys[fk].add(ent.id)
        self.speakers: dict[str, list[int]] = defaultdict(list)
        for i, q in enumerate(self.quotes):
            if q.speaker:
                self.speakers[q.speaker].append(i)

    # pictures ------------------------------------------------------------------
    def picture(self, as_of: str | None) -> "Picture":
        pic = self._pictures.get(as_of)
        if pic is None:
            if len(self._pictures) > 8:
                self._pictures.clear()
            pic = self._pictures[as_of] = Picture(self, as_of)
        return pic

    def mention_entity(self, stored: str, form: str, article: str | None = None) -> str:
        if article is not None and self._split_aware:
            try:
                return self.view.mention_entity(stored, form, article) or self._canon.get(stored, stored)
            except TypeError:  # a view without the in-article rule
                pass
        m = self._mention_of.get((stored, form))
        if m is None:
            m = self._mention_of[(stored, form)] = self.view.mention_entity(stored, form) or \
                self._canon.get(stored, stored)
        return m


class Picture:
    """The facts as they stood on ``as_of`` (a user date; None: everything known now)."""

    def __init__(self, snap: Snapshot, as_of: str | None):
        self.snap = snap
        self.as_of = as_of
        limit = dates.end(as_of) if as_of else None
        arts = snap.articles
        live: dict[str, Live] = {}
        for f in snap.facts.values():
            if limit and f.time and not dates.by(f.time, limit):
                continue
            if limit:
                rows = tuple(a for a in f.articles if a in arts and dates.by(arts[a].published, limit))
                if f.articles and not rows:
                    continue
            else:
                rows = f.articles
            kept = tuple(dict.fromkeys(rows))
            indep = sum(1 for a in kept if a in arts and arts[a].independent)
            if f.time:
                first = last = f.time
            else:
                pub = [arts[a].published for a in kept if a in arts and arts[a].published]
                first, last = (min(pub, key=dates.start), max(pub, key=dates.start)) if pub else (None, None)
            live[f.id] = Live(f, kept, len(rows), indep, first, last)
        self.live = live
        self._successions()

    def _successions(self) -> None:
        leads: dict[str, dict[str, list[Live]]] = defaultdict(lambda: defaultdict(list))  # person -> unit -> facts
        for lv in self.live.values():
            if lv.fact.p == "leads" and lv.fact.modality != "negated":
                leads[lv.fact.s][lv.fact.o].append(lv)
        events = sorted((lv for lv in self.live.values()
                         if lv.fact.p == "succeeded" and lv.fact.modality not in ("negated", "hypothetical")),
                        key=lambda lv: dates.start(lv.first) or "")
        for lv in events:
            successor, predecessor = lv.fact.s, lv.fact.o
            for unit in set(leads.get(successor, {})) & set(leads.get(predecessor, {})):
                for old in leads[predecessor][unit]:
                    if old.ended is None:
                        old.ended = (successor, lv.first, lv.fact.id)

    def facts_of(self, eid: str) -> list[Live]:
        return [self.live[a] for a in self.snap.by_entity.get(eid, ()) if a in self.live]
