"""The analyst's workbench on a real store: the example corpus (plus three short passages written for
these tests, with dated successions and part_of chains) run through the real pipeline into a SQLite file
once per session; then every command through the CLI and the Python API."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import orbat
from orbat.workbench import Ambiguous, BadDate, NotFound

ROOT = Path(__file__).resolve().parent.parent

PASSAGES = {
    "p1_basij_2017.txt": ("Basij chief Gheibparvar opens volunteer camps", "2017-06-01",
                          "Brig. Gen. Gholamhossein Gheibparvar, the commander of the Basij, opened new training "
                          "camps near Tehran on Tuesday. The Basij is part of the Islamic Revolutionary Guard Corps. "
                          "The Imam Ali Battalions are part of the Basij."),
    "p2_basij_2019.txt": ("New Basij commander takes over", "2019-07-20",
                          "Gholamreza Soleimani replaced Gholamhossein Gheibparvar as commander of the Basij on "
                          "July 10, 2019. Gholamreza Soleimani now leads the Basij, which operates under the "
                          "Islamic Revolutionary Guard Corps."),
    "p3_hezbollah.txt": ("Hezbollah and the Quds Force", "2022-03-03",
                         "The Quds Force supports Hezbollah with weapons and money, according to Western officials. "
                         "Naim Qassem succeeded Hassan Nasrallah as secretary-general of Hezbollah in October 2024."),
}


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory, extractor) -> str:
    from orbat.ingest import ingest
    from orbat.store import open_store

    base = tmp_path_factory.mktemp("workbench")
    corpus = base / "corpus"
    shutil.copytree(ROOT / "examples" / "corpus", corpus)
    for name, (title, published, text) in PASSAGES.items():
        (corpus / name).write_text(f"---\ntitle: {title}\npublished: {published}\nsource: Test Desk\n---\n{text}\n",
                                   encoding="utf-8")
    db = str(base / "orbat.db")
    with open_store(db) as store:
        summary = ingest([str(corpus)], store, extractor)
    assert summary.new == 15, summary.as_dict()
    return db


@pytest.fixture(scope="session")
def db(corpus_db):
    wb = orbat.open(corpus_db)
    yield wb
    wb.close()


def cli(*args: str, db: str | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "orbat", *args] + (["--db", db] if db else [])
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120)


# ------------------------------------------------------------------ show
def test_show_counts_sources_and_evidence(db):
    p = db.show("Qaani")
    assert p.entity.name == "Esmail Qaani" and p.entity.type == "PERSON"
    assert "Brigadier General" in p.titles
    leads = [r for r in p.relations if r.predicate == "leads" and r.other.name == "Quds Force"]
    assert leads, [r.row() for r in p.relations]
    r = leads[0]
    assert r.independent >= 2 and r.modality == "asserted" and r.direction == "out"
    assert r.sources and all(s.sentence for s in r.sources)
    assert any("Qaani" in s.sentence for s in r.sources)
    assert any(s.title for s in r.sources)
    assert r.first and r.last and r.first <= r.last
    assert p.quotes and all(q.speaker.name == "Esmail Qaani" for q in p.quotes)
    assert p.n_articles >= 2 and p.articles
    # spelling and transliteration do not matter
    assert db.show("Esmail Ghaani").entity == p.entity
    assert db.show("esmail qaani").entity == p.entity


def test_show_duplicates_do_not_count(tmp_path, corpus_db, extractor):
    """A re-published copy of an article (new headline) is stored as a duplicate: its sentences are
    evidence, but it adds no independent source."""
    from orbat.model import Article
    from orbat.store import open_store

    copy = tmp_path / "dup.db"
    shutil.copy(corpus_db, copy)
    with open_store(copy) as store:
        aid = store.backend.execute("SELECT id FROM articles WHERE path LIKE '%p2_basij_2019%'").fetchone()[0]
        art = store.article(aid)
        wb = orbat.open(store)
        before = {(r.predicate, r.other.name): r for r in wb.show("Gholamreza Soleimani").relations}
        title = "Republished: Basij gets a new chief"
        text = title + art.text[len(art.title):]
        ex = extractor.extract(Article(id="dup0001", path="dup.txt", text=text, title=title, published="2019-07-21"))
        assert store.write(ex).status == "duplicate"
        after = {(r.predicate, r.other.name): r for r in wb.show("Gholamreza Soleimani").relations}
        key = ("leads", "Basij")
        assert after[key].evidence > before[key].evidence  # the copy's sentence is there ...
        assert after[key].independent == before[key].independent  # ... but it is not another source


def test_show_ambiguous_and_unknown(db, corpus_db):
    with pytest.raises(Ambiguous) as exc:
        db.show("Soleimani")
    names = {c[1] for c in exc.value.candidates}
    assert {"Qasem Soleimani", "Gholamreza Soleimani"} <= names
    with pytest.raises(NotFound):
        db.show("Nobody Anywhere")
    r = cli("show", "Soleimani", db=corpus_db)
    assert r.returncode == 2 and "Qasem Soleimani" in r.stderr and "Gholamreza Soleimani" in r.stderr
    r = cli("show", "Nobody Anywhere", db=corpus_db)
    assert r.returncode == 1 and "no entity called" in r.stderr


def test_show_cli_table_and_json(corpus_db):
    r = cli("show", "Qais al-Khazali", db=corpus_db)
    assert r.returncode == 0, r.stderr
    assert "Qais al-Khazali" in r.stdout and "leads" in r.stdout and "Asa'ib Ahl al-Haq" in r.stdout
    r = cli("show", "Khazali", "--format", "json", db=corpus_db)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["entity"]["name"] == "Qais al-Khazali"
    assert any(x["predicate"] == "leads" and x["sources"] for x in data["relations"])


# ------------------------------------------------------------------ entities
def test_entities_filters_and_ranks(db, corpus_db):
    people = db.entities(type="PERSON")
    assert people and all(e.type == "PERSON" for e in people)
    assert [e.mentions for e in people] == sorted((e.mentions for e in people), reverse=True)
    assert all(e.mentions >= 5 for e in db.entities(min_mentions=5))
    found = db.entities(text="quds")
    assert "Quds Force" in {e.name for e in found}
    top = db.entities(sort="pagerank", top=5)
    assert len(top) == 5 and [e.score for e in top] == sorted((e.score for e in top), reverse=True)
    assert db.entities(sort="degree", top=3)[0].degree >= db.entities(sort="degree", top=3)[2].degree
    assert db.entities(sort="betweenness", top=3)[0].score > 0
    df = db.entities(type="ARMED_GROUP").to_pandas()
    assert {"name", "type", "mentions", "degree"} <= set(df.columns) and len(df) > 5
    r = cli("entities", "--type", "PERSON", "--top", "3", "--format", "csv", db=corpus_db)
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert r.returncode == 0 and len(rows) == 3 and all(x["type"] == "PERSON" for x in rows)
    r = cli("entities", "--sort", "nonsense", db=corpus_db)
    assert r.returncode == 1 and "unknown sort" in r.stderr


# ------------------------------------------------------------------ tree
def test_tree_order_of_battle(db, corpus_db):
    t = db.tree("IRGC")
    assert t.root.entity.name == "Islamic Revolutionary Guard Corps"
    kids = {c.entity.name: c for c in t.root.children}
    assert {"Quds Force", "Basij"} <= set(kids)
    assert [c.name for c in kids["Quds Force"].commanders] == ["Esmail Qaani"]  # the successor, not Soleimani
    assert kids["Basij"].independent >= 2 and kids["Basij"].sources
    assert "Kata'ib Imam Ali" in {c.entity.name for c in kids["Basij"].children}
    assert not t.cycles
    shallow = db.tree("IRGC", depth=1)
    assert all(not c.children for c in shallow.root.children) and shallow.truncated >= 1
    r = cli("tree", "IRGC", db=corpus_db)
    assert r.returncode == 0 and "Quds Force" in r.stdout and "led by Esmail Qaani" in r.stdout


def test_tree_reports_a_part_of_cycle(tmp_path, corpus_db):
    """An analyst's merge makes part_of loop (Basij part_of IRGC, Imam Ali part_of Basij, IRGC = Imam Ali)."""
    from orbat import curation
    from orbat.store import open_store

    copy = tmp_path / "cycle.db"
    shutil.copy(corpus_db, copy)
    with open_store(copy) as store:
        curation.merge(store, "Islamic Revolutionary Guard Corps", "Kata'ib Imam Ali")
        t = orbat.open(store).tree("Basij", depth=10)
    assert t.cycles, t
    assert any(n.cycle for n, _ in t.nodes())
    assert "Basij" in t.cycles[0]
    r = cli("tree", "Basij", db=str(copy))
    assert r.returncode == 0 and "cycle" in r.stdout


