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


def _mods(ex, text, predicate):
    x = ex.extract(Article(id="m", path="m", text=text))
    return [r.modality for r in x.relations if r.predicate == predicate]


def test_nominal_event_inside_a_report_is_reported(ex):
    assert _mods(ex, "The Treasury said the brigades served as tools of the Quds Force in Syria.",
                 "operates_in") == ["reported"]
    assert _mods(ex, "The Quds Force in Syria declared victory over the rebels.", "operates_in") == ["asserted"]


def test_unnamed_according_to_is_reported(ex):
    assert _mods(ex, "The Quds Force trains Kataib Hezbollah, according to security sources.",
                 "supports") == ["reported"]


def test_relative_clause_keeps_its_own_modality(ex):
    mods = _mods(ex, "Hezbollah could warn Israel, which has struck Hamas in Gaza many times.", "opposes")
    assert "hypothetical" not in mods
    assert "asserted" in mods


def test_blamed_for_is_alleged(ex):
    assert _mods(ex, "Iran blamed Israel for the strike in Damascus.", "opposes") == ["alleged"]


def test_designated_for_providing_is_reported(ex):
    x = ex.extract(Article(id="m", path="m", text="Washington's Treasury Department sanctioned Kataib Hezbollah "
                                                   "in 2009 for providing weapons and money to the Houthis."))
    sup = [r for r in x.relations if r.predicate == "supports"]
    des = [r for r in x.relations if r.predicate == "designated"]
    assert sup and sup[0].modality == "reported" and des and des[0].modality == "asserted"
