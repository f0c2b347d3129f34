"""Curation end to end: passages written for these tests, the real pipeline, a real store (SQLite and
PostgreSQL via ``store_url``), analyst decisions, then ``reprocess`` and later ingests that must keep them."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orbat import curation
from orbat.curation import AmbiguousName, CurationError
from orbat.ingest import ingest, reprocess
from orbat.model import Extraction
from orbat.store import open_store

# Short passages written for these tests (not taken from any article).
PASSAGES = {
    "basij_drills.txt": (
        "Basij drills in Khuzestan\n\n"
        "Mohammad Farahani, a Basij commander in Ahvaz, said on Tuesday that his units would hold drills near "
        "the Iraqi border. Farahani also commands the Ashura Corps, according to local media.\n"),
    "kh_denial.txt": (
        "Militia denies attack\n\n"
        "Kataib Hezbollah denied on Wednesday that its fighters had attacked a convoy near Baghdad. Farahani, "
        "a spokesman for Kataib Hezbollah, said the claims were false. The militia is backed by the Quds Force, "
        "US officials alleged.\n"),
    "qaani_baghdad.txt": (
        "Quds Force commander in Baghdad\n\n"
        "Esmail Qaani, who leads the Quds Force, arrived in Baghdad for talks with militia leaders, officials "
        "said. Qaani met Hadi al-Amiri, the head of the Badr Organization, according to Iraqi media.\n"),
    "kerman_memorial.txt": (
        "Memorial marks anniversary\n\n"
        "Supporters gathered in Kerman to remember Qasem Soleimani, the former head of the Quds Force. "
        "Soleimani was killed near Baghdad airport in January 2020 together with Abu Mahdi al-Muhandis, the "
        "deputy chief of the Popular Mobilization Forces.\n"),
    "basij_chief.txt": (
        "Basij chief tours western provinces\n\n"
        "Gholamreza Soleimani, the commander of the Basij, visited Kermanshah on Monday to meet volunteer "
        "units. Soleimani told reporters that the Basij would open new training centres near the border.\n"),
}


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in PASSAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def loaded(store, corpus, extractor):
    summary = ingest([str(corpus)], store, extractor)
    assert summary.new + summary.duplicates == len(PASSAGES), summary
    return store


class Changed:
    """A 'new pipeline': the real one, with each extraction changed by ``change``."""

    def extract(self, article) -> Extraction:
        return self.change(self.inner.extract(article))

    def extract_many(self, articles, workers=1, on_error=None):
        return (self.change(ex) for ex in self.inner.extract_many(articles, workers, on_error))


class Shifted(Changed):
    """A 'new pipeline': the same facts, each read with another modality (so every assertion id changes)."""

    def __init__(self, inner):
        from orbat.ontology import default

        m = default().modalities
        self.inner, self.other = inner, {a: m[(i + 1) % len(m)] for i, a in enumerate(m)}

    def change(self, ex) -> Extraction:
        return dataclasses.replace(ex, relations=tuple(dataclasses.replace(r, modality=self.other[r.modality])
                                                       for r in ex.relations))


class Dropping(Changed):
    """A 'new pipeline' that no longer finds one predicate."""

    def __init__(self, inner, predicate):
        self.inner, self.predicate = inner, predicate

    def change(self, ex) -> Extraction:
        return dataclasses.replace(ex, relations=tuple(r for r in ex.relations if r.predicate != self.predicate))


class Renumbered(Changed):
    """A 'new pipeline' whose article-local ids differ, so new entities get other stored ids."""

    def __init__(self, inner):
        self.inner = inner

    def change(self, ex) -> Extraction:
        ids = {e.id: "x" + e.id for e in ex.entities}
        return dataclasses.replace(
            ex, entities=tuple(dataclasses.replace(e, id=ids[e.id]) for e in ex.entities),
            relations=tuple(dataclasses.replace(r, subject=ids[r.subject], object=ids[r.object],
                                                attributed_to=ids.get(r.attributed_to)) for r in ex.relations),
            quotes=tuple(dataclasses.replace(q, speaker=ids.get(q.speaker), via=tuple(ids[v] for v in q.via))
                         for q in ex.quotes))


def fact(store, subject_name: str, predicate: str, object_name: str | None = None) -> tuple[str, str, str]:
    """(assertion id, subject id, object id) of the one stored fact with these names."""
    rows = store.backend.execute(
        "SELECT s.id, s.subject, s.object, eo.name FROM assertions s JOIN entities es ON es.id = s.subject "
        "JOIN entities eo ON eo.id = s.object WHERE es.name = ? AND s.predicate = ?",
        (subject_name, predicate)).fetchall()
    rows = [r for r in rows if object_name is None or r[3] == object_name]
    assert len(rows) == 1, (subject_name, predicate, object_name, rows)
    return rows[0][:3]


def picture(store) -> dict:
    """The store as corrected, keyed by things that survive re-extraction (names, predicates, sentences)."""
    v = curation.view(store)
    b = store.backend
    names = {e: (n, t) for e, n, t in b.execute("SELECT id, name, type FROM entities")}

    def label(eid):
        root = eid.split("~")[0]
        n, t = names.get(eid) or names[root]
        return f"{v.name(eid, n)}/{v.type(eid, t)}"

    facts = {}
    for aid, s, p, o, sentence in b.execute(
            "SELECT s.id, s.subject, s.predicate, s.object, v.sentence FROM assertions s "
            "JOIN evidence v ON v.assertion = s.id"):
        es, eo = v.ends(aid, s, o)
        facts[(sentence, p)] = (label(es), label(eo), v.status(aid), len(v.notes(aid)))
    return facts


# ------------------------------------------------------------------------------------------------ decisions
def test_merge_rename_retype_note_apply_and_survive_reprocess(loaded, extractor):
    store = loaded
    qasem = curation.find_entity(store, "Qasem Soleimani")
    d1 = curation.merge(store, "qassem sulaimani", "Gholamreza Soleimani", who="sara")  # transliterated, any case
    assert d1.who == "sara" and d1.kind == "merge" and d1.target == qasem
    gholam = d1.payload["into"]
    curation.rename(store, "Kataib Hezbollah", "Kata'ib Hizballah (KH)")
    curation.retype(store, "kerman", "location")
    curation.note(store, "Hadi al-Amiri", "Badr leader since the 1980s")
    v = curation.view(store)
    assert v.entity(qasem) == gholam and v.hidden(qasem) and not v.hidden(gholam)
    kh = curation.find_entity(store, "Kataib Hezbollah")
    assert v.name(kh, "x") == "Kata'ib Hizballah (KH)"
    assert curation.find_entity(store, "kataib hizballah (kh)") == kh  # the analyst's name finds it too
    assert v.type(curation.find_entity(store, "Kerman"), "GPE") == "LOCATION"
    assert [n["text"] for n in v.notes(curation.find_entity(store, "Hadi al-Amiri"))] == \
        ["Badr leader since the 1980s"]
    aid, s, o = fact(store, "Qasem Soleimani", "leads", "Quds Force")
    assert v.ends(aid, s, o)[0] == gholam  # a merged entity's facts are the survivor's

    before = picture(store)
    summary = reprocess(store, extractor)
    assert summary.replaced == len(PASSAGES) and not summary.error
    assert picture(store) == before
    assert all(d.state == "active" for d in curation.listing(store))


def test_split_moves_forms_and_the_facts_they_evidence(loaded, extractor):
    store = loaded
    farahani = curation.find_entity(store, "Farahani")
    commander = fact(store, "Mohammad Farahani", "member_of", "Basij")
    leads = fact(store, "Mohammad Farahani", "leads")
    spokesman = fact(store, "Mohammad Farahani", "member_of", "Kata'ib Hezbollah")
    assert commander[1] == leads[1] == spokesman[1] == farahani  # one entity for two men (surname rule)

    d = curation.split(store, "Farahani", ["Mohammad Farahani"], name="Mohammad Farahani")
    new = d.payload["id"]
    assert new.startswith(farahani + "~")
    v = curation.view(store)
    assert v.ends(*commander)[0] == new  # "Mohammad Farahani, a Basij commander ..."
    assert v.ends(*leads)[0] == new  # "Farahani also commands ...": same article, same local entity as the full name
    assert v.ends(*spokesman)[0] == farahani  # the spokesman of the other article stays
    assert v.name(new, "?") == "Mohammad Farahani" and v.type(new, "?") == "PERSON"
    assert v.name(farahani, "Mohammad Farahani") == "Farahani"  # its own name went with the split
    assert v.mention_entity(farahani, "Mohammad Farahani") == new
    assert v.mention_entity(farahani, "Farahani") == farahani
    assert [c["id"] for c in v.created()] == [new]
    with pytest.raises(AmbiguousName) as err:  # now two Farahanis: the lookup lists both
        curation.find_entity(store, "farahani")
    assert {c["id"] for c in err.value.candidates} == {new, farahani}
    assert curation.find_entity(store, "Mohammad Farahani") == new

    curation.rename(store, farahani, "Farahani (KH spokesman)")
    before = picture(store)
    reprocess(store, extractor)
    assert picture(store) == before


def test_split_by_article(loaded):
    store = loaded
    farahani = curation.find_entity(store, "Farahani")
    spokesman = fact(store, "Mohammad Farahani", "member_of", "Kata'ib Hezbollah")
    d = curation.split(store, farahani, articles=["kh_denial.txt"], name="Farahani (KH)")
    v = curation.view(store)
    assert v.ends(*spokesman)[0] == d.payload["id"]
    assert v.ends(*fact(store, "Mohammad Farahani", "leads"))[0] == farahani


def test_split_bad_input(loaded):
    store = loaded
    with pytest.raises(CurationError, match="not a form of"):
        curation.split(store, "Farahani", ["Hossein Farahani"])
    with pytest.raises(CurationError, match="nothing would stay"):
        curation.split(store, "Farahani", ["Farahani", "Mohammad Farahani"])
    with pytest.raises(CurationError, match="no article"):
        curation.split(store, "Farahani", articles=["nowhere.txt"])
    with pytest.raises(CurationError, match="say what to move"):
        curation.split(store, "Farahani", [])


def test_reject_and_confirm_survive_a_pipeline_that_changes_every_fact_id(loaded, extractor):
    store = loaded
    aid, s, o = fact(store, "Esmail Qaani", "leads", "Quds Force")
    met = fact(store, "Hadi al-Amiri", "met_with")
    curation.reject(store, aid, reason="read as a title only")
    curation.confirm(store, met[0])
    curation.note(store, met[0], "two sources")
    reprocess(store, Shifted(extractor))  # the new pipeline reads every modality differently
    new_aid, s2, o2 = fact(store, "Esmail Qaani", "leads", "Quds Force")
    new_met = fact(store, "Hadi al-Amiri", "met_with")
    assert new_aid != aid and (s2, o2) == (s, o)  # entity ids are kept; the fact id is not
    v = curation.view(store)
    assert v.status(aid) is None and v.status(new_aid) == "rejected"
    assert v.status(new_met[0]) == "confirmed" and [n["text"] for n in v.notes(new_met[0])] == ["two sources"]
    states = {d.kind: d for d in curation.listing(store)}
    assert states["reject"].state == "re-anchored" and states["reject"].anchored == [new_aid]
    reprocess(store, extractor)  # and back: the recorded id applies again as it is
    v = curation.view(store)
    assert v.status(aid) == "rejected" and all(d.state == "active" for d in curation.listing(store))


def test_rejected_fact_stays_rejected_when_a_later_article_repeats_it(loaded, extractor, tmp_path):
    store = loaded
    aid, _, _ = fact(store, "Esmail Qaani", "leads", "Quds Force")
    curation.reject(store, aid)
    later = tmp_path / "later"
    later.mkdir()
    (later / "again.txt").write_text(
        "Envoy returns\n\nEsmail Qaani, who leads the Quds Force, returned to Tehran on Friday after a week of "
        "meetings, state media said. The visit followed weeks of tension in the region.\n", encoding="utf-8")
    ingest([str(later)], store, extractor)
    n = store.backend.execute("SELECT COUNT(*) FROM evidence WHERE assertion = ?", (aid,)).fetchone()[0]
    assert n == 2  # the new article gives the same fact ...
    assert curation.view(store).status(aid) == "rejected"  # ... and it stays rejected


def test_decision_on_a_fact_that_goes_is_dangling_then_comes_back(loaded, extractor):
    store = loaded
    aid, _, _ = fact(store, "Hadi al-Amiri", "met_with")
    d = curation.reject(store, aid)
    reprocess(store, Dropping(extractor, "met_with"))
    rows = {x.id: x for x in curation.listing(store)}
    assert rows[d.id].state == "dangling"
    assert curation.view(store).rejected == set()
    with pytest.raises(CurationError, match="no fact"):
        curation.confirm(store, aid)
    reprocess(store, extractor)
    assert curation.view(store).status(aid) == "rejected"


def test_entity_decisions_find_their_entities_in_a_store_rebuilt_with_other_ids(loaded, extractor, corpus,
                                                                                   tmp_path):
    store = loaded
    curation.merge(store, "Esmail Qaani", "Hadi al-Amiri")
    curation.retype(store, "Kerman", "LOCATION")
    curation.split(store, "Farahani", ["Mohammad Farahani"])
    aid, _, _ = fact(store, "Abu Mahdi al-Muhandis", "member_of")
    curation.reject(store, aid)
    rows = store.backend.execute("SELECT kind, target, payload, who FROM decisions ORDER BY id").fetchall()
    with open_store(tmp_path / "rebuilt.db") as other:
        ingest([str(corpus)], other, Renumbered(extractor))
        old_ids = {r[0] for r in store.backend.execute("SELECT id FROM entities")}
        new_ids = {r[0] for r in other.backend.execute("SELECT id FROM entities")}
        assert not old_ids & new_ids  # every entity has another id here
        for kind, target, payload, who in rows:
            other.add_decision(kind, target, json.loads(payload), who)
        listed = curation.listing(other)
        assert [d.state for d in listed] == ["re-anchored"] * 4, [(d.kind, d.state) for d in listed]
        v = curation.view(other)
        qaani, amiri = curation.find_entity(other, "Hadi al-Amiri"), curation.find_entity(other, "Qaani")
        assert qaani == amiri
        assert v.type(curation.find_entity(other, "Kerman"), "GPE") == "LOCATION"
        assert len(v.rejected) == 1
        moved = fact(other, "Mohammad Farahani", "member_of", "Basij")
        assert "~" in v.ends(*moved)[0]


# ------------------------------------------------------------------------------------------------ undo
def test_undo_last_then_a_named_one_and_redo(loaded):
    store = loaded
    d1 = curation.merge(store, "Esmail Qaani", "Quds Force")
    d2 = curation.rename(store, "Basij", "Basij Resistance Force")
    u = curation.undo(store)
    assert u.kind == "undo" and u.target == str(d2.id)
    v = curation.view(store)
    basij = curation.find_entity(store, "Basij")
    assert v.name(basij, "Basij") == "Basij" and v.hidden(curation.find_entity(store, "Quds Force")) is False
    curation.undo(store)  # now the merge
    v = curation.view(store)
    assert not v.hidden(d1.target)
    with pytest.raises(CurationError, match="nothing to undo"):
        curation.undo(store)
    with pytest.raises(CurationError, match="already undone"):
        curation.undo(store, d1.id)
    curation.undo(store, u.id)  # undoing the undo puts the rename back
    assert curation.view(store).name(basij, "Basij") == "Basij Resistance Force"
    states = {d.id: d.state for d in curation.listing(store)}
    assert states[d1.id] == "undone" and states[d2.id] == "active" and states[u.id] == "undone"


def test_undo_survives_reprocess(loaded, extractor):
    store = loaded
    aid, _, _ = fact(store, "Esmail Qaani", "leads", "Quds Force")
    curation.reject(store, aid)
    curation.undo(store)
    reprocess(store, extractor)
    assert curation.view(store).status(aid) is None


# ------------------------------------------------------------------------------------------------ bad input
def test_names_unknown_ambiguous_and_invalid_types(loaded):
    store = loaded
    with pytest.raises(CurationError, match="no entity called 'Nobody Anywhere'"):
        curation.merge(store, "Nobody Anywhere", "Quds Force")
    with pytest.raises(AmbiguousName) as err:
        curation.rename(store, "Soleimani", "X")
    names = {c["name"] for c in err.value.candidates}
    assert names == {"Qasem Soleimani", "Gholamreza Soleimani"} and "give one of these ids" in str(err.value)
    with pytest.raises(CurationError, match="unknown entity type 'WEAPON'"):
        curation.retype(store, "Kerman", "WEAPON")
    with pytest.raises(CurationError, match="already one entity"):
        curation.merge(store, "Qaani", "Esmail Qaani")
    with pytest.raises(CurationError, match="no fact with id"):
        curation.reject(store, "a0000000000000000")
    assert store.backend.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 0


def test_view_reads_once(loaded):
    """The workbench builds a view per store open: a handful of queries, never one per fact."""
    store = loaded
    calls = []
    real = store.backend.execute

    def counting(sql, params=()):
        calls.append(sql)
        return real(sql, params)

    curation.view(store)
    for _ in range(3):
        aid, _, _ = fact(store, "Esmail Qaani", "leads", "Quds Force")
        curation.reject(store, aid)
        curation.undo(store)
    curation.split(store, "Farahani", ["Mohammad Farahani"])
    curation.merge(store, "Esmail Qaani", "Quds Force")
    store.backend.execute = counting
    try:
        v = curation.view(store)
        n = len(calls)
        for aid, s, o in real("SELECT id, subject, object FROM assertions").fetchall():
            v.ends(aid, s, o), v.status(aid), v.notes(aid), v.entity(s), v.hidden(o)
        assert len(calls) == n <= 8, calls
    finally:
        store.backend.execute = real


# ------------------------------------------------------------------------------------------------ command line
@pytest.fixture
def cli():
    from orbat.cli import curate_cmd  # noqa: F401  (registers the commands)
    from orbat.cli.app import app

    runner = CliRunner(mix_stderr=False) if "mix_stderr" in CliRunner.__init__.__code__.co_varnames \
        else CliRunner()
    return lambda *args: runner.invoke(app, list(args))


def test_cli_records_lists_and_undoes(loaded, store_url, cli):
    loaded.close()
    db = ["--db", store_url]
    r = cli("merge", "Qaani", "Quds Force", "--who", "sara", *db)
    assert r.exit_code == 0 and r.stdout.startswith("decision 1: merge Esmail Qaani") and "orbat undo 1" in r.stdout
    r = cli("split", "Farahani", "--forms", "Mohammad Farahani", "--name", "Mohammad Farahani", "--json", *db)
    assert r.exit_code == 0 and json.loads(r.stdout)["kind"] == "split"
    r = cli("retype", "Kerman", "LOCATION", *db)
    assert r.exit_code == 0
    r = cli("note", "Hadi al-Amiri", "Badr chief", *db)
    assert r.exit_code == 0 and "note on Hadi al-Amiri" in r.stdout
    r = cli("undo", *db)
    assert r.exit_code == 0 and "undo 4" in r.stdout
    r = cli("decisions", "--format", "jsonl", *db)
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert [(x["id"], x["kind"], x["state"]) for x in rows] == [
        (1, "merge", "active"), (2, "split", "active"), (3, "retype", "active"), (4, "note", "undone"),
        (5, "undo", "active")]
    assert rows[0]["who"] == "sara" and rows[0]["at"]
    r = cli("decisions", "--format", "json", "--active", *db)
    assert [x["id"] for x in json.loads(r.stdout)] == [1, 2, 3]
    r = cli("decisions", *db)
    assert r.exit_code == 0 and "undone by 5" in r.stdout and "KIND" in r.stdout


def test_cli_bad_input_exits_non_zero_with_a_message(loaded, store_url, cli):
    loaded.close()
    db = ["--db", store_url]
    r = cli("rename", "Soleimani", "X", *db)
    assert r.exit_code == 1 and "names 2 entities" in r.stderr and "Qasem Soleimani" in r.stderr
    r = cli("merge", "Nobody", "Basij", *db)
    assert r.exit_code == 1 and "no entity called 'Nobody'" in r.stderr
    r = cli("retype", "Basij", "SHIP", *db)
    assert r.exit_code == 1 and "unknown entity type" in r.stderr
    r = cli("undo", *db)
    assert r.exit_code == 1 and "nothing to undo" in r.stderr
    r = cli("reject", "a123456789", *db)
    assert r.exit_code == 1 and "no fact" in r.stderr
    r = cli("decisions", "--kind", "frobnicate", *db)
    assert r.exit_code == 1


def test_cli_dangling_is_reported(loaded, store_url, extractor, cli):
    aid, _, _ = fact(loaded, "Hadi al-Amiri", "met_with")
    curation.reject(loaded, aid)
    reprocess(loaded, Dropping(extractor, "met_with"))
    loaded.close()
    r = cli("decisions", "--db", store_url)
    assert r.exit_code == 0 and "dangling" in r.stdout and "1 dangling" in r.stderr


def test_undoing_a_split_leaves_decisions_on_its_entity_dangling(loaded):
    store = loaded
    d = curation.split(store, "Farahani", ["Mohammad Farahani"])
    new = d.payload["id"]
    r = curation.rename(store, new, "Mohammad Farahani (Basij)")
    n = curation.note(store, new, "commander in Ahvaz")
    curation.undo(store, d.id)
    states = {x.id: x.state for x in curation.listing(store)}
    assert states[r.id] == states[n.id] == "dangling"
    v = curation.view(store)
    assert v.created() == [] and v.notes(new) == []
    farahani = curation.find_entity(store, "Mohammad Farahani")
    assert "~" not in farahani and v.name(farahani, "Mohammad Farahani") == "Mohammad Farahani"


def test_notes_on_an_article_and_on_a_merged_entity(loaded):
    store = loaded
    article = store.article_ids()[0]
    a = curation.note(store, article[:10], "state-aligned outlet")
    assert a.target == article and a.payload["on"] == "article"
    curation.note(store, "Esmail Qaani", "succeeded Soleimani in 2020", who="lee")
    curation.merge(store, "Esmail Qaani", "Quds Force")
    v = curation.view(store)
    assert [x["text"] for x in v.notes(article)] == ["state-aligned outlet"]
    qf = curation.find_entity(store, "Quds Force")
    assert [(x["text"], x["who"]) for x in v.notes(qf)] == [("succeeded Soleimani in 2020", "lee")]
