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
from orbat.nlp.quotes.cues import Cues, load_cues
from orbat.nlp.quotes.finder import find_quotes
from orbat.nlp.quotes.text import cut_quote_text

# The package, one module per concern: ``cues`` (the cue file and the bounds every pass keeps
# to), ``text`` (paragraphs, sentence starts, the gold cutting convention), ``spans`` (pass 1:
# quotation spans), ``fragments`` (pass 2: scare quote or speech), ``speakers``, ``outlets`` and
# ``attribution`` (pass 3), and ``finder``, which holds the parsed article and runs the passes.
__all__ = ["Cues", "cut_quote_text", "find_quotes", "load_cues"]
