"""Pass 3: the attribution patterns tried around a quote, in order; the first that names a
speaker wins and gives the Evidence rule."""
from __future__ import annotations

import re

from orbat.nlp.quotes.cues import MAX_PRE, UNNAMED
from orbat.nlp.quotes.spans import _Span
from orbat.nlp.quotes.text import _boundaries, _words


class _Attribution:
    """``attribute`` for ``_Finder`` (a mixin: the speaker and outlet look-ups it calls live in
    ``speakers`` and ``outlets``)."""

    # -- attribution ---------------------------------------------------------

    def attribute(self, s: _Span, prev_in_para: _Span | None, prev_para_last: _Span | None):
        text = self.text
        pre_a, pre_b, post_a, post_b = self.frame_bounds(s)
        post = text[post_a:post_b]
        pre = text[pre_a:pre_b]
        via: list[str] = []

        def done(res, rule, extra_via=()):
            eid, pron = res
            s.speaker = eid
            s.rule = rule + (":pronoun" if pron else "")
            via.extend(extra_via)
            return True

        # post patterns -----------------------------------------------------
        m = self.re_post_outlet_quoted.match(post)
        if m:
            r = self.np_speaker(post_a + m.start("np2"), post_a + m.end("np2"))
            if r:
                return done(r, "post:outlet-quoted", self.media_in(post_a + m.start("np"), post_a + m.end("np"), True)), via
        m = self.re_post_quoted_by.match(post)
        if m:
            r = self.np_speaker(post_a + m.start("np"), post_a + m.end("np"))
            if r:
                return done(r, "post:quoted-by", self.media_in(post_a + m.start("np2"), post_a + m.end("np2"), True)), via
        m = self.re_post_according.match(post)
        if m:
            r = self.according_speaker(post_a + m.start("np"), post_a + m.end("np"), via)
            if r:
                return done(r, "post:according-to"), via
        m = self.re_post_verb_np.match(post)
        if m and m.group("verb")[:1].isupper() and (
                self.inner_text(s).rstrip()[-1:] == "," or post.lstrip()[:1] == ","):
            m = None  # a capitalised word inside a sentence is a name ("State Department"), not the verb
        if m:
            vt = self.token_at(post_a + m.start("verb"))
            r = self.verb_speaker(vt) or self.np_speaker(post_a + m.start("np"), post_a + m.end("np"))
            if r:
                self.told_outlet(vt, via)
                return done(r, "post:verb-np"), via
        m = self.re_post_np_verb.match(post)
        if m and m.group("np").strip(" ,").lower() in ("and", "but", "or", "then", "and then", "but then"):
            m = None  # "... 'X' and said ...": the subject stands before the quote
        if m and len(_words(m.group("np"))) <= 14:
            vt = self.token_at(post_a + m.start("verb"))
            r = self.np_speaker(post_a + m.start("np"), post_a + m.end("np")) or self.verb_speaker(vt)
            if r and not r[1] and self.outlet_reports(r[0], m.group("verb")):
                # 'X praised Y as "...", Fars reported': the outlet carried X's words
                r2 = self.pre_verb_speaker(pre_a, pre)
                if r2 and r2 is not UNNAMED:
                    return done(r2[0], "pre:verb", [r[0]]), via
            if r:
                self.told_outlet(vt, via)
                return done(r, "post:np-verb"), via
        # pre patterns ------------------------------------------------------
        m = self.re_pre_outlet_quoted.search(pre)
        if m:
            r = self.np_speaker(pre_a + m.start("np2"), pre_a + m.end("np2"))
            if r:
                return done(r, "pre:outlet-quoted", self.media_in(pre_a + m.start("np"), pre_a + m.end("np"), True)), via
        m = self.re_pre_quoted_by.search(pre)
        if m:
            r = self.np_speaker(pre_a + m.start("np"), pre_a + m.end("np"), which="last")
            if r:
                return done(r, "pre:quoted-by", self.media_in(pre_a + m.start("np2"), pre_a + m.end("np2"), True)), via
        m = None
        for m in self.re_according.finditer(pre):
            pass
        if m is not None:
            r = self.according_speaker(pre_a + m.start("np"), pre_a + m.end("np"), via)
            if r:
                return done(r, "pre:according-to"), via
        r = self.pre_verb_speaker(pre_a, pre)
        if r is UNNAMED:
            s.rule = "unattributed"
            return False, via
        if r:
            self.told_outlet(r[1], via)
            return done(r[0], "pre:verb"), via
        # a reporting verb further on in the sentence ("..., their morals rose, he said")
        for vm in self.re_verb.finditer(post):
            vt = self.token_at(post_a + vm.start())
            if vt is not None and self.has_parse and vt.pos_ not in ("VERB", "AUX"):
                continue
            r = self.verb_speaker(vt)
            if r:
                self.told_outlet(vt, via)
                return done(r, "sentence:verb"), via
        # continuation ------------------------------------------------------
        # '... said the enemies "have failed" and that "their sanctions ..."': a second quote
        # in the sentence of an attributed one, with no other actor named in between
        if (prev_in_para is not None and prev_in_para.speaker and prev_in_para.end <= s.start
                and not _boundaries(text, max(prev_in_para.inner_end - 1, prev_in_para.start), s.start)
                and not any(self.speaker_type_ok(e) for e in self.ents_in(prev_in_para.end, s.start))
                and not any(t.dep_ in ("nsubj", "nsubjpass") for t in self.tokens_in(prev_in_para.end, s.start))
                and not re.search(r"[.!?…]\s*$", self.inner_text(prev_in_para))):
            s.speaker, s.rule = prev_in_para.speaker, "continuation:same-sentence"
            return True, list(prev_in_para.via)
        unframed = not _words(pre) and not _words(post)
        if unframed and prev_in_para is not None and prev_in_para.speaker:
            s.speaker, s.rule = prev_in_para.speaker, "continuation:quote"
            return True, list(prev_in_para.via)
        if unframed:
            ps = self.paras[s.para][0]
            if s.start > ps:
                a = self.sentence_start(pre_a - 1, max(ps, pre_a - MAX_PRE)) if pre_a > ps else ps
                for vm in reversed(list(self.re_verb.finditer(text, a, pre_a))):
                    if self.inside_quote(vm.start()):
                        continue
                    vt = self.token_at(vm.start())
                    r = self.verb_speaker(vt)
                    if r:
                        return done(r, "continuation:sentence"), via
            elif prev_para_last is not None and prev_para_last.speaker:
                s.speaker, s.rule = prev_para_last.speaker, "continuation:paragraph"
                return True, list(prev_para_last.via)
        # the subject of the sentence a long quote sits in ------------------
        if s.long and _words(pre) and self.has_parse:
            for t in self.tokens_in(pre_a, pre_b):
                if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT":
                    r = self.token_speaker(t)
                    if r:
                        return done(r, "sentence:subject"), via
                    break
        s.rule = "unattributed"
        return False, via
