"""Direct quotations: the words an article puts in a named speaker's mouth.

``find_quotes(doc, entities)`` takes a spaCy ``Doc`` (with a parse) and every
entity mention of the article as ``(start_char, end_char, entity_id, type)``
tuples, and returns ``orbat.model.Quote`` objects: the speaker's entity id, the
quoted words (gold convention: no quotation marks, a trailing comma dropped,
quotes over 40 words cut to their first 25 whitespace tokens), the outlets the
quote came through (``via``), and ``Evidence`` naming the attribution rule.

How it works, in three bounded passes:

1. **Spans.** Each paragraph (a line of text) is scanned once for quotation
   marks (“ ” „ « » and straight ", with ‘ ’ only as the outermost marks).
   Curly and guillemet marks nest; straight marks are read as opening or
   closing from the characters around them. A quote left open at the end of a
   paragraph continues into the next paragraph when that one starts with a
   quotation mark (newswire convention), else it runs to the paragraph end. A
   closing mark with no opening one starts at the paragraph start, or at the
   last sentence start after the previous quote in the paragraph.
2. **Scare quotes.** A span of at least six words that is a clause (or ends a
   sentence) is speech. A shorter one is speech only when the sentence frames
   it as someone's words: a reporting verb right before or after it, a naming
   or promising verb ("called", "vowed to") right before it with the fragment
   ending its clause, or a sentence-final fragment in a sentence with a
   reporting verb. A fragment of two or more words inside a sentence is also
   speech when (a) a naming verb in the past or a participle frames it ("called
   the raids “a vicious assault” on ...", "described him as one of the “finest
   sons” of ..."; a present "calls" is a usage, and a two-word term after the
   writer's own article is a label), or (b) it is a piece of the clause a
   reporting verb governs and reads as the speaker's sentence: a predicate, a
   "until/from ..." phrase, a quantity ("said the strikes would go on “until
   the siege ends” and ..."). In both, a fragment that modifies the next noun
   or takes a relative clause is a label; in (b) so is a bare noun phrase
   ("cultural programs"), one after the writer's article or possessive, and,
   after a noun, anything but a predicate or an adverbial phrase. Everything
   else ("resistance", "martyrdom operations") is a term in quotation marks
   and is dropped.
3. **Attribution.** Patterns around the quote, tried in order; the first that
   names a speaker wins and its id is the Evidence rule:

   ``post:outlet-quoted``  “…,” the Fars News Agency quoted him as saying
   ``post:quoted-by``      “…,” X was quoted by OUTLET as saying
   ``post:according-to``   “…,” according to X
   ``post:verb-np``        “…,” said X (X, the commander of Y -> X)
   ``post:np-verb``        “…,” X said / he added / the IRGC said in a statement
   ``pre:outlet-quoted``   OUTLET quoted X as saying: “…”
   ``pre:quoted-by``       X was quoted by OUTLET as saying “…”
   ``pre:according-to``    according to X, “…”
   ``pre:verb``            X said: “…” / X said that “…” / X told OUTLET “…”
   ``sentence:verb``       a reporting verb elsewhere in the quote's sentence
   ``continuation:quote``  an unframed quote sentence after a quote with a speaker
   ``continuation:sentence`` an unframed quote after a sentence "X went on to say ..."
   ``continuation:same-sentence`` a second quote in the sentence of an attributed one
                           ("... said X “...” and that “...”"), no new subject between
   ``continuation:paragraph`` a quote paragraph right after a paragraph whose quote had a speaker
   ``sentence:subject``    a long quote inside a sentence whose subject is a named actor
   ``continuation:next-quote`` (after the pass) a run of quoted sentences with only the
                           last framed: “A.” “B.” “C,” he said -> all three his

   Refinements that hold across the patterns: an embedded quote that ends the
   writer's sentence (“... surrender.” In Tehran, Y said ...) looks for its
   speaker only before it; "“...,” Fars reported" after a sentence with its
   own speaker ("X praised Y as “...”, Fars reported") gives X, with the outlet
   as ``via``; a verb whose own subject names nobody ("a Western diplomat
   said", ``person_nouns``) leaves the quote without a speaker rather than
   borrowing one from elsewhere in the sentence; "X, <aside>, said" gives X
   when the parse loses the subject; a speech verb coordinated inside a
   reported clause with a non-person subject ("he said Iran had helped ... and
   described it as “...”") is the reporter's; a person set beside a place
   ("In Tehran, the spokesman X") speaks, not the place. A quotation that runs
   on over paragraphs gives one quote per paragraph, all the speaker's.

   ``he``/``she``/``him`` resolve to the most recent named PERSON before them
   (outside quotations, in the same or the two previous paragraphs), preferring
   one that was a grammatical subject -- but not a subject inside a clause
   someone is reported to have said ("he noted that X had ..."); the rule then
   ends in ``:pronoun``. "the commander", "the minister" (``person_descriptions``,
   with no name and no modifier) resolve the same way, unless an unnamed one
   was brought in before ("a senior commander said").
   Outlets come from the pattern itself (“told Reuters”, “Fars quoted him”) and
   from "OUTLET reports" / "according to OUTLET" / "in an interview with OUTLET"
   in the quote's sentence or the one before it.

Quotes whose speaker cannot be named are dropped unless ``keep_unattributed``
is set (the ontology only counts words put in a *named* speaker's mouth).

All cue words live in ``orbat/data/quote_cues.yaml``. Work is bounded: every
window looked at is capped in characters and entity look-ups use bisection, so
a 5,000-word sentence or a text full of stray marks stays linear.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence

import yaml

from orbat.model import Evidence, Quote

# ---------------------------------------------------------------------------
# constants

OPEN_D = "\u201c\u201e\u00ab"  # “ „ «
CLOSE_D = "\u201d\u00bb"  # ” »
OPEN_S = "\u2018"  # ‘
CLOSE_S = "\u2019"  # ’
_MARK_RE = re.compile("[\u201c\u201d\u201e\u00ab\u00bb\"\u2018\u2019]")
_PARA_RE = re.compile(r"[^\n]+")
_WORD_RE = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*")
_WS_TOKEN_RE = re.compile(r"[^ \t\r\n]+")

MAX_PRE = 400  # characters looked at before a quote
MAX_POST = 300  # characters looked at after a quote
MAX_NP = 150  # characters of a speaker noun phrase
LOOKBACK_PARAS = 2  # pronouns look this many paragraphs back
LOOKBACK_MENTIONS = 80
MAX_TOKENS_SCANNED = 400  # tokens inspected inside one quote for verbs
LONG_WORDS = 6  # a clause this long in quotation marks is speech
CUT_OVER = 40  # quotes over this many words ...
CUT_TO = 25  # ... are cut to this many

UNNAMED = ("", None)  # a speaker the text gives but does not name

SPEAKER_TYPES = frozenset(
    {"PERSON", "ORGANIZATION", "ORG", "ARMED_GROUP", "MEDIA", "GPE", "NORP_ORG"}
)
PERSON_TYPES = frozenset({"PERSON", "PER"})
ORG_TYPES = frozenset({"ORGANIZATION", "ORG", "ARMED_GROUP", "MEDIA"})

ABBREVIATIONS = frozenset(
    """mr mrs ms dr gen maj col lt capt cpt sgt adm brig cmdr cdr gov sen rep prof st jr sr
    no vs etc inc corp co ltd jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n
    a.m p.m e.g i.e mt ft fig vol pp ayat hon rev""".split()
)
# what may stand between "as saying" and the quote: "that", a colon, or the start of
# the reported clause ("quoted him as saying the Guards were “ready ...”"), with no comma
_AS_SAYING_TAIL = r"(?:\s*(?:that\s*)?[,:]?\s*|\s+(?:that\s+)?[^“”\"«»!?;,:\n]{0,200}?)$"
_BOUNDARY_RE = re.compile(r"[.!?…][\"”’»)\]]*\s+(?=[\"“‘«(\[]?[A-Z0-9])")


# ---------------------------------------------------------------------------
# cue data


@dataclass(frozen=True)
class Cues:
    reporting: frozenset[str]
    reporting_re: str  # alternation, whole words
    fragment_re: str
    scare_re: re.Pattern
    quoted_as_re: str
    as_saying_re: str
    according_re: str
    outlet_verbs_re: str
    outlet_preps_re: str
    outlet_name_re: re.Pattern
    person_pronouns: frozenset[str]
    org_pronouns: frozenset[str]
    person_descriptions: frozenset[str] = frozenset()
    person_nouns: frozenset[str] = frozenset()


def _alt(words: Iterable[str]) -> str:
    ws = sorted({w.strip().lower() for w in words if w and w.strip()}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ws) + ")"


@lru_cache(maxsize=4)
def load_cues(path: str | None = None) -> Cues:
    """Read the cue file (``orbat/data/quote_cues.yaml`` unless a path is given)."""
    if path is None:
        raw = resources.files("orbat").joinpath("data/quote_cues.yaml").read_text(encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as fh:
            raw = fh.read()
    data = yaml.safe_load(raw) or {}
    reporting = [str(w) for w in data.get("reporting_verbs", [])]
    single = frozenset(w.lower() for w in reporting if " " not in w.strip())
    return Cues(
        reporting=single,
        reporting_re=_alt(reporting),
        fragment_re=_alt(data.get("fragment_frame_verbs", [])),
        scare_re=re.compile(r"\b" + _alt(data.get("scare_markers", [])) + r"\s*$", re.I),
        quoted_as_re=_alt(data.get("quoted_as_verbs", ["quoted"])),
        as_saying_re=_alt(data.get("as_saying", ["saying"])),
        according_re=_alt(data.get("according_to", ["according to"])),
        outlet_verbs_re=_alt(data.get("outlet_report_verbs", ["reports", "reported"])),
        outlet_preps_re=_alt(data.get("outlet_prepositions", ["told"])),
        outlet_name_re=re.compile(r"(?<![\w-])" + _alt(data.get("outlet_name_words", [])) + r"(?![\w-])", re.I),
        person_pronouns=frozenset(w.lower() for w in data.get("person_pronouns", ["he", "she"])),
        org_pronouns=frozenset(w.lower() for w in data.get("organisation_pronouns", ["it"])),
        person_descriptions=frozenset(w.lower() for w in data.get("person_descriptions", [])),
        person_nouns=frozenset(w.lower() for w in data.get("person_nouns", [])),
    )


# ---------------------------------------------------------------------------
# spans


@dataclass
class _Span:
    start: int  # first character of the span (the opening mark, or where an orphan quote starts)
    end: int  # one past the closing mark (or the paragraph end)
    segs: list  # [(a, b)] inner text pieces, one per paragraph
    para: int
    last_para: int
    opened: bool = True  # had an opening mark
    closed: bool = True  # had a closing mark
    single: bool = False
    accepted: bool = False
    long: bool = False
    speaker: str | None = None
    rule: str = ""
    via: tuple = ()
    speaker_type: str | None = None

    @property
    def inner_start(self) -> int:
        return self.segs[0][0]

    @property
    def inner_end(self) -> int:
        return self.segs[-1][1]


def _mark_kind(text: str, i: int) -> str | None:
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in OPEN_D:
        return "open"
    if ch in CLOSE_D:
        return "close"
    if ch == '"':
        before_free = prev.isspace() or prev in "([{—–-/:;,\u2018\u201c"
        after_free = nxt.isspace() or nxt in ".,;:!?)]}—–\u2019\u201d"
        if before_free and not after_free:
            return "open"
        if after_free and not before_free:
            return "close"
        return "toggle"
    if ch == OPEN_S:
        if prev.isspace() or prev in "([{—–\"\u201c" or i == 0:
            return "sopen"
        return None
    if ch == CLOSE_S:
        if prev.isalnum() and nxt.isalnum():
            return None  # apostrophe
        if not prev.isalnum() and prev not in ".,!?;:…)]":
            return None
        return "sclose"
    return None


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _PARA_RE.finditer(text):
        a, b = m.span()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _is_boundary(text: str, m: re.Match) -> bool:
    """A sentence boundary match, unless the full stop ends an abbreviation."""
    p = m.start()
    if text[p] != ".":
        return True
    j = p
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:p].lower()
    if not word:
        return True
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "Ali A. Jafari"
    return word.rstrip(".") not in ABBREVIATIONS


def _boundaries(text: str, a: int, b: int) -> list[int]:
    """Sentence starts (positions after a boundary) in text[a:b]."""
    # the look-ahead needs the first characters of the next sentence, which may lie at b
    return [m.end() for m in _BOUNDARY_RE.finditer(text, a, min(len(text), b + 3))
            if m.end() <= b and _is_boundary(text, m)]


def _find_spans(text: str, paras: list[tuple[int, int]]) -> list[_Span]:
    spans: list[_Span] = []
    carry: _Span | None = None
    for pi, (ps, pe) in enumerate(paras):
        depth = 0
        cur: _Span | None = None
        single_at: int | None = None
        last_inner_close: int | None = None
        prev_end = ps
        marks = [(m.start(), _mark_kind(text, m.start())) for m in _MARK_RE.finditer(text, ps, pe)]
        k = 0
        if carry is not None:
            if marks and marks[0][0] == ps and marks[0][1] in ("open", "toggle"):
                cur = carry
                cur.segs.append((ps + 1, ps + 1))
                cur.last_para = pi
                depth = 1
                k = 1
            else:
                spans.append(carry)
            carry = None
        for pos, kind in marks[k:]:
            if kind is None:
                continue
            if kind == "toggle":
                kind = "close" if depth > 0 else "open"
            if kind == "open":
                if single_at is not None:
                    continue  # a double quote inside a single-quoted quote: nested
                if depth == 0:
                    cur = _Span(pos, pos + 1, [(pos + 1, pos + 1)], pi, pi)
                    last_inner_close = None
                depth += 1
            elif kind == "close":
                if single_at is not None:
                    continue
                if depth > 0:
                    depth -= 1
                    if depth == 0 and cur is not None:
                        a, _ = cur.segs[-1]
                        cur.segs[-1] = (a, pos)
                        cur.end = pos + 1
                        spans.append(cur)
                        prev_end = pos + 1
                        cur = None
                    else:
                        last_inner_close = pos
                else:
                    # closing mark with no opening one
                    if prev_end == ps:
                        start = ps
                    else:
                        starts = _boundaries(text, prev_end, pos)
                        if not starts:
                            continue
                        start = starts[-1]
                    if pos > start:
                        spans.append(_Span(start, pos + 1, [(start, pos)], pi, pi, opened=False))
                    prev_end = pos + 1
            elif kind == "sopen":
                if depth == 0 and single_at is None:
                    single_at = pos
            elif kind == "sclose":
                if depth == 0 and single_at is not None:
                    if pos > single_at + 1:
                        spans.append(_Span(single_at, pos + 1, [(single_at + 1, pos)], pi, pi, single=True))
                        prev_end = pos + 1
                    single_at = None
        if depth > 0 and cur is not None:
            if depth > 1 and last_inner_close is not None:
                # an inner quote never closed: end the outer one at the last closing mark
                a, _ = cur.segs[-1]
                cur.segs[-1] = (a, last_inner_close)
                cur.end = last_inner_close + 1
                spans.append(cur)
            else:
                a, _ = cur.segs[-1]
                cur.segs[-1] = (a, pe)
                cur.end = pe
                cur.closed = False
                carry = cur
    if carry is not None:
        spans.append(carry)
    spans.sort(key=lambda s: s.start)
    return spans


# ---------------------------------------------------------------------------
# the finder


def _words(s: str) -> list[str]:
    return _WORD_RE.findall(s)


def cut_quote_text(s: str) -> str:
    """The gold convention: over 40 whitespace tokens -> the first 25; trailing comma dropped."""
    s = s.strip()
    toks = list(_WS_TOKEN_RE.finditer(s))
    if len(toks) > CUT_OVER:
        s = s[: toks[CUT_TO - 1].end()]
    s = s.rstrip()
    while s.endswith(","):
        s = s[:-1].rstrip()
    return s


class _Finder:
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

    # -- outlets -------------------------------------------------------------

    def outlets_near(self, a: int, b: int) -> list[str]:
        """Media mentions in text[a:b] that a cue ties to reporting."""
        out = []
        for e in self.ents_in(a, b):
            if self.inside_quote(e[0]):
                continue
            after = self.text[e[1]:min(e[1] + 40, b + 40)]
            before = self.text[max(a, e[0] - 60):e[0]]
            cue_after = bool(self.re_outlet_after.match(after))
            cue_before = bool(self.re_outlet_before.search(before))
            slot = bool(self.re_article_in.search(before))
            if slot and e[3] not in PERSON_TYPES | {"GPE"}:
                out.append(e[2])
            elif (cue_after or cue_before) and self.is_media(e):
                out.append(e[2])
        return out

    def media_in(self, a: int, b: int, any_org: bool = False) -> list[str]:
        out = []
        for e in self.ents_in(a, b):
            if self.is_media(e) or (any_org and e[3] in ORG_TYPES):
                out.append(e[2])
        return out

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

    def outlet_reports(self, eid: str, verb: str) -> bool:
        """Is ``eid`` a news outlet and ``verb`` one with which outlets report?"""
        if not re.fullmatch(self.cues.outlet_verbs_re, verb, re.I):
            return False
        return any(e[2] == eid and self.is_media(e) for e in self.ents)

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

    def told_outlet(self, vt, via: list):
        if vt is None or vt.lower_ not in ("told", "tell", "tells", "telling"):
            return
        for c in vt.children:
            if c.dep_ in ("dobj", "dative", "iobj", "obj"):
                e = self.ent_at(c.idx)
                if e is not None and self.is_media(e):
                    via.append(e[2])

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