# ------------------------------------------------------------------ path
def test_path_with_evidence_and_filters(db, corpus_db):
    res = db.path("Qaani", "IRGC")
    assert res.paths and res.paths[0].length == 2
    hops = res.paths[0].hops
    assert [h.predicate for h in hops] == ["leads", "part_of"]
    assert hops[0].forward and hops[1].forward and all(h.sentence for h in hops)
    # undirected search, real direction shown: from IRGC back to Qaani both hops read backwards
    back = db.path("IRGC", "Qaani").paths[0]
    assert [h.forward for h in back.hops] == [False, False]
    only = db.path("Qaani", "IRGC", predicates=["leads", "part_of"], k=3)
    assert all(h.predicate in ("leads", "part_of") for p in only.paths for h in p.hops)
    none = db.path("Qaani", "IRGC", predicates=["met_with"])
    assert not none.paths and none.note
    r = cli("path", "Qaani", "Hezbollah", "--predicate", "leads", "--predicate", "supports", "--format", "jsonl",
            db=corpus_db)
    assert r.returncode == 0, r.stderr
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert rows and {x["predicate"] for x in rows} <= {"leads", "supports"}
    r = cli("path", "Qaani", "Hezbollah", "--predicate", "commands", db=corpus_db)
    assert r.returncode == 1 and "unknown predicate" in r.stderr


