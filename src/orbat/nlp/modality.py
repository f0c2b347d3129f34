"""Modality and attribution of a relation, from the cues around its words.

``assess()`` walks from the relation's anchor token (its trigger word) up through the words that
govern it, and reads the cues of ``orbat/data/relations/modality.yaml``:

- negated: a negation on the trigger or a governing verb, or a verb of denial above it;
- hypothetical: a modal auxiliary (could, would, may, will ...), a verb of plans or wishes
  (plans to, urged ... to, is ready to) above the trigger, or an "if" clause;
- alleged: a hedge (allegedly, reportedly, claims, is believed to, is said to, seems to);
- reported: a reporting verb whose complement holds the trigger ("X said ..."), "according to X",
  or the words inside a quotation with a speaker;
- asserted: none of these.

The strongest wins in that order. ``attributed_to`` is the entity of the reporting or claiming
source when one is named. Nominal facts (titles, appositions, possessives) take their modality only
from quotations: "IRGC chief X" stays asserted in a sentence that reports something else.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CHAIN = 12
REPORTED = ("ccomp", "xcomp", "parataxis", "conj", "dobj")  # how a reporting verb holds what it reports
REPORTED_NOMINAL = ("ccomp", "xcomp", "parataxis")  # ... a nominal fact: inside the reported clause


@dataclass(frozen=True)
class Cues:
    reporting: frozenset
    hedge_verbs: frozenset
    hedge_words: frozenset
    hedge_passive: frozenset
    modal_aux: frozenset
    plan_verbs: frozenset
    plan_marks: frozenset
    negation: frozenset
    deny_verbs: frozenset
    according: re.Pattern
    report_to: frozenset = frozenset()
    reason_verbs: frozenset = frozenset()
    eventive: frozenset = frozenset()


def cues_from(data: dict) -> Cues:
    def fs(key):
        return frozenset(str(w).lower() for w in data.get(key, []))

    acc = sorted(data.get("according_to", []), key=len, reverse=True)
    according = re.compile(r"\b(?:" + "|".join(r"\s+".join(map(re.escape, a.split())) for a in acc) + r")\b",
                           re.IGNORECASE)
    return Cues(fs("reporting_verbs"), fs("hedge_verbs"), fs("hedge_words"), fs("hedge_passive"),
                fs("modal_aux"), fs("plan_verbs"), fs("plan_marks"), fs("negation_words"), fs("deny_verbs"),
                according, fs("reporting_to"), fs("reason_verbs"), fs("eventive_predicates"))


def _subject_entity(tok, ent_of):
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass") or (c.dep_ == "agent"):
            cands = [c] if c.dep_ != "agent" else [g for g in c.children if g.dep_ == "pobj"]
            for x in cands:
                ids = ent_of(x)
                if ids:
                    return ids[0]
    return None


def assess(anchor, sent, kind: str, cues: Cues, ent_of, quote_at, according_at,
           predicate: str | None = None) -> tuple[str, str | None]:
    """(modality, attributed entity id or None) for a relation whose trigger is ``anchor``.

    ``ent_of(token)`` gives the entity ids a token stands for; ``quote_at(char)`` the speaker id of
    the quotation holding that character (or "" for a quotation without a speaker, None outside);
    ``according_at(sent)`` the entity credited by "according to X" in the sentence ("" for an unnamed
    source), if any. A nominal fact (title, apposition, possessive) is reported when it sits in
    what a reporting verb reports ("X said Lebanon's Hezbollah ..."), never when it names the speaker
    ("IRGC chief X said ..."); an eventive one (``eventive_predicates``: "brigades massed near the border")
    also takes the modal, hedge and negation cues of the clause it is the object of.
    """
    speaker = quote_at(anchor.idx)
    in_quote = speaker is not None
    attributed = speaker or None
    flags = set()
    nominal = kind != "clause"
    eventive = not nominal or (predicate in cues.eventive)
    chain = [anchor]
    tok = anchor
    while tok.head is not tok and len(chain) < MAX_CHAIN:
        chain.append(tok.head)
        tok = tok.head
    scope_closed = False  # past a reporting verb, cues belong to the speaker, not the fact
    in_relative = False
    prev = None
    for node in chain:
        lemma = node.lemma_.lower()
        is_report = node is not anchor and lemma in cues.reporting and node.pos_ in ("VERB", "AUX")
        if prev is not None and prev.dep_ == "relcl":
            in_relative = True  # "X, which has struck Y": the clause's own fact; above it only reporting counts
        if is_report and prev is not None and prev.dep_ not in (REPORTED_NOMINAL if nominal or in_relative else REPORTED) \
                and not (prev.dep_ == "prep" and prev.lower_ == "to" and lemma in cues.report_to):
            is_report = False  # only the reported content, not the speaker's description or setting
        if nominal and not eventive:
            continue  # titles, appositions, possessives: only quotations make them someone's words
        if not scope_closed and not is_report:
            for c in node.children:
                if c.dep_ == "parataxis" and c.lemma_.lower() in cues.reporting and c is not prev:
                    flags.add("reported")  # "In Syria, Yazdi said, the Basij is ..."
                    attributed = attributed or _subject_entity(c, ent_of)
        if not scope_closed and not nominal and not in_relative:
            for c in node.children:
                cl = c.lower_
                if c.dep_ == "neg" or (cl in cues.negation and c.dep_ in ("neg", "advmod", "det")
                                       and c.head is node):
                    flags.add("negated")
                if c.dep_ in ("aux", "auxpass") and cl in cues.modal_aux:
                    flags.add("hypothetical")
                if c.dep_ == "mark" and cl in cues.plan_marks:
                    flags.add("hypothetical")
                if c.dep_ == "advmod" and cl in cues.hedge_words:
                    flags.add("alleged")
            if node is not anchor:
                if lemma in cues.deny_verbs:
                    flags.add("negated")
                if lemma in cues.plan_verbs:
                    flags.add("hypothetical")
                if lemma in cues.hedge_verbs:
                    flags.add("alleged")
                    attributed = attributed or _subject_entity(node, ent_of)
                if lemma in cues.hedge_passive and any(c.dep_ in ("auxpass", "nsubjpass") for c in node.children):
                    flags.add("alleged")
                if lemma in cues.reason_verbs and prev is not None and prev.dep_ == "prep" and prev.lower_ == "for":
                    flags.add("reported")  # "designated X for providing ...": the designator's grounds
                    attributed = attributed or _subject_entity(node, ent_of)
        if is_report and not scope_closed:
            flags.add("reported")
            attributed = attributed or _subject_entity(node, ent_of)
            scope_closed = True
        prev = node
    if not nominal:
        first = sent[0] if len(sent) else None
        if first is not None and first.lower_ in cues.hedge_words and not in_relative:
            flags.add("alleged")
    if in_quote:
        flags.add("reported")
    if not nominal and not in_relative:
        acc = according_at(sent)
        if acc is not None:
            flags.add("reported")
            attributed = attributed or acc or None
    for m in ("negated", "hypothetical", "alleged", "reported"):
        if m in flags:
            return m, attributed
    return "asserted", None
