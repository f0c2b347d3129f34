"""The store on both backends: schema, the one write path, idempotence, near-duplicates, reprocess, export."""
from __future__ import annotations

import io
import json

import pytest
from conftest_store import article, entity, extraction, quote, relation

from orbat.model import Mention
from orbat.store import SchemaError, StoreError, open_store
from orbat.store.schema import LATEST

BODY = ("Iran's Islamic Revolutionary Guard Corps has expanded the Basij into a regional force, "
        "according to a senior commander who spoke at a rally in Tehran on Thursday. The commander said "
        "volunteers from several countries now train with the Basij in Syria and Iraq, and that the model "
        "had inspired similar groups across the region. Analysts in Beirut said the move showed how the "
        "Guards use the volunteer militia to project influence far beyond the country's borders, while "
        "officials in Baghdad declined to comment on the number of fighters involved. The Quds Force, "
        "the external arm of the Guards, was not mentioned in the speech, but its officers have long "
        "overseen the recruitment of foreign fighters for the war in Syria.")


def basij_article(aid="a1", title="Guards expand volunteer militia", tail="", path=None):
    text = f"{title}\n\n{BODY}{tail}"
    irgc = entity("e1", "Islamic Revolutionary Guard Corps", "ARMED_GROUP", "Guards", text=text)
    basij = entity("e2", "Basij", "ARMED_GROUP", text=text)
    syria = entity("e3", "Syria", "GPE", text=text)
    rels = [relation("e2", "part_of", "e1", "Iran's Islamic Revolutionary Guard Corps has expanded the Basij"),
            relation("e2", "operates_in", "e3", "train with the Basij in Syria", modality="reported")]
    quotes = [quote(None, "volunteers from several countries")]
    return extraction(article(aid, text, path=path, title=title, source="Example Wire", published="2024-03-01",
                              comments=("great article!",)), [irgc, basij, syria], rels, quotes)


def export(store) -> dict:
    out = io.StringIO()
    store.export_json(out)
    return json.loads(out.getvalue())


def table(store, sql, *params):
    return store.backend.execute(sql, params).fetchall()


# --- schema --------------------------------------------------------------------------------

def test_open_applies_the_migrations_once(store_url):
    with open_store(store_url) as s:
        assert s.schema_version == LATEST
        assert s.counts()["articles"] == 0
    with open_store(store_url) as s:  # reopening applies nothing twice
        rows = table(s, "SELECT version FROM schema_migrations")
        assert [r[0] for r in rows] == list(range(1, LATEST + 1))


def test_a_store_from_a_newer_orbat_is_refused(store_url):
    with open_store(store_url) as s:
        s.backend.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                          (LATEST + 1, "from the future", "2030-01-01"))
    with pytest.raises(SchemaError, match="newer than this orbat"):
        open_store(store_url)


def test_sqlite_settings(tmp_path):
    with open_store(tmp_path / "x.db") as s:
        conn = s.backend.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_a_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "nope" / "x.db")


def test_orbat_db_setting(tmp_path, monkeypatch):
    from orbat.store import default_db

    monkeypatch.setenv("ORBAT_DB", str(tmp_path / "env.db"))
    assert default_db() == str(tmp_path / "env.db")
    with open_store() as s:
        assert s.where == str(tmp_path / "env.db")


# --- the write path ------------------------------------------------------------------------

def test_write_stores_every_fact_of_the_article(store):
    r = store.write(basij_article(), extracted_with="test 1")
    assert r.status == "new" and r.duplicate_of is None
    c = store.counts()
    assert (c["articles"], c["entities"], c["assertions"], c["evidence"], c["quotes"]) == (1, 3, 2, 2, 1)
    assert c["mentions"] == 4 and c["signatures"] == 1
    row = table(store, "SELECT path, title, source, published, format, comments, status, extracted_with "
                       "FROM articles")[0]
    assert row == ("a1.txt", "Guards expand volunteer militia", "Example Wire", "2024-03-01", "text",
                   '["great article!"]', "independent", "test 1")
    assert store.article("a1") == basij_article().article
    assert store.check() == []


def test_writing_the_same_article_again_changes_nothing(store):
    store.write(basij_article())
    before = store.counts()
    r = store.write(basij_article(path="elsewhere/copy.txt"))
    assert r.status == "unchanged"
    assert store.counts() == before


