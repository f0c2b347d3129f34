"""The facts of the order of battle: who leads, serves in, backs, fights ... whom.

``find_relations(doc, entities, mentions, article_date)`` reads relations between the article's
entities off a parsed spaCy Doc. It *matches* first (every pattern family yields candidate
triples with the rule id and the words that state them) and *writes* afterwards (type checks
against the ontology, modality, attribution, time, deduplication), so the patterns stay data:

- surface patterns (``data/relations/surface.yaml``): appositions, titles, possessives, compounds
  and short clauses over the sentence with its mentions as slots (``relation_patterns``);
- verb frames (``data/relations/dependency.yaml``): subject and object of trigger verbs in the
  dependency parse, through conjunctions, relative clauses, infinitives and passives
  (``relations_dep``);
- name rules (``relations_names``): what an entity's own name says ("IRGC Quds Force" is a unit
  of the IRGC, "Iraqi parliament" a body of Iraq) and head-of-state titles ("President X").

A relation is kept only when its ends fit the predicate's types; one per (subject, predicate,
object), the first stated. Work is bounded per sentence, so a runaway sentence cannot hang it.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from orbat import ontology
from orbat.model import Evidence, Relation
from orbat.nlp import modality, relation_patterns as rp
from orbat.nlp.relations_dep import match_dependency
from orbat.nlp.relations_names import match_names
from orbat.nlp.relations_time import time_for

MAX_SENT_CHARS = 20000  # longer sentences are matched in windows of this size
MAX_RELATIONS = 2000


@lru_cache(maxsize=1)
def _cues() -> modality.Cues:
    return modality.cues_from(rp.default().cues)


class Context:
    """What the matchers need to know about one article."""

    def __init__(self, doc, entities, mentions, quotes=None):
        self.doc = doc
        self.text = doc.text
        self.patterns = rp.default()
        self.cues = _cues()
        self.entities = {e.id: e for e in entities}
        self.mentions = sorted(mentions)
        self.starts = [m[0] for m in self.mentions]
        self.tok_ent: dict[int, str] = {}
        for s, e, eid, _typ in self.mentions:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is not None:
                for t in span:
                    self.tok_ent.setdefault(t.i, eid)
        self.type_of = {eid: ent.type for eid, ent in self.entities.items()}
        for s, e, eid, typ in self.mentions:
            self.type_of.setdefault(eid, typ)
        self.forms = {eid: self._forms(eid) for eid in self.type_of}
        self.countries = {eid for eid, t in self.type_of.items()
                          if t == "GPE" and self.forms[eid] & self.patterns.countries}
        self.country_by_name = {}
        for eid in self.countries:
            for f in self.forms[eid]:
                self.country_by_name.setdefault(f, eid)
        self.demonym_ids = {adj: self.country_by_name[c.lower()] for adj, c in self.patterns.demonyms.items()
                            if c.lower() in self.country_by_name}
        if self.demonym_ids:
            alts = sorted(self.demonym_ids, key=len, reverse=True)
            self.demonym_rx = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(a) for a in alts) + r")(?![\w])",
                                         re.IGNORECASE)
        else:
            self.demonym_rx = None
        self.its: dict[int, str] = {}
        self.quote_spans = []
        for q in quotes or ():
            if q.evidence is not None:
                self.quote_spans.append((q.evidence.start, q.evidence.end, q.speaker or ""))
        self.quote_spans.sort()
        self.q_starts = [q[0] for q in self.quote_spans]

    def _forms(self, eid):
        out = set()
        ent = self.entities.get(eid)
        if ent is not None:
            out.add(ent.name.lower())
            out.update(a.lower() for a in ent.aliases)
        for s, e, i, _ in self.mentions:
            if i == eid:
                out.add(re.sub(r"[’']s$", "", self.text[s:e]).strip(" ,").lower())
        return out

    def subtype(self, eid, typ, surface):
        if typ == "GPE":
            return "GPE.COUNTRY" if eid in self.countries else "GPE.CITY"
        if typ == "ARMED_GROUP":
            words = re.findall(r"[A-Za-z]+", surface)
            if words and words[-1].lower() in self.patterns.unit_words:
                return "ARMED_GROUP.UNIT"
        return typ

    def ent_of_token(self, tok, role: str = "subject") -> list[str]:
        """The entities a token stands for: its mention, or a group noun's modifier ("Houthi rebels")."""
        eid = self.tok_ent.get(tok.i)
        if eid:
            return [eid]
        low = tok.lower_
        if low in ("its", "their") and tok.i in self.its:
            return [self.its[tok.i]]
        nouns = _group_nouns() | (_agent_nouns() if role == "subject" else frozenset())
        if low in nouns:
            out = []
            for c in tok.children:
                if c.dep_ in (("compound", "amod", "poss", "nmod") if role == "subject" else ("compound", "amod")):
                    for t in [c] + list(c.conjuncts):
                        if t.i in self.tok_ent:
                            out.append(self.tok_ent[t.i])
                        elif t.lower_ in self.demonym_ids and t.dep_ in ("amod", "compound", "conj"):
                            out.append(self.demonym_ids[t.lower_])
            return out
        return []

    def resolve_its(self, sent):
        """'its'/'their' -> the entity that is the subject of this sentence (before it) or of the one before."""
        def subj_entity(s):
            root = s.root
            for c in root.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    e = self.tok_ent.get(c.i)
                    if e is None:
                        for g in c.children:
                            if g.dep_ == "poss" and g.i in self.tok_ent:
                                e = self.tok_ent[g.i]
                    if e is not None and self.type_of.get(e) in ("ARMED_GROUP", "ORGANIZATION", "GPE"):
                        return c.i, e
            return None
        here = subj_entity(sent)
        before = subj_entity(self.doc[sent.start - 1].sent) if sent.start > 0 else None
        for t in sent:
            if t.lower_ == "its" and t.i not in self.tok_ent:
                if here is not None and here[0] < t.i:
                    self.its[t.i] = here[1]
                elif here is None and before is not None:
                    self.its[t.i] = before[1]

    def quote_at(self, char):
        k = bisect.bisect_right(self.q_starts, char) - 1
        while k >= 0:
            s, e, spk = self.quote_spans[k]
            if s <= char < e:
                return spk
            if e <= char and k < len(self.quote_spans) and s < char - 5000:
                break
            k -= 1
        return None

    def according_at(self, sent):
        m = self.cues.according.search(self.text, sent.start_char, sent.end_char)
        if not m:
            return None
        k = bisect.bisect_left(self.starts, m.end())
        if k < len(self.mentions):
            s, e, eid, typ = self.mentions[k]
            if s - m.end() <= 40 and e <= sent.end_char and typ in ("PERSON", "ORGANIZATION", "MEDIA", "GPE", "ARMED_GROUP"):
                return eid
        return None


