"""Pass 2: is a span in quotation marks speech, or a term the writer put in quotation marks
(a scare quote)? A clause is speech; a short fragment needs a frame."""
from __future__ import annotations

import bisect
import re

from orbat.nlp.quotes.cues import LONG_WORDS, MAX_POST, MAX_PRE
from orbat.nlp.quotes.spans import _Span
from orbat.nlp.quotes.text import _words


class _Fragments:
    """Scare quote or speech, for ``_Finder`` (a mixin: it reads the finder's text and parse)."""

    # -- classification --------------------------------------------------------

    def inner_text(self, s: _Span) -> str:
        return " ".join(self.text[a:b].strip() for a, b in s.segs if b > a)

    def is_clause(self, s: _Span, words: list[str]) -> bool:
        if len(words) < LONG_WORDS:
            return False
        inner = self.inner_text(s).rstrip()
        if len(words) >= 10 or inner[-1:] in ".!?…":
            return True
        for t in self.tokens_in(s.inner_start, s.inner_end):
            if t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB"):
                return True
        return False

    def frame_bounds(self, s: _Span) -> tuple[int, int, int, int]:
        """(pre_start, pre_end, post_start, post_end) around span s in its sentence."""
        ps, _ = self.paras[s.para]
        _, pe = self.paras[s.last_para]
        i = bisect.bisect_left(self.acc_starts, s.start) - 1
        prev_end = self.acc_ends[i] if i >= 0 else ps
        floor = max(ps, prev_end, s.start - MAX_PRE)
        pre_start = self.sentence_start(s.start, floor) if s.start > floor else s.start
        j = bisect.bisect_right(self.acc_starts, s.start)
        nxt = self.acc_starts[j] if j < len(self.acc_starts) else pe
        ceil = min(pe, nxt, s.end + MAX_POST)
        post_end = self.sentence_end(s.end, ceil) if s.end < ceil else s.end
        if (self.inner_text(s).rstrip()[-1:] in ".!?…" and _words(self.text[pre_start:s.start])
                and re.match(r"\s+[\"“‘«(\[]?[A-Z]", self.text[s.end:s.end + 4])):
            post_end = s.end  # the quote ended the writer's sentence: what follows is a new one
        return pre_start, s.start, s.end, post_end

    def accept_short(self, s: _Span, words: list[str]) -> bool:
        text = self.text
        pre_a, pre_b, post_a, post_b = self.frame_bounds(s)
        pre = text[pre_a:pre_b]
        post = text[post_a:post_b]
        inner = self.inner_text(s).rstrip()
        if self.cues.scare_re.search(pre):
            return False
        # the quote is its whole sentence (or paragraph): speech, not a label
        if not _words(pre) and (not _words(post) or self.re_post_adjacent.match(post)):
            return bool(words)
        after = post.lstrip()
        terminal = inner[-1:] in ".,!?;:…" or not after or after[0] in ".,;:!?)]—–-"
        final = inner[-1:] in ".!?…" or not after or after[0] in ".!?"
        # a reporting verb right before or right after
        if self.re_post_adjacent.match(post) and terminal:
            return True
        if re.search(r"[,:]\s*$", pre) and self.re_pre_adjacent.search(pre):
            return True
        if re.search(r"\b(?:%s)\s*(?:that\s*)?:\s*$" % self.cues.reporting_re, pre, re.I):
            return True
        # branded Y "a paper tiger"; vowed to "crush ..."
        fm = self.re_fragment_frame.search(pre)
        if terminal and fm:
            return True
        if len(words) >= 2 and self.has_parse:
            if fm and self.naming_fragment(s, pre_a + fm.start(), words):
                return True
            if self.complement_fragment(s, pre_a, pre_b):
                return True
        # a sentence-final fragment in a sentence with a reporting verb
        if final and (self.re_verb.search(pre) or self.re_verb.search(post)):
            return True
        return False

    # -- fragments inside a sentence ---------------------------------------------

    def _edge_tokens(self, s: _Span):
        """(token before the opening mark, inner tokens, token after the closing mark)."""
        inner = [t for t in self.tokens_in(s.inner_start, s.inner_end, 80) if not t.is_punct or t.text in "%$"]
        before = None
        i = bisect.bisect_left(self.tok_starts, s.start) - 1
        while i >= 0 and self.doc[i].idx >= s.start - 40:
            t = self.doc[i]
            if not (t.is_punct and t.text in "\"“”„«»‘’'"):
                before = t
                break
            i -= 1
        after = None
        i = bisect.bisect_left(self.tok_starts, s.end)
        if i < len(self.doc) and self.doc[i].idx < s.end + 40:
            after = self.doc[i]
        return before, inner, after

    @staticmethod
    def _continues_np(after) -> bool:
        """The word after a fragment carries its noun phrase on: the fragment is a modifier or a label."""
        if after is None:
            return False
        if after.pos_ in ("NOUN", "PROPN", "ADJ", "NUM"):
            return True
        return after.lower_ in ("that", "which", "who", "whom", "whose")

    def naming_fragment(self, s: _Span, vpos: int, words: list[str]) -> bool:
        """X called Y "a paper tiger" on Monday / described Z as one of the "finest men" of the war.

        A naming verb in the past (or a participle) frames the words as what the speaker
        said on one occasion; the present ("the IRGC calls its fighters ...") is a usage, a label.
        """
        vt = self.token_at(vpos)
        if vt is None or vt.tag_ not in ("VBD", "VBN", "VBG"):
            return False
        before, inner, after = self._edge_tokens(s)
        if not inner or self._continues_np(after):
            return False
        if before is not None and (before.pos_ == "DET" or before.tag_ in ("PRP$", "POS", "JJ")) and len(words) < 3:
            return False  # "as a 'resistance front'": a two-word term with the writer's article
        return True

    def complement_fragment(self, s: _Span, pre_a: int, pre_b: int) -> bool:
        """X said the strikes would go on "until the siege ends" and ...: a piece of the
        speaker's own sentence, inside the complement of a reporting verb.

        A bare noun phrase ("cultural programs", "the axis of resistance") is a term the
        writer puts in quotation marks, not speech; so is one that follows the writer's
        article or possessive, or one that modifies the next noun.
        """
        before, inner, after = self._edge_tokens(s)
        if not inner or self._continues_np(after):
            return False
        if before is not None and (before.pos_ in ("DET", "ADJ") or before.tag_ in ("PRP$", "POS", "WP$")):
            return False
        first = inner[0]
        has_verb = any(t.pos_ in ("VERB", "AUX") for t in inner)
        if before is not None and before.pos_ in ("NOUN", "PROPN", "PRON") and not (
                first.pos_ in ("VERB", "AUX", "ADP", "SCONJ") or first.tag_ == "MD"):
            # "the only way 'all of the community' ...": after a noun only a predicate or an
            # adverbial clause or phrase ("until ...", "from ...") goes on the speaker's sentence
            return False
        speechlike = has_verb or first.pos_ in ("ADP", "SCONJ", "ADV", "PART", "NUM", "PRON") or \
            first.tag_ in ("JJR", "JJS", "RBR", "RBS") or (first.pos_ == "DET" and first.lower_ not in ("the", "a", "an"))
        if not speechlike:
            return False
        # a reporting verb in the sentence before the fragment that governs it
        verbs = {t.i for t in self.tokens_in(pre_a, pre_b)
                 if t.lower_ in self.cues.reporting and t.pos_ in ("VERB", "AUX") and not self.inside_quote(t.idx)}
        if not verbs:
            return False
        head = inner[0]
        for t in inner:
            if t.head.idx < s.inner_start or t.head.idx >= s.inner_end or t.head is t:
                head = t
                break
        for anc in head.ancestors:
            if anc.i in verbs:
                return True
        return False