def test_a_failing_write_rolls_back_that_article_only(store):
    store.write(basij_article())
    before = store.counts()
    good = basij_article("a2", title="Another story entirely", tail=" " + "Unrelated words follow here. " * 40)
    # a mention without offsets violates the schema halfway through the write
    bad_entity = good.entities[1].__class__(**{**good.entities[1].__dict__,
                                               "mentions": (Mention(None, None, "Basij", "test"),)})
    bad = good.__class__(good.article, (good.entities[0], bad_entity, good.entities[2]), good.relations, good.quotes)
    with pytest.raises(StoreError, match=r"a2\.txt: could not store"):
        store.write(bad)
    assert store.counts() == before
    assert not store.has_article("a2")
    assert store.check() == []
    assert store.write(good).status in ("new", "duplicate")  # and the store still takes writes


def test_strings_with_sql_in_them_are_stored_verbatim(store):
    evil = "Robert'); DROP TABLE articles; -- \"x\" % ? $1 \\"
    text = f"{evil}\n\nA story about {evil} and the Guards."
    ex = extraction(article("evil", text, path=f"{evil}.txt", title=evil),
                    [entity("e1", evil, "PERSON", text=text), entity("e2", "Guards", "ARMED_GROUP", text=text)],
                    [relation("e1", "member_of", "e2", evil)], [quote("e1", evil)])
    store.write(ex)
    got = export(store)
    assert {e["name"] for e in got["entities"]} == {evil, "Guards"}
    assert got["relations"][0]["evidence"][0]["sentence"] == evil
    assert got["quotes"][0]["text"] == evil
    assert store.article("evil").text == text and store.article("evil").path == f"{evil}.txt"


def test_nul_and_lone_surrogates_are_stored_without_moving_offsets(store):
    text = "Title\n\nThe Basij\x00 met \udcff the Guards."
    ex = extraction(article("odd", text), [entity("e1", "Guards", "ARMED_GROUP", text=text)])
    store.write(ex)
    stored = store.article("odd").text
    assert len(stored) == len(text) and stored.index("Guards") == text.index("Guards")


def test_unknown_entity_ids_in_a_relation_are_a_warning_not_a_crash(store):
    ex = basij_article()
    ex = ex.__class__(ex.article, ex.entities, ex.relations + (relation("e1", "supports", "e99", "x"),))
    r = store.write(ex)
    assert any("e99" in w for w in r.warnings)
    assert store.counts()["assertions"] == 2


def test_symmetric_relations_are_one_assertion_whichever_way_round(store):
    t1, t2 = "Bajwa met Rouhani in Tehran.", "Rouhani met with Bajwa on Monday in a long session."
    ents = lambda t: [entity("e1", "Qamar Javed Bajwa", "PERSON", text=t), entity("e2", "Hassan Rouhani", "PERSON", text=t)]
    store.write(extraction(article("m1", t1), ents(t1), [relation("e1", "met_with", "e2", t1)]))
    store.write(extraction(article("m2", t2), ents(t2), [relation("e2", "met_with", "e1", t2)]))
    [rel] = export(store)["relations"]
    assert rel["sources"] == 2 and len(rel["evidence"]) == 2


# --- near-duplicates ---------------------------------------------------------------------

SHARE_TAIL = ("\n\nShare this article: Facebook Twitter WhatsApp Email Print. Follow us for more news "
              "and updates, and subscribe to our newsletter.")


def test_a_near_duplicate_is_stored_but_is_not_a_second_source(store):
    store.write(basij_article("a1"))
    r = store.write(basij_article("a2", title="Iran widens reach of volunteer Basij force", tail=SHARE_TAIL))
    assert r.status == "duplicate" and r.duplicate_of == "a1"
    assert table(store, "SELECT status, duplicate_of FROM articles WHERE id = 'a2'") == [("duplicate", "a1")]
    rels = export(store)["relations"]
    assert rels and all(rel["sources"] == 1 and len(rel["evidence"]) == 2 for rel in rels)
    assert len(export(store)["quotes"]) == 1  # the copy's identical quote is not a second quote
    # a third, independent article does count
    other = basij_article("a3", title="x")
    other = other.__class__(other.article.__class__(**{**other.article.__dict__,
                                                       "text": "Different reporting. " * 5 + "The Basij in Syria."}),
                            other.entities, other.relations[1:])
    assert store.write(other).status == "new"
    [rel] = [r for r in export(store)["relations"] if r["predicate"] == "operates_in"]
    assert rel["sources"] == 2


def test_the_near_duplicate_index_is_rebuilt_from_the_store(store_url):
    with open_store(store_url) as s:
        s.write(basij_article("a1"))
    with open_store(store_url) as s:  # a new process knows nothing in memory
        r = s.write(basij_article("a2", title="A new headline for the same story", tail=SHARE_TAIL))
        assert (r.status, r.duplicate_of) == ("duplicate", "a1")
        # a duplicate of the duplicate points at the original
        r = s.write(basij_article("a3", title="Yet another headline", tail=SHARE_TAIL + " Read more."))
        assert (r.status, r.duplicate_of) == ("duplicate", "a1")


