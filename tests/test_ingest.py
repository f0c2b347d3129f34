"""Ingest end to end: real files, the real pipeline, a real store (SQLite, and PostgreSQL where marked)."""
from __future__ import annotations

import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest_store import SHARED, orbat_cmd, subprocess_env

from orbat.ingest import LazyExtractor, ingest, reprocess
from orbat.store import open_store

# Short passages written for these tests; articles are drawn from them so that no two are near-duplicates.
SENTENCES = [
    "Brigadier General Esmail Qaani, who replaced Qasem Soleimani at the head of the Quds Force, travelled to Baghdad on Sunday.",
    "Officials in Tehran said the Islamic Revolutionary Guard Corps would expand its naval drills in the Persian Gulf.",
    "The Basij, a volunteer militia that operates under the IRGC, held a rally in Isfahan attended by thousands.",
    "Kataib Hezbollah, an Iraqi armed group backed by Iran, denied any role in the drone strike near Erbil.",
    "Lebanon's Hezbollah said its fighters had withdrawn from positions near the Syrian town of Qusayr.",
    "The Popular Mobilization Forces (PMF) announced a new command structure for units stationed in Anbar.",
    "According to Fars News Agency, the PMF will receive additional funding from the Iraqi parliament.",
    "Analysts at the Washington Institute said the Fatemiyoun Brigade recruits fighters from Afghanistan.",
    "The Zainabiyoun Brigade, made up of Pakistani Shia volunteers, has fought in Aleppo and Damascus.",
    "The U.S. Department of the Treasury designated several officers of the Quds Force in 2019.",
    "Major General Hossein Salami, the commander of the IRGC, warned that Iran would answer any attack.",
    "Ansar Allah, the movement also known as the Houthis, fired missiles toward the Red Sea on Tuesday.",
    "Iran provides training and weapons to the Houthis in Yemen, a United Nations panel reported.",
    "Hadi al-Amiri, who leads the Badr Organization, met Prime Minister Mohammed Shia al-Sudani in Baghdad.",
    "Reuters reported that Abu Fadak al-Mohammadawi had been named chief of staff of the PMF.",
    "Qais al-Khazali, the leader of Asaib Ahl al-Haq, said his group would not disarm.",
    "The Quds Force has supplied rockets to Palestinian Islamic Jihad in Gaza, Israeli officials alleged.",
    "Gholamreza Soleimani, the head of the Basij, told state television that recruitment had doubled.",
    "Commander Mohammad Pakpour of the IRGC Ground Force inspected units along the border with Iraq.",
    "In Damascus, Syrian officials met a delegation from the Islamic Revolutionary Guard Corps.",
    "Al-Monitor reported that Harakat Hezbollah al-Nujaba had moved fighters toward the Syrian border.",
    "Akram al-Kaabi, the leader of Harakat Hezbollah al-Nujaba, praised the Quds Force in a televised speech.",
    "The European Union added the Basij to its sanctions list over the crackdown on protests.",
    "Bloomberg said the Guards control a large part of Iran's economy through construction firms.",
    "Khatam al-Anbiya, the engineering arm of the IRGC, won contracts for new pipelines in Khuzestan.",
    "Iraqi Prime Minister Mohammed Shia al-Sudani ordered an investigation into the attack on Camp Victory.",
    "Hezbollah leader Hassan Nasrallah said the group would keep its weapons as long as Israel occupied land.",
    "The IRGC Aerospace Force, led by Amir Ali Hajizadeh, tested a new ballistic missile on Saturday.",
    "Residents of Deir ez-Zor said fighters of the Fatemiyoun Brigade had set up checkpoints on the river road.",
    "Saraya al-Khorasani, a small militia close to the IRGC, denied reports that it had left Diyala.",
    "Tasnim News Agency quoted a Basij commander as saying that volunteers were ready to go to Syria.",
    "The Houthis seized a cargo ship in the Red Sea and took its crew to the port of Hodeidah.",
    "Mohammad Bagheri, the chief of staff of the Iranian armed forces, visited Moscow last month.",
    "A spokesman for Kataib Sayyid al-Shuhada said the group would take part in the Iraqi elections.",
    "Israel struck a warehouse near Damascus airport that it said stored weapons for Hezbollah.",
    "The PMF law passed by the Iraqi parliament in 2016 made the force part of the state security apparatus.",
    "Officials in Washington said the Quds Force was smuggling drone parts through Oman to Yemen.",
    "The Imam Ali Brigades, a PMF unit, recruited fighters from the city of Basra.",
    "Abu Mahdi al-Muhandis, the deputy head of the PMF, was killed with Qasem Soleimani in January 2020.",
    "Mohsen Rezaei, a former commander of the IRGC, said the Guards must adapt to new threats.",
    "The Badr Organization was founded in Iran in the 1980s as the armed wing of an Iraqi exile party.",
    "Hamas officials met representatives of the Quds Force in Beirut, according to Lebanese media.",
    "Saudi Arabia accused the Houthis of attacking an oil facility near Jeddah.",
    "The Basij Resistance Force organised summer camps for students in Mashhad and Shiraz.",
    "Washington imposed sanctions on Khatam al-Anbiya and several of its subsidiaries.",
]


