"""Cross-article resolution, on a real store (SQLite and PostgreSQL)."""
from __future__ import annotations

import io
import json

from conftest_store import article, entity, extraction

from orbat.names import fold_key
from orbat.resolve import forms_of


def put(store, aid: str, *entities, text: str = "") -> dict[str, str]:
    """Write an article holding these entities; local id -> stored entity id."""
    text = text or f"Article {aid}: " + "; ".join(e.name for e in entities) + "."
    return store.write(extraction(article(aid, text), entities)).entities


def merges(store, article_id: str) -> list[tuple]:
    return store.backend.execute("SELECT local_name, rule, form, reason FROM merges WHERE article = ? "
                                 "ORDER BY local_id", (article_id,)).fetchall()


def exported(store) -> dict:
    out = io.StringIO()
    store.export_json(out)
    return json.loads(out.getvalue())


# --- must not merge ------------------------------------------------------------------------

def test_two_soleimanis_with_different_given_names_stay_apart(store):
    a = put(store, "a1", entity("e1", "Qasem Soleimani", "PERSON", "Soleimani"))
    b = put(store, "a2", entity("e1", "Hassan Soleimani", "PERSON", "Soleimani"))
    assert a["e1"] != b["e1"]
    # a bare "Soleimani" is now ambiguous: it joins neither
    c = put(store, "a3", entity("e1", "Soleimani", "PERSON"))
    assert c["e1"] not in (a["e1"], b["e1"])
    # and a third given name does not join the bare one either, though it has the surname
    d = put(store, "a4", entity("e1", "Ali Soleimani", "PERSON"))
    assert len({a["e1"], b["e1"], c["e1"], d["e1"]}) == 4


def test_units_that_share_a_word_stay_apart(store):
    a = put(store, "a1", entity("e1", "Hezbollah", "ARMED_GROUP"),
            entity("e2", "Basij", "ARMED_GROUP"))
    b = put(store, "a2", entity("e1", "Hezbollah Brigades", "ARMED_GROUP", "Kataib Hezbollah"),
            entity("e2", "Basij of the Islamic World", "ARMED_GROUP"))
    assert a["e1"] != b["e1"]
    assert a["e2"] != b["e2"]
    # each joins its own kind again
    c = put(store, "a3", entity("e1", "Hizballah", "ARMED_GROUP"), entity("e2", "Kataib Hezbollah", "ARMED_GROUP"),
            entity("e3", "Basij of the Islamic World", "ARMED_GROUP"))
    assert (c["e1"], c["e2"], c["e3"]) == (a["e1"], b["e1"], b["e2"])
    names = {e["name"] for e in exported(store)["entities"]}
    assert {"Hezbollah", "Hezbollah Brigades", "Basij", "Basij of the Islamic World"} <= names


def test_same_name_of_another_type_is_another_entity(store):
    a = put(store, "a1", entity("e1", "Hezbollah", "ARMED_GROUP"))
    b = put(store, "a2", entity("e1", "Hezbollah", "ORGANIZATION"))
    assert a["e1"] != b["e1"]


def test_different_reference_keys_are_never_joined_by_name(store):
    a = put(store, "a1", entity("e1", "Badr Organization", "ARMED_GROUP", ref="badr"))
    b = put(store, "a2", entity("e1", "Badr Organization", "ARMED_GROUP", ref="badr_party"))
    assert a["e1"] != b["e1"]


# --- must merge ----------------------------------------------------------------------------

def test_transliterations_join_across_articles(store):
    assert fold_key("Qasem Soleimani") == fold_key("Qassem Soleimani")  # data/transliteration.yaml
    a = put(store, "a1", entity("e1", "Qasem Soleimani", "PERSON", "Soleimani"))
    b = put(store, "a2", entity("e1", "Qassem Soleimani", "PERSON"))
    assert a["e1"] == b["e1"]
    [(name, rule, form, reason)] = merges(store, "a2")
    assert (name, rule, form) == ("Qassem Soleimani", "name", "Qassem Soleimani")
    assert "qasem soleimani" in reason
    [ent] = exported(store)["entities"]
    assert ent["name"] == "Qasem Soleimani"
    assert set(ent["aliases"]) == {"Soleimani", "Qassem Soleimani"}


def test_arabic_article_and_hyphen_spellings_join(store):
    a = put(store, "a1", entity("e1", "al-Hashd al-Shaabi", "ARMED_GROUP"))
    b = put(store, "a2", entity("e1", "Hashd al Shaabi", "ARMED_GROUP"))
    c = put(store, "a3", entity("e1", "El-Hashd el-Shaabi", "ARMED_GROUP"))
    assert a["e1"] == b["e1"] == c["e1"]


def test_acronym_learned_in_one_article_applies_in_another(store):
    a = put(store, "a1", entity("e1", "Popular Mobilization Forces", "ARMED_GROUP", "PMF"))
    b = put(store, "a2", entity("e1", "PMF", "ARMED_GROUP"))
    assert a["e1"] == b["e1"]
    [(name, rule, form, _)] = merges(store, "a2")
    assert (name, rule, form) == ("PMF", "acronym", "PMF")


def test_acronym_first_then_full_name_takes_the_fuller_name(store):
    a = put(store, "a1", entity("e1", "IRGC-QF", "ARMED_GROUP"))
    b = put(store, "a2", entity("e1", "Quds Force", "ARMED_GROUP", "IRGC-QF", "Qods Force"))
    assert a["e1"] == b["e1"]
    [ent] = exported(store)["entities"]
    assert ent["name"] == "Quds Force" and "IRGC-QF" in ent["aliases"]


def test_reference_key_joins_whatever_the_surface_form(store):
    a = put(store, "a1", entity("e1", "Islamic Revolutionary Guard Corps", "ARMED_GROUP", ref="irgc"))
    b = put(store, "a2", entity("e1", "Sepah", "ARMED_GROUP", ref="irgc"))
    assert a["e1"] == b["e1"]
    assert merges(store, "a2")[0][1:3] == ("ref", "irgc")


def test_bare_surname_joins_the_only_person_with_it(store):
    a = put(store, "a1", entity("e1", "Esmail Qaani", "PERSON", "Qaani"))
    b = put(store, "a2", entity("e1", "Qaani", "PERSON"))
    assert a["e1"] == b["e1"]
    assert merges(store, "a2")[0][1] == "surname"


def test_bare_surname_stays_apart_when_its_article_has_another_candidate(store):
    a = put(store, "a1", entity("e1", "Esmail Qaani", "PERSON"))
    # this article has a second Qaani that the extractor did not link: the bare one is ambiguous
    b = put(store, "a2", entity("e1", "Qaani", "PERSON"), entity("e2", "Reza Qaani", "PERSON"))
    assert b["e1"] != a["e1"]
    assert b["e2"] != a["e1"]


def test_full_name_joins_a_person_known_only_by_surname(store):
    a = put(store, "a1", entity("e1", "Naqdi", "PERSON"))
    b = put(store, "a2", entity("e1", "Mohammad Reza Naqdi", "PERSON", "Naqdi"))
    assert a["e1"] == b["e1"]
    assert merges(store, "a2")[0][1] == "surname"


def test_every_form_of_an_article_entity_is_kept():
    e = entity("e1", "Quds Force", "ARMED_GROUP", "Qods Force", "IRGC-QF")
    assert forms_of(e) == ["Quds Force", "Qods Force", "IRGC-QF"]
