"""Who a noun phrase, a subject token or a reporting verb names as the speaker:
entities, pronouns and "the commander" resolved back, asides and unnamed subjects."""
from __future__ import annotations

import bisect
import re

from orbat.nlp.quotes.cues import (LOOKBACK_MENTIONS, LOOKBACK_PARAS, ORG_TYPES, PERSON_TYPES, SPEAKER_TYPES,
                                   UNNAMED)


class _Speakers:
    """Speaker resolution for ``_Finder`` (a mixin: it reads the finder's text, parse and entities)."""

    # -- speaker resolution --------------------------------------------------

    def speaker_type_ok(self, e) -> bool:
        return e is not None and e[3] in SPEAKER_TYPES

    def resolve_pronoun(self, pos: int, word: str):
        word = word.lower()
        if word in self.cues.person_pronouns:
            want = PERSON_TYPES
        elif word in self.cues.org_pronouns:
            want = ORG_TYPES
        else:
            return None
        floor = self.paras[max(0, self.para_of(pos) - LOOKBACK_PARAS)][0] if self.paras else 0
        i = bisect.bisect_left(self.ent_starts, pos) - 1
        seen = 0
        fallback = None
        subj = None
        while i >= 0 and seen < LOOKBACK_MENTIONS:
            e = self.ents[i]
            i -= 1
            if e[0] < floor:
                break
            if e[1] > pos or e[3] not in want or self.inside_quote(e[0]):
                continue
            seen += 1
            if fallback is None:
                fallback = e
            if self.is_subject(e) and not self.in_reported_clause(e):
                subj = e
                break
        # a quote speaker resolved earlier counts as a subject mention at its quote
        best = subj or fallback
        for s in reversed(self.spans):
            if s.end > pos or not s.accepted:
                continue
            if s.start < floor:
                break
            if s.speaker and s.speaker_type in want and (subj is None or s.start > subj[0]):
                return s.speaker
            break
        return best[2] if best else None

    def in_reported_clause(self, e) -> bool:
        """Is mention ``e`` inside what someone is reported to have said ("he noted that X had ...")?
        Such a subject is content, not a speaker a later "he" goes back to."""
        if not self.has_parse:
            return False
        tok = self.token_at(e[0])
        if tok is None:
            return False
        for anc in [tok] + list(tok.ancestors)[:12]:
            if anc.dep_ == "ccomp" and anc.head.lower_ in self.cues.reporting:
                return True
        return False

    def is_subject(self, e) -> bool:
        if not self.has_parse:
            return False
        tok = None
        for t in self.tokens_in(e[0], e[1], 12):
            if t.head.idx < e[0] or t.head.idx >= e[1] or t.head is t:
                tok = t
                break
        if tok is None:
            return False
        dep = tok.dep_
        if dep in ("nsubj", "nsubjpass"):
            return True
        if dep in ("appos", "compound", "conj") and tok.head.dep_ in ("nsubj", "nsubjpass"):
            return True
        return False

    def np_speaker(self, a: int, b: int, which: str = "first"):
        """Speaker named by the noun phrase text[a:b]: (entity id, pronoun?) or None."""
        seg = self.text[a:b]
        stripped = seg.strip(" ,")
        if stripped.lower() in self.cues.person_pronouns | self.cues.org_pronouns:
            off = a + seg.find(stripped)
            eid = self.resolve_pronoun(off, stripped)
            return (eid, True) if eid else None
        ents = [e for e in self.ents_in(a, b) if self.speaker_type_ok(e)]
        if not ents:
            dm = re.fullmatch(r"(?:the|this|that)\s+(?:[\w-]+\s+)?([\w-]+)", stripped, re.I)
            if dm and dm.group(1).lower() in self.cues.person_descriptions:
                # "..., the commander said": the person last named
                eid = self.resolve_description(a + seg.find(stripped), dm.group(1).lower())
                return (eid, True) if eid else None
            return None
        # a person heads the phrase ("X, the commander of Y", "the commander, X"),
        # not when the name modifies another noun ("senior Qods Force commander")
        persons = [e for e in ents if e[3] in PERSON_TYPES
                   and re.match(r"\s*(?:$|[,;(\[]|[’']s\s+office\b|and\b|who\b)", self.text[e[1]:b])]
        if persons:
            e = persons[0] if which == "first" else persons[-1]
            return (e[2], False)
        # a non-person speaks only when it heads the phrase: "the IRGC", "Iran's foreign ministry" does not
        lead = re.match(r"[\s,]*(?:(?:the|a|an)\s+)?", seg).end()
        e = ents[0] if which == "first" else ents[-1]
        if e[0] - a <= lead + 1:
            rest = self.text[e[1]:b]
            if not re.match(r"[’']s\s+\w", rest) or re.match(r"[’']s\s+office\b", rest):
                return (e[2], False)
        return None

    def token_speaker(self, tok):
        """Speaker named by a parsed subject token (entity, appos, pronoun)."""
        if tok is None:
            return None
        low = tok.lower_
        if low in self.cues.person_pronouns or low in self.cues.org_pronouns:
            eid = self.resolve_pronoun(tok.idx, low)
            return (eid, True) if eid else None
        e = self.ent_at(tok.idx)
        if e is None and low in self.cues.person_descriptions and not any(
                c.dep_ in ("prep", "poss", "compound", "appos", "amod") for c in tok.children) and any(
                c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in tok.children):
            # "the commander underlined": the person last named
            eid = self.resolve_description(tok.idx, low)
            return (eid, True) if eid else None
        if self.speaker_type_ok(e) and e[3] != "GPE":
            return (e[2], False)
        if self.speaker_type_ok(e):
            # "In Tehran, the ministry spokesman X said": a person set beside a place speaks
            for c in tok.children:
                if c.dep_ == "appos":
                    p = self.ent_at(c.idx)
                    if p is not None and p[3] in PERSON_TYPES:
                        return (p[2], False)
            return (e[2], False)
        for c in tok.children:
            # "the commander of Y, X, said" (appos) / "Khamenei's office said": only a
            # person stands in for the head noun; "the IRGC spokesman" is not the IRGC
            if c.dep_ == "appos" or (c.dep_ == "poss" and low == "office"):
                e = self.ent_at(c.idx)
                if e is not None and e[3] in PERSON_TYPES:
                    return (e[2], False)
        return None

    def verb_speaker(self, vtok):
        if vtok is None or not self.has_parse:
            return None
        for c in vtok.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                r = self.token_speaker(c)
                if r:
                    return r
                if c.pos_ in ("NOUN", "PROPN", "PRON"):
                    return None  # the verb has its own subject, and it names no speaker
        # "X went on to say", "X was speaking ... and said": climb through xcomp/conj
        h = vtok
        for _ in range(3):
            if h.dep_ in ("xcomp", "conj", "advcl") and h.head is not h:
                h = h.head
                for c in h.children:
                    if c.dep_ in ("nsubj", "nsubjpass"):
                        r = self.token_speaker(c)
                        if r:
                            return self.outer_speaker(vtok, h, r)
            else:
                break
        return None

    def outer_speaker(self, vtok, h, r):
        """'he said Iran had helped ... and described it as "..."': a speech verb joined to a
        clause of reported content is the reporter's when that clause's subject is no person."""
        if (vtok.lower_ in self.cues.reporting or re.fullmatch(self.cues.fragment_re, vtok.lower_)) \
                and self.ent_type.get(r[0]) not in PERSON_TYPES and h.dep_ == "ccomp" \
                and h.head.lower_ in self.cues.reporting:
            for c in h.head.children:
                if c.dep_ in ("nsubj", "nsubjpass"):
                    r2 = self.token_speaker(c)
                    if r2 and self.ent_type.get(r2[0]) in PERSON_TYPES:
                        return r2
        return r

    # -- speakers around a quote ---------------------------------------------------

    def pre_verb_speaker(self, pre_a: int, pre: str):
        """(speaker, verb token) of the last reporting verb before a quote in its sentence."""
        verbs = [vm for vm in self.re_verb_or_frame.finditer(pre) if not self.inside_quote(pre_a + vm.start())]
        for vm in reversed(verbs):
            vt = self.token_at(pre_a + vm.start())
            if vt is not None and self.has_parse and vt.pos_ not in ("VERB", "AUX"):
                continue
            r = self.verb_speaker(vt)
            if not r and self.unnamed_subject(vt):
                return UNNAMED  # "a defense official said": the speaker is there, and has no name
            r = r or self.aside_subject(pre_a, pre_a + vm.start()) or self.np_speaker(pre_a, pre_a + vm.start(), which="last")
            if r:
                return r, vt
        return None

    def aside_subject(self, a: int, b: int):
        """'X, a member of Y whose leader is Z, said ...': the named actor that opens the
        sentence, when a comma-bounded aside runs from it right up to the verb."""
        seg = self.text[a:b]
        if not re.search(r",\s*(?:(?:also|later|then|again|on\s+\w+)\s+)?$", seg):
            return None
        lead = a + re.match(r"\s*(?:(?:the|The)\s+)?", seg).end()
        for e in self.ents_in(a, b, 4):
            if e[0] > lead + 1:
                break
            if self.speaker_type_ok(e) and e[3] != "GPE" and re.match(r"\s*,", self.text[e[1]:b]):
                return (e[2], False)
        return None

    def is_person_noun(self, tok) -> bool:
        """A common noun for a person ("official", "the spokesman", "diplomats")."""
        nouns = self.cues.person_descriptions | self.cues.person_nouns
        return tok.pos_ == "NOUN" and (tok.lower_ in nouns or tok.lemma_.lower() in nouns)

    def resolve_description(self, pos: int, noun: str):
        """'the commander' -> the person last named, unless an unnamed one was brought in
        ("a senior commander said") within the pronoun look-back."""
        floor = self.paras[max(0, self.para_of(pos) - LOOKBACK_PARAS)][0] if self.paras else 0
        if re.search(r"\b(?:a|an|one|another)\s+(?:[\w.-]+\s+){0,3}%ss?\b" % re.escape(noun),
                     self.text[floor:pos], re.I):
            return None
        return self.resolve_pronoun(pos, "he")

    def unnamed_subject(self, vt) -> bool:
        """The verb's subject is a common noun phrase that names nobody ("a U.S. official")."""
        if vt is None or not self.has_parse:
            return False
        for c in vt.children:
            if c.dep_ in ("nsubj", "nsubjpass") and self.is_person_noun(c):
                sub = list(c.subtree)
                a, b = sub[0].idx, sub[-1].idx + len(sub[-1].text)
                if not any(e[3] in PERSON_TYPES | ORG_TYPES for e in self.ents_in(a, b)):
                    return True
        return False

    def according_speaker(self, a: int, b: int, via: list):
        ents = [e for e in self.ents_in(a, b) if self.speaker_type_ok(e)]
        persons = [e for e in ents if e[3] in PERSON_TYPES and not self.is_media(e)]
        media = [e for e in ents if self.is_media(e) or self.re_article_in.search(self.text[max(a, e[0] - 30):e[0]])]
        if persons:
            via.extend(m[2] for m in media)
            return (persons[0][2], False)
        if media:
            return (media[0][2], False)
        r = self.np_speaker(a, b)
        return r