# ------------------------------------------------------------------ network
def test_network_ranks_communities_bridges_ego(db, corpus_db):
    n = db.network(rank="degree", top=5, communities=True, bridges=True)
    assert len(n.ranking) == 5 and n.ranking[0].score >= n.ranking[-1].score
    assert len(n.communities) >= 2 and sum(c.size for c in n.communities) == n.nodes
    assert n.bridges and all(b.reaches for b in n.bridges)
    again = db.network(communities=True)
    assert [c.members for c in again.communities] == [c.members for c in n.communities]  # seeded
    ego = db.network(ego="Quds Force", hops=2, cap=5).ego
    assert len(ego.nodes) == 5 and ego.total_nodes > 5 and "cut at 5" in ego.note
    assert ego.nodes[0].name == "Quds Force"
    full = db.network(ego="Quds Force", hops=1).ego
    assert full.note is None and full.edges
    r = cli("network", "--ego", "Quds Force", "--hops", "2", "--cap", "5", db=corpus_db)
    assert r.returncode == 0 and "cut at 5" in r.stdout
    r = cli("network", "--communities", "--format", "json", db=corpus_db)
    assert json.loads(r.stdout)["communities"]


# ------------------------------------------------------------------ time
def test_timeline_in_order(db, corpus_db):
    events = db.timeline()
    assert len(events) > 10
    from orbat.workbench.dates import start

    assert [start(e.date) for e in events] == sorted(start(e.date) for e in events)
    assert {"fact", "quote"} <= {e.kind for e in events}
    q = db.timeline("Qaani")
    assert q and all((e.subject and e.subject.name == "Esmail Qaani") or (e.object and e.object.name == "Esmail Qaani")
                     for e in q)
    window = db.timeline(frm="2019", to="2019-12-31")
    assert window and all(e.date.startswith("2019") for e in window)
    r = cli("timeline", "--from", "2019-13-01", db=corpus_db)
    assert r.returncode == 1 and "not a real date" in r.stderr


def test_as_of_succession(db, corpus_db):
    def leaders(p):
        return {r.other.name: r for r in p.relations if r.predicate == "leads" and r.direction == "in"}

    before = db.show("Basij", as_of="2018-12-31")
    assert set(leaders(before)) == {"Gholamhossein Gheibparvar"}
    after = db.show("Basij", as_of="2020")
    assert set(leaders(after)) == {"Gholamreza Soleimani"}
    assert [r.other.name for r in after.former] == ["Gholamhossein Gheibparvar"]
    assert "succeeded by Gholamreza Soleimani" in after.former[0].ended
    # the tree, the graph and the CLI agree
    assert [c.name for c in db.tree("Basij", as_of="2018").root.commanders] == ["Gholamhossein Gheibparvar"]
    assert [c.name for c in db.tree("Basij", as_of="2020").root.commanders] == ["Gholamreza Soleimani"]
    g = db.to_networkx(as_of="2018")
    assert all(d["first"] is None or d["first"] <= "2018-12-31" for _, _, d in g.edges(data=True))
    r = cli("show", "Basij", "--as-of", "2018-06", "--format", "json", db=corpus_db)
    data = json.loads(r.stdout)
    assert {x["other"]["name"] for x in data["relations"] if x["predicate"] == "leads"} == {"Gholamhossein Gheibparvar"}
    # facts from articles published after the date are left out
    for path in db.path("Qaani", "IRGC", as_of="2019").paths:
        for hop in path.hops:
            pub = db.snapshot().articles[hop.article].published
            assert pub is None or pub <= "2019-12-31"
    with pytest.raises(BadDate):
        db.show("Basij", as_of="last year")
    r = cli("tree", "Basij", "--as-of", "2019-02-30", db=corpus_db)
    assert r.returncode == 1 and "not a real date" in r.stderr