@lru_cache(maxsize=1)
def _group_nouns() -> frozenset:
    return frozenset(w.lower() for w in rp.default().lexicon.get("GROUP_NOUN", []))


@lru_cache(maxsize=1)
def _agent_nouns() -> frozenset:
    return frozenset(w.lower() for w in rp.default().lexicon.get("AGENT_NOUN", []))


def _sentence_mentions(ctx: Context, a: int, b: int) -> list:
    k = bisect.bisect_left(ctx.starts, a)
    out = []
    while k < len(ctx.mentions) and ctx.mentions[k][0] < b:
        if ctx.mentions[k][1] <= b:
            out.append(ctx.mentions[k])
        k += 1
    return out


def _anchor(doc, sent, start, end):
    """The trigger token of a surface match: its first verb outside the entity slots, else its first token."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return sent[0]
    for t in span:
        if t.pos_ in ("VERB", "AUX") and t.lemma_ not in ("be", "have"):
            return t
    return span[0]


_ABBREV = re.compile(r"^(?:Brig|Gen|Maj|Col|Lt|Capt|Cmdr|Adm|Sgt|Rep|Sen|Gov|Dr|Mr|Mrs|Ms|St|Sr|Jr|No)\.$")
_FINAL = re.compile(r"[.!?\u2026\"\u201d\u2019':;]\s*$")


def _units(doc):
    """The parser's sentences, rejoined where it split inside one ("... Corps (IRGC) Major General X urged").

    A sentence that does not end in final punctuation continues into the next one of the same
    paragraph.
    """
    start = None
    for sent in doc.sents:
        if start is None:
            start = sent.start
        nxt = sent.end
        if nxt < len(doc) and (not _FINAL.search(sent.text) or _ABBREV.match(doc[sent.end - 1].text)) and "\n" not in doc[sent.end - 1].text_with_ws \
                and not doc[nxt].is_space and nxt - start < 400:
            continue
        yield doc[start:nxt]
        start = None
    if start is not None and start < len(doc):
        yield doc[start:len(doc)]


def find_relations(doc, entities, mentions, article_date: str | None = None, quotes=None) -> list[Relation]:
    """Relations between the article's entities, each with its evidence, modality, source and time."""
    if not len(doc) or not mentions:
        return []
    ctx = Context(doc, entities, mentions, quotes)
    onto = ontology.default()
    candidates = []  # (start, subject, predicate, object, rule id, ev start, ev end, sent, anchor, kind)
    indirect = []  # (predicate the object entity holds, candidate): "X's deputy Y" -> Y member_of what X leads
    for sent in _units(doc):
        a, b = sent.start_char, sent.end_char
        ms = _sentence_mentions(ctx, a, b)
        if len(ms) < 1:
            continue
        ctx.resolve_its(sent)
        its = [(doc[i].idx, doc[i].idx + len(doc[i]), e, ctx.type_of[e]) for i, e in ctx.its.items()
               if sent.start <= i < sent.end]
        if its:
            ms = sorted(ms + its)
        for wa in range(a, b, MAX_SENT_CHARS):
            wb = min(b, wa + MAX_SENT_CHARS + 200)
            wms = [m for m in ms if m[0] >= wa and m[1] <= wb]
            tpl = rp.template(ctx.text, wa, wb, wms, ctx.demonym_rx, ctx.demonym_ids, ctx.subtype)
            for hit in rp.match_surface(tpl, ctx.patterns.surface):
                anchor = _anchor(doc, sent, hit.start, hit.end)
                for si in hit.subjects:
                    for oi in hit.objects:
                        c = (hit.start, tpl.slots[si].eid, hit.rule.predicate, tpl.slots[oi].eid,
                             hit.rule.id, hit.start, hit.end, sent, anchor, hit.rule.kind)
                        (indirect if hit.rule.object_via else candidates).append((hit.rule.object_via, c))
        if len(ms) >= 2 or any(ctx.ent_of_token(t) for t in sent):
            for c in match_dependency(ctx, sent):
                candidates.append((None, c))
    candidates = [c for _, c in candidates]
    candidates.extend(match_names(ctx))
    for via, c in indirect:
        for d in candidates:
            if d[2] == via and d[1] == c[3] and d[3] != c[1] and onto.predicates[via].allows(
                    ctx.type_of.get(d[1], ""), ctx.type_of.get(d[3], "")):
                candidates.append(c[:3] + (d[3],) + c[4:])
    candidates.sort(key=lambda c: (c[0], c[4]))

    out: list[Relation] = []
    seen = set()
    for cand in candidates:
        (_, s, pred, o, rule, es, ee, sent, anchor, kind) = cand[:10]
        ts, te = cand[10] if len(cand) > 10 else (es, ee)
        if s == o or s not in ctx.type_of or o not in ctx.type_of:
            continue
        p = onto.predicates[pred]
        if not p.allows(ctx.type_of[s], ctx.type_of[o]):
            continue
        key = (min(s, o), pred, max(s, o)) if p.symmetric else (s, pred, o)
        if key in seen:
            continue
        seen.add(key)
        mod, by = modality.assess(anchor, sent, kind, ctx.cues, ctx.ent_of_token, ctx.quote_at, ctx.according_at)
        tv, tp = time_for(ctx.text, ts, te, sent.end_char, article_date)
        ev = Evidence(es, ee, sent.text, sent.start_char, rule)
        out.append(Relation(s, pred, o, mod, by, tv, tp, ev))
        if len(out) >= MAX_RELATIONS:
            break
    keys = {(r.subject, r.predicate, r.object) for r in out}
    out = [r for r in out if not (r.predicate == "member_of" and (r.subject, "leads", r.object) in keys)]
    return out
