"""The ontology and the reference data are data files, checked when they load."""
import pytest
import yaml

from orbat import ontology, reference
from orbat.nlp import titles


def test_packaged_ontology_has_every_type_and_predicate():
    onto = ontology.default()
    assert onto.entity_types == {"PERSON", "ARMED_GROUP", "ORGANIZATION", "MEDIA", "GPE", "LOCATION"}
    assert len(onto.predicates) == 13
    assert onto.predicates["met_with"].symmetric
    assert onto.predicates["leads"].allows("PERSON", "ARMED_GROUP")
    assert not onto.predicates["leads"].allows("GPE", "ARMED_GROUP")
    assert onto.predicates["opposes"].allows("GPE", "PERSON")  # "any actor"


def test_unknown_type_in_ontology_file_fails_naming_the_file(tmp_path):
    data = yaml.safe_load((ontology.resources.files("orbat") / "data" / "ontology.yaml").read_text())
    data["predicates"]["leads"]["object"].append("MILITIA")
    bad = tmp_path / "ontology.yaml"
    bad.write_text(yaml.safe_dump(data))
    with pytest.raises(ontology.OntologyError) as err:
        ontology.load(bad)
    assert str(bad) in str(err.value) and "MILITIA" in str(err.value)


def test_unreadable_ontology_file(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("entity_types: [unclosed")
    with pytest.raises(ontology.OntologyError, match="broken.yaml"):
        ontology.load(bad)


def test_unknown_type_in_reference_file_fails_naming_the_file(tmp_path, monkeypatch):
    (tmp_path / "mine.yaml").write_text(
        "- {id: x_brigade, name: X Brigade, type: MILITIA, aliases: [XB]}\n")
    monkeypatch.setenv("ORBAT_REFERENCE", str(tmp_path))
    reference.default.cache_clear()
    try:
        with pytest.raises(ontology.OntologyError) as err:
            reference.default()
        assert "mine.yaml" in str(err.value) and "MILITIA" in str(err.value)
    finally:
        monkeypatch.delenv("ORBAT_REFERENCE")
        reference.default.cache_clear()


def test_reference_rejects_bad_wikidata_and_duplicate_ids(tmp_path):
    onto = ontology.default()
    with pytest.raises(ontology.OntologyError, match="Q-id"):
        reference.parse_actor({"id": "a", "name": "A", "type": "GPE", "wikidata": "12"}, "f.yaml", onto)
    a = reference.parse_actor({"id": "a", "name": "A", "type": "GPE"}, "f.yaml", onto)
    with pytest.raises(ontology.OntologyError, match="already used"):
        reference.build([a, a])


def test_user_reference_folder_adds_actors(tmp_path, monkeypatch):
    (tmp_path / "mine.yaml").write_text(
        "- {id: test_brigade, name: Thar Allah Test Brigade, type: ARMED_GROUP, aliases: [TATB]}\n")
    monkeypatch.setenv("ORBAT_REFERENCE", str(tmp_path))
    reference.default.cache_clear()
    try:
        ref = reference.default()
        assert ref.actors["test_brigade"].aliases == ("TATB",)
    finally:
        monkeypatch.delenv("ORBAT_REFERENCE")
        reference.default.cache_clear()


def test_reference_data_is_large_and_well_formed():
    ref = reference.default()
    assert len(ref.actors) >= 250
    types = {a.type for a in ref.actors.values()}
    assert types == ontology.default().entity_types


def test_titles_file_fails_on_a_bad_entry():
    with pytest.raises(ontology.OntologyError, match="titles.yaml"):
        titles.parse([{"title": "General"}], "titles.yaml")