# ------------------------------------------------------------------ quotes, search
def test_quotes_filters(db, corpus_db):
    allq = db.quotes()
    assert len(allq) > 10
    k = db.quotes(speaker="Khazali")
    assert k and all(q.speaker.name == "Qais al-Khazali" for q in k)
    assert all("Iraqis" in q.text for q in db.quotes(text="iraqis"))
    assert db.quotes(text="iraqis")
    via = db.quotes(outlet="Al-Monitor")
    assert via and all("Al-Monitor" in q.via or q.outlet == "Al-Monitor" for q in via)
    dated = db.quotes(frm="2023-01-01", to="2023-12-31")
    assert dated and all(q.published.startswith("2023") for q in dated)
    r = cli("quotes", "--speaker", "Khazali", "--format", "csv", db=corpus_db)
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert r.returncode == 0 and rows and {x["speaker"] for x in rows} == {"Qais al-Khazali"}


def test_search_cli(db, corpus_db):
    hits = db.search("designated terrorist")
    kinds = {h.kind for h in hits}
    assert kinds == {"article", "evidence"}
    assert any("[designat" in h.snippet.lower() or "[designated]" in h.snippet.lower() for h in hits)
    assert not db.search("zzzqqqxxx")
    assert db.search('"Quds Force" AND OR (')  # FTS5 syntax in user text is taken as words
    r = cli("search", "Gheibparvar", "--format", "jsonl", db=corpus_db)
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert r.returncode == 0 and rows and all("Gheibparvar" in x["snippet"] for x in rows)


def _search_store(url):
    from conftest_store import article, entity, extraction, relation
    from orbat.store import open_store

    text = "Washington designated the Quds Force a terrorist organization in 2007."
    with open_store(url) as store:
        ents = [entity("e1", "U.S. Department of the Treasury", "ORGANIZATION", text=text),
                entity("e2", "Quds Force", "ARMED_GROUP", text=text)]
        store.write(extraction(article("a1", "Treasury acts\n\n" + text, title="Treasury acts", published="2007-10-25"),
                               ents, [relation("e1", "designated", "e2", text)]))
        store.write(extraction(article("a2", "Unrelated\n\nThe weather in Tehran was mild for the season.",
                                       title="Unrelated")))
    return url


def test_search_both_backends(store_url):
    url = _search_store(store_url)
    with orbat.open(url) as db:
        hits = db.search("designation")  # stemmed: designated
        assert {h.kind for h in hits} == {"article", "evidence"} and all(h.article == "a1" for h in hits)
        assert not db.search("volcano")
        assert db.search("weather")[0].article == "a2"
        # kept in step with later writes
        from conftest_store import article, extraction
        db.store.write(extraction(article("a3", "Late\n\nA volcano erupted.", title="Late")))
        assert db.search("volcano")[0].article == "a3"


# ------------------------------------------------------------------ formats, API, store states
@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
@pytest.mark.parametrize("command", [["show", "Quds Force"], ["entities", "--top", "5"], ["tree", "IRGC"],
                                     ["path", "Qaani", "IRGC"], ["network", "--communities"], ["timeline", "Qaani"],
                                     ["quotes", "--speaker", "Khazali"], ["search", "Quds"]])
def test_every_format(corpus_db, command, fmt):
    r = cli(*command, "--format", fmt, db=corpus_db)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip()
    if fmt == "json":
        json.loads(r.stdout)
    elif fmt == "jsonl":
        assert all(isinstance(json.loads(x), dict) for x in r.stdout.splitlines())
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(r.stdout)))
        assert rows