def write_corpus(folder: Path, n: int = 30, sentences: int = 14) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        rng = random.Random(i)
        picked = rng.sample(SENTENCES, sentences)
        title = f"Regional security briefing number {i + 1}"
        body = "\n\n".join(" ".join(picked[j:j + 3]) for j in range(0, len(picked), 3))
        p = folder / f"brief_{i:02d}.txt"
        p.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
        paths.append(p)
    return paths


TOTALS = ("articles", "entities", "aliases", "mentions", "assertions", "evidence", "quotes", "merges",
          "signatures", "duplicates")


def totals(store) -> dict[str, int]:
    c = store.counts()
    return {k: c[k] for k in TOTALS}


def entity_ids(store) -> set[str]:
    return {r[0] for r in store.backend.execute("SELECT id FROM entities").fetchall()}


class Counting:
    """The real extractor, counting the articles it is asked to read."""

    def __init__(self, extractor):
        self.inner, self.seen = extractor, []

    def extract(self, article):
        self.seen.append(article.path)
        return self.inner.extract(article)

    def extract_many(self, articles, workers=1, on_error=None):
        return self.inner.extract_many((self.seen.append(a.path) or a for a in articles), workers, on_error)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("news") / "briefs"
    write_corpus(folder, n=12, sentences=8)
    return folder


def test_ingest_twice_second_run_is_all_unchanged(store, corpus, extractor):
    first_counter = Counting(extractor)
    first = ingest([str(corpus)], store, first_counter)
    assert (first.new, first.unchanged, first.duplicates, first.rejected, first.error) == (12, 0, 0, [], None)
    assert len(first_counter.seen) == 12
    after_first = totals(store)
    assert after_first["articles"] == 12 and after_first["entities"] > 10 and after_first["assertions"] >= 0
    assert store.check() == []

    counter = Counting(extractor)
    second = ingest([str(corpus)], store, counter)
    assert (second.new, second.unchanged, second.duplicates, second.rejected) == (0, 12, 0, [])
    assert counter.seen == []  # skipped on the content id, before any NLP
    assert totals(store) == after_first
    # so a run with nothing new never even builds the pipeline
    third = ingest([str(corpus)], store, LazyExtractor(lambda: pytest.fail("the pipeline was built")))
    assert third.unchanged == 12


def test_acronym_and_transliteration_resolve_across_real_articles(tmp_path, extractor):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "one.txt").write_text(
        "Militia chiefs meet in Baghdad\n\nLeaders of the Popular Mobilization Forces (PMF) met in Baghdad on "
        "Monday. Qasem Soleimani, the commander of the Quds Force, attended the meeting, officials said.\n")
    (docs / "two.txt").write_text(
        "New budget for Iraqi militias\n\nThe PMF will receive more money next year, lawmakers said on Tuesday. "
        "A portrait of Qassem Soleimani hung in the hall where the vote took place.\n")
    with open_store(tmp_path / "orbat.db") as store:
        summary = ingest([str(docs)], store, extractor)
        assert summary.new == 2
        out = io.StringIO()
        store.export_json(out)
    entities = json.loads(out.getvalue())["entities"]

    def owner(form):
        found = [e["id"] for e in entities if form == e["name"] or form in e["aliases"]]
        assert len(found) == 1, (form, entities)
        return found[0]

    assert owner("PMF") == owner("Popular Mobilization Forces")
    assert owner("Qassem Soleimani") == owner("Qasem Soleimani")


