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
from orbat.nlp import modality, relation_patterns as rp, relations_anaphora as anaphora
from orbat.nlp.relations_dep import match_dependency
from orbat.nlp.relations_names import match_names
from orbat.nlp.relations_time import time_for

MAX_SENT_CHARS = 20000  # longer sentences are matched in windows of this size
MAX_RELATIONS = 2000
_STRENGTH = ("negated", "hypothetical", "alleged", "reported", "asserted")  # the strongest cue wins


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
        self.by_ref = {ent.ref: eid for eid, ent in self.entities.items() if getattr(ent, "ref", None)}
        caps = self.patterns.capitals
        self.state_of = {eid: self.by_ref[caps[ref]] for ref, eid in self.by_ref.items()
                         if ref in caps and caps[ref] in self.by_ref}  # capital entity -> its country entity
        self.ana: dict[int, tuple] = {}  # token -> (eid, rule, start, end): resolved anaphors
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
        if tok.i in self.ana:
            hit = self.ana[tok.i]
            return list(hit[4]) if len(hit) > 4 else [hit[0]]
        if role == "object" and low in _word_list("POPULATION_NOUN"):
            return self._modifier_entities(tok, ("compound", "amod", "poss", "nmod"))
        if role == "object" and low in _word_list("TARGET_NOUN"):
            out = self._modifier_entities(tok, ("compound", "amod", "poss", "nmod"))
            return out or self._holder(tok)
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

    def _modifier_entities(self, tok, deps):
        out = []
        for c in tok.children:
            if c.dep_ in deps:
                for t in [c] + list(c.conjuncts):
                    e = self.tok_ent.get(t.i) or self.ana_ent(t.i)
                    if e:
                        out.append(e)
                    elif t.lower_ in self.demonym_ids and t.dep_ in ("amod", "compound", "conj"):
                        out.append(self.demonym_ids[t.lower_])
        return out

    def _holder(self, tok):
        """Who holds a target: "sites used by X", "posts of X", "bases that house U.S. forces"."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                for g in c.children:
                    if g.dep_ == "pobj" and (g.i in self.tok_ent or g.i in self.ana):
                        return [self.tok_ent.get(g.i) or self.ana_ent(g.i)]
            if c.dep_ in ("acl", "relcl"):
                for g in c.children:
                    if g.dep_ == "agent":
                        for p in g.children:
                            if p.dep_ == "pobj" and (p.i in self.tok_ent or p.i in self.ana):
                                return [self.tok_ent.get(p.i) or self.ana_ent(p.i)]
                    if g.dep_ == "dobj" and c.lemma_.lower() in ("house", "host", "hold", "shelter"):
                        found = self.ent_of_token(g, "subject")
                        if found:
                            return found
        return []

    def ana_ent(self, i):
        hit = self.ana.get(i)
        return hit[0] if hit else None

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
        return "" if m.group(0).lower().startswith(("according", "citing")) else None  # an unnamed source ("according to Iraqi security sources"): reported, no attribution


@lru_cache(maxsize=1)
def _group_nouns() -> frozenset:
    return frozenset(w.lower() for w in rp.default().lexicon.get("GROUP_NOUN", []))


@lru_cache(maxsize=8)
def _word_list(name: str) -> frozenset:
    return frozenset(w.lower() for w in rp.default().lexicon.get(name, []))


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
    units = list(_units(doc))
    anaphora.resolve(ctx, units)
    ana_at = {v[2]: v[1] for v in ctx.ana.values()}  # slot start -> anaphor rule
    ana_many = {v[2]: v[4] for v in ctx.ana.values() if len(v) > 4}  # slot start -> entities of a plural
    for sent in units:
        a, b = sent.start_char, sent.end_char
        ms = _sentence_mentions(ctx, a, b)
        ana = [(v[2], v[3], v[0], ctx.type_of[v[0]]) for i, v in ctx.ana.items() if sent.start <= i < sent.end]
        if ana:
            ms = sorted(ms + ana)
        if len(ms) < 1:
            continue
        for wa in range(a, b, MAX_SENT_CHARS):
            wb = min(b, wa + MAX_SENT_CHARS + 200)
            wms = [m for m in ms if m[0] >= wa and m[1] <= wb]
            tpl = rp.template(ctx.text, wa, wb, wms, ctx.demonym_rx, ctx.demonym_ids, ctx.subtype)
            for hit in rp.match_surface(tpl, ctx.patterns.surface):
                anchor = _anchor(doc, sent, hit.start, hit.end)
                for si in hit.subjects:
                    for oi in hit.objects:
                        rid = hit.rule.id + "".join("+" + ana_at[tpl.slots[x].start] for x in (si, oi)
                                                    if tpl.slots[x].start in ana_at)
                        for se in ana_many.get(tpl.slots[si].start, (tpl.slots[si].eid,)):
                            for oe in ana_many.get(tpl.slots[oi].start, (tpl.slots[oi].eid,)):
                                c = (hit.start, se, hit.rule.predicate, oe,
                                     rid, hit.start, hit.end, sent, anchor, hit.rule.kind)
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
    fixed_mod = ctx.patterns.fixed_modality
    for cand in candidates:
        (_, s, pred, o, rule, es, ee, sent, anchor, kind) = cand[:10]
        ts, te = cand[10] if len(cand) > 10 else (es, ee)
        ends = ctx.patterns.capital_ends.get(pred, ())
        if ("subject" in ends and s in ctx.state_of) or ("object" in ends and o in ctx.state_of):
            s = ctx.state_of.get(s, s) if "subject" in ends else s  # "Tehran backs X": Iran backs X
            o = ctx.state_of.get(o, o) if "object" in ends else o
            rule += "+capital"
        if s == o or s not in ctx.type_of or o not in ctx.type_of:
            continue
        p = onto.predicates[pred]
        if not p.allows(ctx.type_of[s], ctx.type_of[o]):
            continue
        key = (min(s, o), pred, max(s, o)) if p.symmetric else (s, pred, o)
        if key in seen:
            continue
        seen.add(key)
        mod, by = modality.assess(anchor, sent, kind, ctx.cues, ctx.ent_of_token, ctx.quote_at, ctx.according_at, pred)
        fixed = fixed_mod.get(rule.split("+", 1)[0])
        if fixed and _STRENGTH.index(fixed) < _STRENGTH.index(mod):
            mod = fixed
        tv, tp = time_for(ctx.text, ts, te, sent.end_char, article_date)
        ev = Evidence(es, ee, sent.text, sent.start_char, rule)
        out.append(Relation(s, pred, o, mod, by, tv, tp, ev))
        if len(out) >= MAX_RELATIONS:
            break
    keys = {(r.subject, r.predicate, r.object) for r in out}
    out = [r for r in out if not (r.predicate == "member_of" and (r.subject, "leads", r.object) in keys)]
    return out
