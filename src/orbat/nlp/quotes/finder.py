"""``find_quotes``: the article as the passes see it (text, paragraphs, entities, parse, the
attribution regexes built from the cues), and the driver that runs the three passes."""
from __future__ import annotations

import bisect
import re
from typing import Sequence

from orbat.model import Evidence, Quote
from orbat.nlp.quotes.attribution import _Attribution
from orbat.nlp.quotes.cues import (_AS_SAYING_TAIL, _BOUNDARY_RE, MAX_NP, MAX_POST, MAX_PRE, MAX_TOKENS_SCANNED,
                                   Cues, load_cues)
from orbat.nlp.quotes.fragments import _Fragments
from orbat.nlp.quotes.outlets import _Outlets
from orbat.nlp.quotes.speakers import _Speakers
from orbat.nlp.quotes.spans import _find_spans, _Span
from orbat.nlp.quotes.text import _boundaries, _is_boundary, _paragraphs, _words, cut_quote_text


class _Finder(_Attribution, _Fragments, _Speakers, _Outlets):
    """One article as the three passes see it; the passes' methods live in the mixins, one module each."""

    def __init__(self, doc, entities: Sequence[tuple], cues: Cues):
        text = doc.text
        self.text = text
        self.doc = doc
        self.cues = cues
        self.paras = _paragraphs(text)
        self.para_starts = [p[0] for p in self.paras]
        ents = sorted(
            {(int(e[0]), int(e[1]), str(e[2]), str(e[3])) for e in entities if int(e[1]) > int(e[0])}
        )
        self.ents = ents
        self.ent_type = {e[2]: e[3] for e in ents}
        self.ent_starts = [e[0] for e in ents]
        self.tok_starts = [t.idx for t in doc]
        self.has_parse = bool(len(doc)) and any(t.dep_ for t in doc[: min(len(doc), 50)])
        self.quote_ranges: list[tuple[int, int]] = []
        self.q_starts: list[int] = []
        rv = cues.reporting_re
        self.re_post_outlet_quoted = re.compile(
            r"^[\s,]*(?P<np>[^“”\"«».;:!?\n]{1,%d}?)\s+%s\s+(?P<np2>[^“”\"«».;:!?\n]{1,%d}?)\s+as\s+%s\b"
            % (MAX_NP, cues.quoted_as_re, MAX_NP, cues.as_saying_re), re.I)
        self.re_post_quoted_by = re.compile(
            r"^[\s,]*(?P<np>[^“”\"«».;:!?\n]{1,%d}?)\s+(?:was|were|is|has\s+been|had\s+been)\s+%s\s+(?:by|in)\s+"
            r"(?P<np2>[^“”\"«».;:!?\n]{1,%d}?)\s+as\s+%s\b" % (MAX_NP, cues.quoted_as_re, MAX_NP, cues.as_saying_re),
            re.I)
        self.re_post_according = re.compile(r"^[\s,]*%s\s+(?P<np>[^“”\"«».;:!?\n]{1,%d})" % (cues.according_re, MAX_NP), re.I)
        self.re_post_verb_np = re.compile(r"^[\s,]*(?P<verb>%s)\s+(?P<np>[^“”\"«».;:!?\n]{1,%d})" % (rv, MAX_NP), re.I)
        self.re_post_np_verb = re.compile(
            r"^[\s,]*(?P<np>[^“”\"«».;:!?\n]{1,%d}?)\s+(?:(?:also|then|later|further|again|had|has|have|would|will|once)\s+)?(?P<verb>%s)\b"
            % (MAX_NP, rv), re.I)
        self.re_pre_outlet_quoted = re.compile(
            r"(?P<np>[^“”\"«».;:!?\n]{1,%d}?)\s+%s\s+(?P<np2>[^“”\"«».;:!?\n]{1,%d}?)\s+as\s+%s\b%s"
            % (MAX_NP, cues.quoted_as_re, MAX_NP, cues.as_saying_re, _AS_SAYING_TAIL), re.I)
        self.re_pre_quoted_by = re.compile(
            r"(?P<np>[^“”\"«».;:!?\n]{1,%d}?)\s+(?:was|were|is|has\s+been|had\s+been)\s+%s\s+(?:by|in)\s+"
            r"(?P<np2>[^“”\"«».;:!?\n]{1,%d}?)\s+as\s+%s\b%s"
            % (MAX_NP, cues.quoted_as_re, MAX_NP, cues.as_saying_re, _AS_SAYING_TAIL), re.I)
        self.re_according = re.compile(r"\b%s\s+(?P<np>[^,;:“”\"«»\n]{1,%d})" % (cues.according_re, MAX_NP), re.I)
        self.re_verb = re.compile(r"\b(?P<verb>%s)\b" % rv, re.I)
        self.re_verb_or_frame = re.compile(r"\b(?P<verb>%s|%s)\b" % (rv, cues.fragment_re), re.I)
        self.re_pre_adjacent = re.compile(
            r"\b(?:%s)\b(?:\s+(?:that|this|it\s+was|as\s+saying|[\w’'.-]+(?:\s+[\w’'.-]+){0,3}?))?\s*[,:]?\s*$" % rv, re.I)
        self.re_post_adjacent = re.compile(
            r"^[\s,]*(?:(?:%s)\b|(?:[\w’'.-]+\s+){1,6}(?:(?:also|then|later)\s+)?(?:%s)\b)" % (rv, rv), re.I)
        self.re_fragment_frame = re.compile(
            r"\b%s\b(?:\s+to)?[^,;:“”\"«»()\n]{0,90}$" % cues.fragment_re, re.I)
        self.re_outlet_after = re.compile(r"^\s*(?:%s)\b" % cues.outlet_verbs_re, re.I)
        self.re_outlet_before = re.compile(
            r"\b%s\s+(?:(?:the|a|an)\s+)?(?:[\w’'-]+\s+){0,3}$" % cues.outlet_preps_re, re.I)
        self.re_article_in = re.compile(r"\b(?:article|op-ed|column|report|editorial|interview)\s+(?:in|for|with|by)\s+(?:the\s+)?$", re.I)

    # -- small helpers ----------------------------------------------------

    def para_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    def ents_in(self, a: int, b: int, limit: int = 40):
        i = bisect.bisect_left(self.ent_starts, a)
        out = []
        while i < len(self.ents) and self.ents[i][0] < b and len(out) < limit:
            if self.ents[i][1] <= b:
                out.append(self.ents[i])
            i += 1
        return out

    def ent_at(self, pos: int):
        """The entity mention covering character ``pos`` (the longest), if any."""
        i = bisect.bisect_right(self.ent_starts, pos)
        best = None
        for j in range(i - 1, max(-1, i - 12), -1):
            e = self.ents[j]
            if e[0] <= pos < e[1] and (best is None or e[1] - e[0] > best[1] - best[0]):
                best = e
        return best

    def tokens_in(self, a: int, b: int, limit: int = MAX_TOKENS_SCANNED):
        i = bisect.bisect_left(self.tok_starts, a)
        n = 0
        while i < len(self.tok_starts) and self.tok_starts[i] < b and n < limit:
            yield self.doc[i]
            i += 1
            n += 1

    def token_at(self, pos: int):
        i = bisect.bisect_right(self.tok_starts, pos) - 1
        if i < 0:
            return None
        t = self.doc[i]
        return t if t.idx <= pos < t.idx + max(1, len(t.text)) else None

    def inside_quote(self, pos: int) -> bool:
        i = bisect.bisect_right(self.q_starts, pos) - 1
        return i >= 0 and self.quote_ranges[i][0] <= pos < self.quote_ranges[i][1]

    def is_media(self, e) -> bool:
        if e[3] == "MEDIA":
            return True
        if e[3] in ("PERSON", "GPE", "LOC", "LOCATION", "NORP", "DATE", "CARDINAL"):
            # the plain model often calls "Bloomberg" a person; trust the outlet words only
            return e[3] == "PERSON" and bool(self.cues.outlet_name_re.fullmatch(self.text[e[0]:e[1]].strip()))
        return bool(self.cues.outlet_name_re.search(self.text[e[0]:e[1]]))

    def sentence_start(self, pos: int, floor: int) -> int:
        lo = max(floor, pos - MAX_PRE)
        starts = _boundaries(self.text, lo, pos)
        return starts[-1] if starts else lo

    def sentence_end(self, pos: int, ceil: int) -> int:
        hi = min(ceil, pos + MAX_POST)
        for m in _BOUNDARY_RE.finditer(self.text, pos, hi):
            if _is_boundary(self.text, m):
                return m.start() + 1
        return hi
    # -- driver ----------------------------------------------------------------

    def run(self, keep_unattributed: bool) -> list[Quote]:
        text = self.text
        if not self.paras:
            return []
        spans = _find_spans(text, self.paras)
        # pass 1: clauses are speech
        for s in spans:
            words = _words(self.inner_text(s))
            s.long = self.is_clause(s, words)
            s.accepted = s.long
        self._index(spans)
        # pass 2: short fragments need a frame; from the end, so that in a run of quoted
        # sentences ("“A.” “B.” “C,” he said") each one sees the next as accepted
        for s in reversed(spans):
            if not s.accepted:
                words = _words(self.inner_text(s))
                if words and len(words) <= 60 and self.accept_short(s, words):
                    s.accepted = True
                    k = bisect.bisect_left(self.acc_starts, s.start)
                    self.acc_starts.insert(k, s.start)
                    self.acc_ends.insert(k, s.end)
        accepted = [s for s in spans if s.accepted]
        self.quote_ranges = [(s.start, s.end) for s in accepted]
        self.q_starts = [s.start for s in accepted]
        # pass 3: speakers, in reading order
        self.spans = []
        out: list[Quote] = []
        last_by_para: dict[int, _Span] = {}
        ent_type = {e[2]: e[3] for e in self.ents}
        done_: list = []
        for s in accepted:
            prev_in_para = last_by_para.get(s.para)
            prev_para_last = last_by_para.get(s.para - 1) if s.start == self.paras[s.para][0] else None
            ok, via = self.attribute(s, prev_in_para, prev_para_last)
            s.speaker_type = ent_type.get(s.speaker) if s.speaker else None
            # outlets named around the quote: its sentence and the one before
            pre_a, _, _, post_b = self.frame_bounds(s)
            ps = self.paras[max(0, s.para - 1)][0]
            before = self.sentence_start(pre_a - 1, max(ps, pre_a - MAX_PRE)) if pre_a > ps else pre_a
            via.extend(self.outlets_near(before, pre_a))
            via.extend(self.outlets_near(pre_a, s.start))
            via.extend(self.outlets_near(s.end, post_b))
            seen = set()
            s.via = tuple(v for v in via if v != s.speaker and not (v in seen or seen.add(v)))
            self.spans.append(s)
            last_by_para[s.last_para] = s
            done_.append((s, ok, pre_a, post_b))
        # a run of quoted sentences with only the last one framed: “A.” “B.” “C,” he said
        nxt = None
        for s, ok, pre_a, _ in reversed(done_):
            if (not s.speaker and nxt is not None and nxt.speaker and nxt.para == s.last_para
                    and not text[s.end:nxt.start].strip() and not _words(text[pre_a:s.start])):
                s.speaker, s.speaker_type, s.rule, s.via = nxt.speaker, nxt.speaker_type, "continuation:next-quote", nxt.via
            nxt = s
        for s, ok, pre_a, post_b in done_:
            ok = bool(s.speaker)
            if not ok and not keep_unattributed:
                continue
            sent_a = self.sentence_start(s.start, max(self.paras[s.para][0], s.start - MAX_PRE)) if s.start > self.paras[s.para][0] else s.start
            sent_a = min(sent_a, pre_a)
            sent_b = max(post_b, s.end)
            if sent_b - sent_a > 2000:
                sent_b = sent_a + 2000
            # a quotation running on over paragraphs gives one quote per paragraph
            pieces = [(a, b) for a, b in s.segs if text[a:b].strip()]
            for k, (a, b) in enumerate(pieces):
                qtext = cut_quote_text(text[a:b])
                if not qtext:
                    continue
                if len(pieces) == 1:
                    ev = Evidence(s.start, s.end, text[sent_a:sent_b], sent_a, "quote:" + (s.rule or "unattributed"))
                else:
                    qa, qb = (s.start if k == 0 else a - 1), (s.end if k == len(pieces) - 1 else b)
                    pa, pb = self.paras[self.para_of(a)]
                    ev = Evidence(qa, qb, text[pa:min(pb, pa + 2000)], pa, "quote:" + (s.rule or "unattributed"))
                out.append(Quote(speaker=s.speaker, text=qtext, via=s.via, evidence=ev))
        return out

    def _index(self, spans):
        acc = [s for s in spans if s.accepted]
        self.acc_starts = [s.start for s in acc]
        self.acc_ends = [s.end for s in acc]


def find_quotes(doc, entities: Sequence[tuple], *, keep_unattributed: bool = False,
                cues: Cues | None = None) -> list[Quote]:
    """Direct quotations in ``doc`` with their speakers and outlets.

    ``entities``: ``(start_char, end_char, entity_id, type)`` for every entity
    mention in ``doc.text``. Types are ontology types (PERSON, ORGANIZATION,
    ARMED_GROUP, MEDIA, GPE, ...); spaCy's ORG is accepted too.
    """
    finder = _Finder(doc, entities, cues or load_cues())
    return finder.run(keep_unattributed)
