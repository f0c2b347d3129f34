"""The entity stage on passages written for these tests, through the real spaCy model."""
from conftest import by_name

from orbat import reference


def with_form(x, form):
    hits = [e for e in x.entities if form == e.name or form in e.aliases]
    assert len(hits) == 1, (form, [(e.name, e.aliases) for e in x.entities])
    return hits[0]


def names(x):
    return {e.name for e in x.entities}


def test_ruler_finds_reference_actors_with_canonical_names_and_ids(extract):
    x = extract("Officials in Baghdad said Kata'ib Hizballah had moved rockets closer to the "
                "border, and that the Islamic Revolutionary Guard Corps was advising it.")
    kh = with_form(x, "Kata'ib Hizballah")
    assert kh.type == "ARMED_GROUP" and kh.ref
    assert kh.name == reference.default().actors[kh.ref].name != "Kata'ib Hizballah"
    irgc = by_name(x, "Islamic Revolutionary Guard Corps")
    assert irgc.type == "ARMED_GROUP"
    for e in x.entities:
        if e.ref:
            assert e.wikidata == reference.default().actors[e.ref].wikidata


def test_transliteration_variants_join_one_entity(extract):
    x = extract("Ghasem Soleimani travelled to Damascus in 2013. Qassem Soleimani, as Arab outlets "
                "spell him, met officers there.")
    people = [e for e in x.entities if e.type == "PERSON"]
    assert len(people) == 1
    assert people[0].name == "Qasem Soleimani"
    assert {"Ghasem Soleimani", "Qassem Soleimani"} <= set(people[0].aliases)


def test_capitals_carry_meaning(extract):
    # "basij" in lower case is the common noun (mobilisation), "us" is a pronoun
    x = extract("The clerics called for a basij of the faithful, and told us they would wait.")
    assert "Basij" not in names(x)
    assert "United States" not in names(x)
    y = extract("The Basij paraded in Tehran while the US watched.")
    assert {"Basij", "Tehran", "United States"} <= names(y)


def test_arabic_article_variants(extract):
    x = extract("Fighters of al-Hashd al-Shaabi and of Hashd al Shabi units are the same force, "
                "officials in Baghdad stressed.")
    hashd = [e for e in x.entities if e.type == "ARMED_GROUP"]
    assert len(hashd) == 1, [e.name for e in hashd]


def test_titles_and_ranks_are_parsed_off_names(extract):
    x = extract("Maj. Gen. Hossein Salami spoke after Brig. Gen. Esmail Qaani. Later, Hojatoleslam "
                "Ali Shirazi and Grand Ayatollah Ali al-Sistani were named.")
    salami = by_name(x, "Hossein Salami")
    assert salami.titles == ("Major General",)
    assert by_name(x, "Esmail Qaani").titles == ("Brigadier General",)
    assert "Grand Ayatollah" in by_name(x, "Ali al-Sistani").titles
    shirazi = [e for e in x.entities if "Shirazi" in e.name][0]
    assert shirazi.name == "Ali Shirazi" and "Hojatoleslam" in shirazi.titles
    for e in x.entities:
        assert not e.name.startswith(("Maj", "Brig", "Gen", "Hojatoleslam", "Grand")), e.name


def test_acronym_defined_in_brackets_binds_to_an_unknown_body(extract):
    x = extract("A report by the Center for Levant Militia Studies (CLMS) counted the brigades. "
                "CLMS said the count was rising.")
    body = by_name(x, "Center for Levant Militia Studies")
    assert "CLMS" in body.aliases
    assert sum(1 for e in x.entities if "CLMS" in (e.name, *e.aliases)) == 1


def test_or_gloss_binds_acronym(extract):
    x = extract("The Zulfiqar Defence Network, or ZDN, recruits in Basra. Analysts say ZDN is small.")
    zdn = by_name(x, "Zulfiqar Defence Network")
    assert "ZDN" in zdn.aliases


def test_translation_gloss_inside_a_unit_name(extract):
    x = extract("The Tavakol (Trust) Brigade deployed to the south.")
    unit = by_name(x, "Tavakol Brigade")
    assert {"Trust", "Tavakol (Trust) Brigade"} <= set(unit.aliases)
    assert unit.type == "ARMED_GROUP"


def test_surname_on_second_mention_and_nearest_antecedent(extract):
    x = extract("Qasem Soleimani built the network. Gholamreza Soleimani later ran the Basij. "
                "Soleimani told the volunteers to stay home.")
    gholamreza = by_name(x, "Gholamreza Soleimani")
    qasem = by_name(x, "Qasem Soleimani")
    assert "Soleimani" in gholamreza.aliases  # the nearest person of that surname
    assert "Soleimani" not in qasem.aliases
    assert len([e for e in x.entities if e.type == "PERSON"]) == 2


def test_short_reference_needs_the_full_name_in_the_article(extract):
    x = extract("The Islamic Revolutionary Guard Corps held drills. The Guards said they went well.")
    irgc = by_name(x, "Islamic Revolutionary Guard Corps")
    assert "Guards" in irgc.aliases
    y = extract("The Guards said the drills went well.")
    assert "Islamic Revolutionary Guard Corps" not in names(y)


def test_model_mistakes_are_corrected(extract):
    x = extract("Supreme Leader Ali Khamenei praised Lebanon's Hezbollah and the Sayyid al-Karrar "
                "Brigades, a militia that appeared last year.")
    assert "Supreme" not in names(x)
    assert "Ali Khamenei" in names(x)
    assert "Hezbollah" in names(x)
    for e in x.entities:
        assert not e.name.endswith(("'s", "\u2019s")), e.name
    unit = [e for e in x.entities if "Karrar" in e.name][0]
    assert unit.type == "ARMED_GROUP"


def test_unknown_actors_are_still_found_and_typed(extract):
    x = extract("Colonel Farhad Rostami of the Ansar al-Mahdi Corps met reporters from the "
                "Tabriz Daily News in Zanjan.")
    assert by_name(x, "Farhad Rostami").type == "PERSON"
    assert [e for e in x.entities if "Ansar al-Mahdi Corps" in e.name][0].type == "ARMED_GROUP"
    assert [e for e in x.entities if "Tabriz Daily News" in e.name][0].type == "MEDIA"


def test_headline_capitals_do_not_make_entities(extract):
    x = extract("Officials said volunteers gathered in Mashhad on Friday.",
                title="Volunteer Force Gathers Strength In East")
    assert "Volunteer Force" not in names(x)
    assert "Mashhad" in names(x)


def test_nationality_adjectives_are_not_entities(extract):
    x = extract("Iranian and Iraqi officers met Shiite clerics.")
    assert not [e for e in x.entities if e.name in ("Iranian", "Iraqi", "Shiite")]


def test_mentions_point_into_the_text(extract):
    text = "Hezbollah fighters crossed into Syria, Hezbollah officials said."
    x = extract(text)
    for e in x.entities:
        for m in e.mentions:
            assert text[m.start:m.end] == m.text


def test_honorific_with_given_name_is_the_person_named_in_full(extract):
    x = extract("General Abbas Nilforushan was buried in Isfahan on Friday. Mourners chanted for "
                "Hajj Abbas late into the night.")
    people = [e for e in x.entities if e.type == "PERSON"]
    assert len(people) == 1 and "Abbas" in people[0].aliases, [(e.name, e.aliases) for e in people]


def test_a_nationality_word_alone_is_no_place(extract):
    x = extract("Emirati officials and Bahraini diplomats met in Manama.")
    assert {e.name for e in x.entities} == {"Manama"}