def test_different_articles_are_not_duplicates(store):
    store.write(basij_article("a1"))
    text = ("Houthi forces in Yemen fired drones at shipping in the Red Sea, the movement's spokesman said, "
            "adding that the attacks would continue until the blockade ended. ") * 3
    r = store.write(extraction(article("h1", text), [entity("e1", "Houthis", "ARMED_GROUP")]))
    assert r.status == "new"


# --- reprocess: replace machine facts, keep ids and decisions ---------------------------

def test_replace_swaps_machine_facts_and_keeps_ids_and_decisions(store):
    first = store.write(basij_article())
    rel_id = export(store)["relations"][0]["id"]
    store.add_decision("reject", rel_id, {"why": "misread"}, who="analyst")
    store.add_decision("note", first.entities["e2"], {"text": "check"}, who="analyst")
    # the new pipeline finds fewer relations, names local ids differently, and no quote
    ex = basij_article()
    ents = (ex.entities[2].__class__(**{**ex.entities[2].__dict__, "id": "x1"}),
            ex.entities[1].__class__(**{**ex.entities[1].__dict__, "id": "x2"}),
            ex.entities[0].__class__(**{**ex.entities[0].__dict__, "id": "x3"}))
    rel = ex.relations[1].__class__(**{**ex.relations[1].__dict__, "subject": "x2", "object": "x1"})
    new = ex.__class__(ex.article, ents, (rel,), ())
    r = store.write(new, extracted_with="test 2", replace=True)
    assert r.status == "replaced"
    assert r.entities == {"x1": first.entities["e3"], "x2": first.entities["e2"], "x3": first.entities["e1"]}
    c = store.counts()
    assert (c["articles"], c["assertions"], c["evidence"], c["quotes"], c["decisions"]) == (1, 1, 1, 0, 2)
    assert table(store, "SELECT extracted_with FROM articles") == [("test 2",)]
    assert store.check() == []


def test_decisions_apply_on_top_in_the_export(store):
    a = store.write(basij_article())
    t = "Title\n\nThe Guards Corps trains the Basij Resistance Force in Syria."
    b = store.write(extraction(article("b1", t), [entity("e1", "Basij Resistance Force", "ARMED_GROUP", text=t),
                                                  entity("e2", "Syria", "GPE", text=t)],
                               [relation("e1", "operates_in", "e2", t)]))
    got = export(store)
    part_of = [r["id"] for r in got["relations"] if r["predicate"] == "part_of"][0]
    store.add_decision("merge", b.entities["e1"], {"into": a.entities["e2"]}, who="analyst")
    store.add_decision("reject", part_of, who="analyst")
    got = export(store)
    basij = [e for e in got["entities"] if e["id"] == a.entities["e2"]][0]
    assert "Basij Resistance Force" in basij["aliases"]
    assert b.entities["e1"] not in {e["id"] for e in got["entities"]}
    assert not [r for r in got["relations"] if r["predicate"] == "part_of"]
    ops = [r for r in got["relations"] if r["predicate"] == "operates_in"]
    assert {r["subject"] for r in ops} == {a.entities["e2"]}


# --- export --------------------------------------------------------------------------------

def test_export_is_the_corpus_object(store):
    store.write(basij_article())
    got = export(store)
    assert set(got) == {"entities", "relations", "quotes"}
    irgc = [e for e in got["entities"] if e["name"] == "Islamic Revolutionary Guard Corps"][0]
    assert set(irgc) >= {"id", "name", "type", "aliases", "wikidata"} and irgc["aliases"] == ["Guards"]
    rel = [r for r in got["relations"] if r["predicate"] == "operates_in"][0]
    assert set(rel) >= {"subject", "predicate", "object", "modality", "attributed_to", "time", "evidence", "sources"}
    assert rel["modality"] == "reported" and rel["sources"] == 1
    assert set(rel["evidence"][0]) >= {"article", "sentence", "start", "end", "rule"}
    ids = {e["id"] for e in got["entities"]}
    assert all(r["subject"] in ids and r["object"] in ids for r in got["relations"])


def test_reading_while_a_write_is_open(tmp_path):
    """A reader sees the last committed state while a writer holds its transaction (WAL)."""
    path = tmp_path / "orbat.db"
    with open_store(path) as writer, open_store(path) as reader:
        writer.write(basij_article("a1"))
        writer.backend.begin_write()
        writer.backend.execute("DELETE FROM quotes")
        assert reader.counts()["quotes"] == 1
        out = io.StringIO()
        reader.export_json(out)
        assert json.loads(out.getvalue())["quotes"]
        writer.backend.rollback()