SHARE_TAIL = "\n\nShare this: Facebook Twitter Email Print. Like this: Like Loading... Related\n"


def test_near_duplicate_file_is_flagged(tmp_path, extractor, corpus):
    src = sorted(corpus.glob("*.txt"))[0].read_text(encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a_original.txt").write_text(src, encoding="utf-8")
    title, body = src.split("\n\n", 1)
    (docs / "b_republished.txt").write_text("Guards and militias: what we know this week\n\n" + body + SHARE_TAIL,
                                            encoding="utf-8")
    with open_store(tmp_path / "orbat.db") as store:
        summary = ingest([str(docs)], store, extractor)
        assert (summary.new, summary.duplicates) == (1, 1)
        rows = store.backend.execute("SELECT path, status, duplicate_of IS NOT NULL FROM articles ORDER BY seq")
        assert [(Path(p).name, s, d) for p, s, d in rows] == [("a_original.txt", "independent", 0),
                                                               ("b_republished.txt", "duplicate", 1)]
        out = io.StringIO()
        store.export_json(out)
    assert all(r["sources"] == 1 for r in json.loads(out.getvalue())["relations"])


# --- the command line ------------------------------------------------------------------------

def run_cli(*args, cwd=None, timeout=300):
    return subprocess.run(orbat_cmd(*args), capture_output=True, text=True, env=subprocess_env(), cwd=cwd,
                          timeout=timeout)


def test_cli_summary_names_each_rejected_file(tmp_path, corpus):
    docs = tmp_path / "docs"
    docs.mkdir()
    good = sorted(corpus.glob("*.txt"))[:2]
    for p in good:
        (docs / p.name).write_bytes(p.read_bytes())
    (docs / "empty.txt").write_text("")
    (docs / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    db = tmp_path / "orbat.db"
    done = run_cli("ingest", str(docs), "--db", str(db))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("2 new, 0 unchanged, 0 duplicates, 2 rejected")
    rejected = [ln for ln in lines if ln.startswith("rejected ")]
    assert len(rejected) == 2
    assert any("empty.txt" in ln for ln in rejected) and any("image.png" in ln for ln in rejected)
    assert "articles/s" not in done.stderr  # no progress bar when stderr is not a terminal

    again = run_cli("ingest", str(docs), "--db", str(db), "--json")
    summary = json.loads(again.stdout)
    assert (summary["new"], summary["unchanged"], len(summary["rejected"])) == (0, 2, 2)

    nothing = run_cli("ingest", str(docs / "empty.txt"), "--db", str(db))
    assert nothing.returncode == 1
    assert "nothing could be read" in nothing.stderr


def test_kill_9_mid_ingest_leaves_a_consistent_store_and_a_rerun_finishes(tmp_path, extractor):
    folder = write_corpus(tmp_path / "news", n=30, sentences=14)[0].parent
    db = tmp_path / "killed.db"
    for attempt in range(3):
        proc = subprocess.Popen(orbat_cmd("ingest", str(folder), "--db", str(db), "--quiet"),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=subprocess_env())
        stored = _wait_for_articles(db, proc, at_least=3 + 4 * attempt)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if stored < 30:
            break
        db.unlink()  # finished before we could kill it: try again, killing sooner
    else:
        pytest.fail("the ingest always finished before it could be killed")
    assert proc.returncode == -signal.SIGKILL

    with open_store(db) as s:  # consistent: no half-written article
        assert s.check() == []
        partial = s.counts()["articles"]
        assert 0 < partial < 30
        assert s.backend.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        missing = s.backend.execute("SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
                                    "(SELECT 1 FROM mentions m WHERE m.article = a.id)").fetchone()[0]
        assert missing == 0

    rerun = run_cli("ingest", str(folder), "--db", str(db), "--json")
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["unchanged"] >= partial and summary["new"] + summary["unchanged"] == 30

    with open_store(tmp_path / "clean.db") as clean:
        assert ingest([str(folder)], clean, extractor).new == 30
        want, want_ids = totals(clean), entity_ids(clean)
    with open_store(db) as s:
        assert s.check() == []
        assert totals(s) == want
        assert entity_ids(s) == want_ids


def _wait_for_articles(db: Path, proc, at_least: int, timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1) as conn:
                    n = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
                if n >= at_least:
                    return n
            except sqlite3.Error:
                pass  # not created yet
        if proc.poll() is not None:
            return 30
        time.sleep(0.005)
    pytest.fail(f"no articles stored after {timeout} s: {proc.stderr.read().decode() if proc.stderr else ''}")


def test_reprocess_keeps_decisions_and_entity_ids(tmp_path, corpus):
    db = tmp_path / "orbat.db"
    assert run_cli("ingest", str(corpus), "--db", str(db), "--quiet").returncode == 0
    with open_store(db) as s:
        before, ids = totals(s), entity_ids(s)
        some_entity = sorted(ids)[0]
        s.add_decision("note", some_entity, {"text": "seen in two briefings"}, who="tester")
    done = run_cli("reprocess", "--db", str(db), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["replaced"] == 12
    with open_store(db) as s:
        assert s.check() == []
        assert totals(s) == before
        assert entity_ids(s) == ids
        assert s.counts()["decisions"] == 1


@pytest.mark.skipif(not (SHARED / "tools" / "score.py").exists(), reason="../shared (score.py, seeds) is absent")
def test_export_round_trip_through_the_scorer(tmp_path):
    db, out = tmp_path / "orbat.db", tmp_path / "export.json"
    seeds = SHARED / "corpus" / "seeds"
    assert run_cli("ingest", str(seeds), "--db", str(db), "--quiet").returncode == 0
    done = run_cli("export", "--format", "json", "--db", str(db), "-o", str(out))
    assert done.returncode == 0, done.stderr
    corpus = json.loads(out.read_text(encoding="utf-8"))
    assert corpus["entities"] and set(corpus) == {"entities", "relations", "quotes"}
    score = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), "--gold",
                            str(SHARED / "gold" / "seeds"), "--corpus", str(out), "--json"],
                           capture_output=True, text=True)
    assert score.returncode == 0, score.stderr
    canon = json.loads(score.stdout)["canonicalisation"]
    assert canon["tp"] > 0
    assert canon["p"] >= 0.8  # joining different actors is what resolution must not do
    # stdout export is the same object
    piped = run_cli("export", "--db", str(db))
    assert json.loads(piped.stdout) == corpus


@pytest.mark.parametrize("backend", ["postgresql"])
def test_ingest_into_postgresql(backend, pg_url, corpus, extractor):
    with open_store(pg_url) as store:
        first = ingest([str(corpus)], store, extractor)
        assert first.new == 12 and store.check() == []
        counts = totals(store)
        assert ingest([str(corpus)], store, extractor).unchanged == 12
        assert totals(store) == counts
        assert reprocess(store, extractor).replaced == 12
        assert totals(store) == counts


def test_an_article_the_pipeline_fails_on_is_one_rejection(store, extractor, tmp_path):
    """spaCy refuses texts over its max_length: that article is rejected, its batch goes on."""
    folder = tmp_path / "mixed"
    write_corpus(folder, n=3, sentences=4)
    sentence = "The brigade moved its rocket teams closer to the border crossing at night. "
    (folder / "b_enormous.txt").write_text("Endless dispatch\n\n" + sentence * 14_000, encoding="utf-8")
    summary = ingest([str(folder)], store, extractor)
    assert summary.new == 3
    assert [Path(r.path).name for r in summary.rejected] == ["b_enormous.txt"]
    assert "extraction failed" in summary.rejected[0].reason
