"""Modality cues: the data file loads and each cue family decides the modality it names."""
from __future__ import annotations

import pytest

from orbat.model import Article
from orbat.nlp import modality, relation_patterns as rp
from orbat.pipeline import Extractor


@pytest.fixture(scope="module")
def ex():
    return Extractor()


def test_cues_load():
    cues = modality.cues_from(rp.default().cues)
    assert "say" in cues.reporting and "could" in cues.modal_aux and "deny" in cues.deny_verbs
    assert cues.according.search("according to Reuters")


@pytest.mark.parametrize("text,expected", [
    ("According to Reuters, the IRGC trains Kataib Hezbollah.", "reported"),
    ("Saudi officials claim that the IRGC trains the Houthis.", "alleged"),
    ("The IRGC is believed to train the Houthis.", "alleged"),
    ("The IRGC plans to train the Houthis.", "hypothetical"),
    ("Tehran denied that the IRGC trains the Houthis.", "negated"),
    ("The IRGC never trained Kataib Hezbollah.", "negated"),
])
def test_cue_families(ex, text, expected):
    x = ex.extract(Article(id="m", path="m", text=text))
    mods = [r.modality for r in x.relations if r.predicate == "supports"]
    assert mods, x.relations
    assert mods[0] == expected


def test_title_stays_asserted_in_a_reported_sentence(ex):
    x = ex.extract(Article(id="m", path="m", text="IRGC chief Hossein Salami said the drills would go on."))
    leads = [r for r in x.relations if r.predicate == "leads"]
    assert leads and leads[0].modality == "asserted"