def test_api_pandas_and_networkx(db):
    import networkx as nx

    p = db.show("Quds Force")
    df = p.relations.to_pandas()
    assert {"predicate", "other", "modality", "independent", "first", "last"} <= set(df.columns)
    assert len(p.to_pandas()) >= len(df)
    assert len(db.timeline().to_pandas()) > 10
    assert not db.quotes().to_pandas().empty
    assert not db.tree("IRGC").to_pandas().empty
    assert not db.path("Qaani", "IRGC").to_pandas().empty
    g = db.to_networkx()
    assert isinstance(g, nx.MultiDiGraph)
    qf = db.entity("Quds Force").id
    assert g.nodes[qf]["name"] == "Quds Force" and g.nodes[qf]["type"] == "ARMED_GROUP"
    edges = list(g.edges(keys=True, data=True))
    assert edges
    for _, _, key, d in edges:
        assert key.startswith("a")
        assert {"predicate", "modality", "first", "last", "evidence", "independent"} <= set(d)
    only = db.to_networkx(predicates=["part_of"])
    assert {d["predicate"] for _, _, d in only.edges(data=True)} == {"part_of"}
    asserted = db.to_networkx(modalities=["asserted"])
    assert {d["modality"] for _, _, d in asserted.edges(data=True)} == {"asserted"}
    # results are frozen
    with pytest.raises(Exception):
        p.entity.name = "x"


def test_cache_follows_the_store(tmp_path, corpus_db):
    """The graph is built once per object and rebuilt when the store changes (a curation decision here)."""
    from orbat import curation
    from orbat.store import open_store

    copy = tmp_path / "cache.db"
    shutil.copy(corpus_db, copy)
    with open_store(copy) as store:
        wb = orbat.open(store)
        first = wb.snapshot()
        wb.show("Qaani")
        assert wb.snapshot() is first  # nothing changed: no rebuild
        fact = next(r for r in wb.show("Qaani").relations if len(r.assertions) == 1)
        curation.reject(store, fact.assertions[0])
        assert wb.snapshot() is not first
        assert (fact.predicate, fact.other.id) not in {(r.predicate, r.other.id) for r in wb.show("Qaani").relations}


def test_corrections_are_applied(tmp_path, corpus_db):
    from orbat import curation
    from orbat.store import open_store

    copy = tmp_path / "curated.db"
    shutil.copy(corpus_db, copy)
    with open_store(copy) as store:
        curation.rename(store, "Quds Force", "IRGC Quds Force")
        curation.note(store, "Esmail Qaani", "check the 2020 appointment decree")
        wb = orbat.open(store)
        assert wb.entity("IRGC Quds Force").name == "IRGC Quds Force"
        p = wb.show("Qaani")
        assert "IRGC Quds Force" in {r.other.name for r in p.relations}
        assert any("appointment decree" in n for n in p.notes)


def test_empty_missing_and_newer_stores(tmp_path):
    from orbat.store import open_store
    from orbat.store.schema import LATEST

    empty = tmp_path / "empty.db"
    open_store(empty).close()
    r = cli("entities", db=str(empty))
    assert r.returncode == 1 and "holds no articles yet" in r.stderr and "orbat ingest" in r.stderr
    r = cli("show", "x", db=str(tmp_path / "missing.db"))
    assert r.returncode == 1 and "no orbat store" in r.stderr
    assert not (tmp_path / "missing.db").exists()
    with open_store(empty) as s:
        s.backend.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                          (LATEST + 1, "future", "2030-01-01"))
    r = cli("entities", db=str(empty))
    assert r.returncode == 1 and "newer than this" in r.stderr


def test_older_store_is_migrated_for_search(tmp_path):
    """A store written before full-text search existed gets its index on open, filled with what it holds."""
    import sqlite3

    from orbat.store import open_store

    url = str(tmp_path / "old.db")
    _search_store(url)
    con = sqlite3.connect(url)
    for t in ("articles_fts", "evidence_fts"):
        for suffix in ("ai", "ad", "au"):
            con.execute(f"DROP TRIGGER {t}_{suffix}")
        con.execute(f"DROP TABLE {t}")
    con.execute("DROP TABLE titles")  # a store of schema version 1 has neither
    con.execute("DELETE FROM schema_migrations WHERE version >= 2")
    con.commit()
    con.close()
    with orbat.open(url) as db:
        assert db.search("designated")[0].article == "a1"
