"""orbat.evaluate gives the figures of ../shared/tools/score.py, and `orbat eval` runs end to end."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from orbat import evaluate
from orbat.names import norm

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCORE_PY = SHARED / "tools" / "score.py"
SEEDS_CORPUS = SHARED / "corpus" / "seeds"
SEEDS_GOLD = SHARED / "gold" / "seeds"


def need(*paths: Path) -> None:
    for p in paths:
        if not p.exists():
            pytest.skip(f"{p} is absent (the shared scorer and seeds live in ../shared beside the repo)")


def score_py(gold_dir: Path, system: Path | None = None, export: Path | None = None,
             verbose: bool = False) -> tuple[dict, list[str]]:
    """The figures (--json) and the notes (--verbose) of the shared scorer."""
    cmd = [sys.executable, str(SCORE_PY), "--gold", str(gold_dir), "--json"]
    if system:
        cmd += ["--system", str(system)]
    if export:
        cmd += ["--corpus", str(export)]
    if verbose:
        cmd.append("--verbose")
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()
    return json.loads(out[-1]), [line for line in out[:-1] if line]


def ours(gold_dir: Path, system: Path | None = None, export: Path | None = None) -> evaluate.Report:
    report = evaluate.Report()
    if system:
        report = evaluate.evaluate(evaluate.load_system(system), evaluate.load_gold(gold_dir))
    if export:
        evaluate.evaluate_export(export, gold_dir, report)
    return report


def assert_same(gold_dir: Path, system: Path | None = None, export: Path | None = None) -> evaluate.Report:
    theirs, their_notes = score_py(gold_dir, system, export, verbose=True)
    report = ours(gold_dir, system, export)
    assert report.figures == theirs
    my_notes = [n for n in report.notes if " modality of " not in n]  # an orbat extra
    assert sorted(my_notes) == sorted(their_notes)
    return report


def write_case(folder: Path, system: list[dict], gold: list[dict], corpus: dict | None = None) -> tuple[Path, Path]:
    gold_dir = folder / "gold"
    gold_dir.mkdir(parents=True)
    for g in gold:
        (gold_dir / (g["document"].rsplit(".", 1)[0] + ".json")).write_text(json.dumps(g), encoding="utf-8")
    if corpus is not None:
        (gold_dir / "corpus.json").write_text(json.dumps(corpus), encoding="utf-8")
    sys_path = folder / "system.jsonl"
    sys_path.write_text("".join(json.dumps(r) + "\n" for r in system), encoding="utf-8")
    return gold_dir, sys_path


def E(id, name, type, *aliases):
    return {"id": id, "name": name, "type": type, "aliases": list(aliases)}


def G(name, type, *aliases):
    return {"name": name, "type": type, "aliases": list(aliases)}


def R(s, p, o, modality="asserted"):
    return {"subject": s, "predicate": p, "object": o, "modality": modality}


# ------------------------------------------------------------------ normalisation

def test_norm_is_the_scorers_norm():
    need(SCORE_PY)
    sys.path.insert(0, str(SCORE_PY.parent))
    try:
        import score
    finally:
        sys.path.remove(str(SCORE_PY.parent))
    tricky = ["The Islamic Revolutionary Guard Corps", "the  the IRGC", "Kata\u2019ib Hezbollah",
              "Asa\u02bcib Ahl al-Haq", "Shi'ite", "IRGC\u2013QF", "U.S.", "\u1e24izb All\u0101h",
              "Imam\u00a0Ali", "\u201cdestroy the takfir front.\u201d", "A/B_C-D", "(Fars) [sic]!?",
              "\uff02Quds\uff02", "\u00bdway", "\u0130stanbul", "THE Basij", "  the x", "", None]
    for t in tricky:
        assert norm(t) == score.norm(t), t
    rng = random.Random(7)
    alphabet = list("aZ hE-_/.,;:!?()[]'\"`\u2019\u201c\u00e9\u0301\u2014\u00a0\t\u0131\u02bc") + ["the ", "The "]
    for _ in range(20_000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        assert norm(s) == score.norm(s), repr(s)


# ------------------------------------------------------------------ hand-made tricky cases

TRICKY_SYSTEM = [
    {"document": {"path": "corpus/a1.txt"},
     "entities": [
         # split entity: Soleimani found twice (the second is a false positive)
         E("e1", "Qassem Soleimani", "PERSON", "Soleimani"),
         E("e2", "Soleimani", "PERSON"),
         # merged entity: IRGC and its Quds Force as one (a miss)
         E("e3", "Islamic Revolutionary Guard Corps", "ARMED_GROUP", "IRGC", "Quds Force"),
         # wrong type: matches only leniently, still maps relation ends
         E("e4", "Hezbollah", "ORGANIZATION"),
         E("e5", "Iran", "GPE", "Islamic Republic of Iran"),
         E("e6", "Bashar al-Assad", "PERSON", "Assad"),
         E("e7", "Reuters", "MEDIA"),
         E("e8", "Nowhere Brigade", "ARMED_GROUP"),
     ],
     "relations": [
         R("e1", "leads", "e3"),
         R("e1", "leads", "e3", "reported"),       # duplicate: counts once, the first modality stands
         R("e6", "met_with", "e1"),                # symmetric, written the other way round
         R("e5", "supports", "e4", "alleged"),     # modality wrong
         R("e4", "based_in", "e5"),                # end matched only leniently
         R("e8", "operates_in", "e5"),             # unmatched end: "?e8"
         R("e9", "operates_in", "e5"),             # dangling id
         R("e5", "supports", "e6"),                # not in gold
     ],
     "quotes": [
         {"speaker": "e1", "text": "We will stand with the resistance until the end."},  # contained
         {"speaker": "e6", "text": "Syria thanks its friends in Tehran for everything"},  # word overlap
         {"speaker": "e6", "text": "Nothing like any gold quote at all"},
         {"speaker": None, "text": "The enemy will regret it"},  # found, not attributed
     ]},
    {"document": {"path": "elsewhere/a2.html"},
     "entities": [E("e1", "Popular Mobilization Forces", "ARMED_GROUP", "PMF", "Hashd al-Shaabi"),
                  E("e2", "Iraq", "GPE"),
                  E("e3", "Kata'ib Hezbollah", "ARMED_GROUP", "KH"),
                  E("e4", "Kataib Hezbollah", "ARMED_GROUP")],  # same form twice: tie-breaking
     "relations": [R("e3", "part_of", "e1"), R("e4", "part_of", "e1", "reported"),
                   R("e1", "based_in", "e2"), R("e2", "met_with", "e2")],
     "quotes": []},
    {"document": {"path": "a4.txt"}, "entities": [E("e1", "Ghost", "PERSON")], "relations": [], "quotes": []},
]

TRICKY_GOLD = [
    {"document": "a1.txt",
     "entities": [G("Qassem Soleimani", "PERSON", "Soleimani", "Qasem Soleimani"),
                  G("Islamic Revolutionary Guard Corps", "ARMED_GROUP", "IRGC", "the Guards"),
                  G("Quds Force", "ARMED_GROUP", "IRGC-QF"),
                  G("Hezbollah", "ARMED_GROUP"),
                  G("Iran", "GPE"),
                  G("Bashar al-Assad", "PERSON", "Assad"),
                  G("Reuters", "MEDIA"),
                  G("Damascus", "GPE")],
     "relations": [R("Qassem Soleimani", "leads", "Islamic Revolutionary Guard Corps"),
                   R("Qassem Soleimani", "met_with", "Bashar al-Assad", "reported"),
                   R("Bashar al-Assad", "met_with", "Qassem Soleimani", "reported"),  # gold duplicate
                   R("Iran", "supports", "Hezbollah", "reported"),
                   R("Hezbollah", "based_in", "Iran"),
                   R("Quds Force", "part_of", "Islamic Revolutionary Guard Corps"),
                   R("Quds Force", "operates_in", "Nowhere")],  # a gold error: end not an entity
     "quotes": [{"speaker": "Qassem Soleimani", "text": "with the resistance until the end"},
                {"speaker": "Bashar al-Assad", "text": "Syria thanks its friends in Tehran"},
                {"speaker": "Qassem Soleimani", "text": "The enemy will regret it."},
                {"speaker": "Iran", "text": "A quote nobody found"}]},
    {"document": "a2.html",
     "entities": [G("Popular Mobilization Forces", "ARMED_GROUP", "PMF"),
                  G("Kataib Hezbollah", "ARMED_GROUP", "Kata'ib Hezbollah", "KH"),
                  G("Iraq", "GPE")],
     "relations": [R("Kataib Hezbollah", "part_of", "Popular Mobilization Forces", "reported"),
                   R("Popular Mobilization Forces", "based_in", "Iraq")],
     "quotes": []},
    {"document": "a3.txt",  # no system output at all
     "entities": [G("Hassan Nasrallah", "PERSON")],
     "relations": [], "quotes": [{"speaker": "Hassan Nasrallah", "text": "We are ready."}]},
]

TRICKY_CORPUS = {"entities": [
    G("Qassem Soleimani", "PERSON", "Soleimani", "Qasem Soleimani", "Ghasem Soleimani"),
    G("Islamic Revolutionary Guard Corps", "ARMED_GROUP", "IRGC", "the Guards", "Sepah"),
    G("Quds Force", "ARMED_GROUP", "IRGC-QF", "Qods Force"),
    G("Kataib Hezbollah", "ARMED_GROUP", "Kata'ib Hezbollah", "KH"),
    G("Iran", "GPE", "Islamic Republic of Iran"),
]}

TRICKY_EXPORT = {"entities": [
    E("c1", "Qassem Soleimani", "PERSON", "Soleimani", "Ghasem Soleimani"),  # misses "Qasem Soleimani"
    E("c2", "Qasem Soleimani", "PERSON"),
    E("c3", "Islamic Revolutionary Guard Corps", "ARMED_GROUP", "IRGC", "Quds Force", "Sepah"),  # merged
    E("c4", "Qods Force", "ARMED_GROUP", "IRGC-QF", "Quds Force"),  # "quds force" held twice
    E("c5", "Kataib Hezbollah", "ARMED_GROUP", "KH"),
    E("c6", "Iran", "GPE", "Islamic Republic of Iran", "Tehran"),
]}


def test_tricky_cases_give_the_scorers_figures(tmp_path):
    need(SCORE_PY)
    gold_dir, system = write_case(tmp_path, TRICKY_SYSTEM, TRICKY_GOLD, TRICKY_CORPUS)
    export = tmp_path / "export.json"
    export.write_text(json.dumps(TRICKY_EXPORT), encoding="utf-8")
    report = assert_same(gold_dir, system, export)
    f = report.figures
    # the cases do what they say: a split costs a false positive, a merge a miss ...
    assert f["entities.PERSON"]["fp"] >= 1 and f["entities.ARMED_GROUP"]["fn"] >= 1
    assert f["entities.lenient"]["tp"] > f["entities.strict"]["tp"]
    # ... met_with either way round and duplicates once
    assert f["relations.met_with"]["tp"] == 1 and f["relations.leads"] == {
        "p": 1.0, "r": 1.0, "f1": 1.0, "tp": 1, "fp": 0, "fn": 0}
    assert f["quotes.found"]["tp"] == 3 and f["quotes.attributed"]["tp"] == 2
    assert 0 < f["modality.accuracy"] < 1
    assert report.modality_by_predicate["supports"] == {"accuracy": 0.0, "right": 0, "wrong": 1}
    assert "canonicalisation" in f


def test_table_is_the_scorers_table(tmp_path):
    need(SCORE_PY)
    gold_dir, system = write_case(tmp_path, TRICKY_SYSTEM, TRICKY_GOLD)
    theirs = subprocess.run([sys.executable, str(SCORE_PY), "--gold", str(gold_dir), "--system", str(system)],
                            capture_output=True, text=True, check=True).stdout.rstrip("\n")
    mine = evaluate.render(ours(gold_dir, system))
    assert mine.startswith(theirs + "\n\n")  # then the modality-by-predicate extra
    assert "modality.supports" in mine


def test_random_documents_give_the_scorers_figures(tmp_path):
    """Many small random articles drawn from a few confusable names: ties, splits, merges, symmetric pairs."""
    need(SCORE_PY)
    rng = random.Random(2024)
    names = ["Qassem Soleimani", "Soleimani", "Qasem Soleimani", "IRGC", "the IRGC", "Quds Force",
             "IRGC-QF", "Iran", "Tehran", "Hezbollah", "Hizbollah", "Kata'ib Hezbollah", "KH", "Iraq"]
    types = ["PERSON", "ARMED_GROUP", "GPE"]
    preds = ["leads", "met_with", "supports", "part_of"]
    mods = ["asserted", "reported", "alleged", None]
    words = "we will fight the enemy until victory is ours and the resistance wins".split()
    system, gold = [], []
    for k in range(60):
        g_ents = []
        for name in rng.sample(names, rng.randint(0, 6)):
            g_ents.append(G(name, rng.choice(types), *rng.sample(names, rng.randint(0, 2))))
        s_ents = [E(f"e{i}", name, rng.choice(types), *rng.sample(names, rng.randint(0, 2)))
                  for i, name in enumerate(rng.sample(names, rng.randint(0, 7)))]
        g_names = [g["name"] for g in g_ents] or ["Iran"]
        g_rel = [R(rng.choice(g_names), rng.choice(preds), rng.choice(g_names), rng.choice(mods))
                 for _ in range(rng.randint(0, 6))]
        ids = [e["id"] for e in s_ents] + ["e99"]
        s_rel = [R(rng.choice(ids), rng.choice(preds), rng.choice(ids), rng.choice(mods))
                 for _ in range(rng.randint(0, 8))]
        quote = lambda: " ".join(rng.sample(words, rng.randint(1, 6)))  # noqa: E731
        g_q = [{"speaker": rng.choice(g_names), "text": quote()} for _ in range(rng.randint(0, 3))]
        s_q = [{"speaker": rng.choice(ids + [None]), "text": quote()} for _ in range(rng.randint(0, 3))]
        gold.append({"document": f"r{k:02}.txt", "entities": g_ents, "relations": g_rel, "quotes": g_q})
        if k % 10:
            system.append({"document": {"path": f"x/r{k:02}.txt"}, "entities": s_ents,
                           "relations": s_rel, "quotes": s_q})
    corpus = {"entities": [G(n, "PERSON", *rng.sample(names, 3)) for n in rng.sample(names, 6)]}
    export = {"entities": [E(f"c{i}", n, "PERSON", *rng.sample(names, 3)) for i, n in enumerate(names)]}
    gold_dir, sys_path = write_case(tmp_path, system, gold, corpus)
    export_path = tmp_path / "export.json"
    export_path.write_text(json.dumps(export), encoding="utf-8")
    assert_same(gold_dir, sys_path, export_path)


def test_real_extractor_on_the_seeds_gives_the_scorers_figures(tmp_path):
    need(SCORE_PY, SEEDS_CORPUS, SEEDS_GOLD)
    from orbat.model import Article
    from orbat.output import as_record
    from orbat.pipeline import Extractor
    from orbat.sources import read

    articles = [a for a in read([str(SEEDS_CORPUS)]) if isinstance(a, Article)]
    assert articles, f"no article read from {SEEDS_CORPUS}"
    system = tmp_path / "seeds.jsonl"
    with system.open("w", encoding="utf-8") as out:
        for x in Extractor().extract_many(articles):
            out.write(json.dumps(as_record(x), ensure_ascii=False) + "\n")
    report = assert_same(SEEDS_GOLD, system)
    assert report.figures["entities.lenient"]["tp"] > 0
    if (SEEDS_GOLD / "corpus.json").exists():
        # the seeds' own corpus entities as a perfect export: canonicalisation is 1.0 both ways
        export = tmp_path / "export.json"
        export.write_text((SEEDS_GOLD / "corpus.json").read_text(encoding="utf-8"), encoding="utf-8")
        assert assert_same(SEEDS_GOLD, export=export).figures["canonicalisation"]["f1"] == 1.0


# ------------------------------------------------------------------ no shared folder needed

def test_matching_is_one_to_one_and_prefers_the_same_name():
    system = [E("e1", "Kataib Hezbollah", "ARMED_GROUP", "KH"), E("e2", "KH", "ARMED_GROUP")]
    gold = [G("KH", "ARMED_GROUP"), G("Kataib Hezbollah", "ARMED_GROUP", "KH")]
    assert evaluate.match_entities(system, gold, strict=True) == {0: 1, 1: 0}
    assert evaluate.match_entities(system, [G("Kataib Hezbollah", "PERSON", "KH")], strict=True) == {}
    assert evaluate.match_entities(system, [G("KH", "PERSON")], strict=False) == {1: 0}


def test_quote_match_rules():
    assert evaluate.quote_match("\u201cWe will win.\u201d", "we will win")
    assert evaluate.quote_match("one two three four", "one two three five")  # 3 words of 5: half or more
    assert evaluate.quote_match("one two three four", "one two five six") is False  # 2 of 6
    assert not evaluate.quote_match("", "anything")


# ------------------------------------------------------------------ orbat eval, end to end

ARTICLES = {
    "alpha.txt": ("Iran sends advisers to Syria\n\n"
                  "Iran has sent military advisers to Syria, officials in Damascus said on Monday. "
                  "Qassem Soleimani, the commander of the Quds Force, met Bashar al-Assad in Damascus.\n"),
    "beta.txt": ("Hezbollah leader speaks\n\n"
                 "Hassan Nasrallah, the leader of Hezbollah, spoke in Beirut on Friday. "
                 "\u201cWe will not be intimidated,\u201d Nasrallah said in a televised speech.\n"),
}
GOLD = {
    "alpha": {"document": "alpha.txt",
              "entities": [G("Iran", "GPE"), G("Syria", "GPE"), G("Damascus", "GPE"),
                           G("Qassem Soleimani", "PERSON", "Soleimani"), G("Quds Force", "ARMED_GROUP"),
                           G("Bashar al-Assad", "PERSON")],
              "relations": [R("Qassem Soleimani", "leads", "Quds Force"),
                            R("Qassem Soleimani", "met_with", "Bashar al-Assad")],
              "quotes": []},
    "beta": {"document": "beta.txt",
             "entities": [G("Hassan Nasrallah", "PERSON", "Nasrallah"), G("Hezbollah", "ARMED_GROUP"),
                          G("Beirut", "GPE")],
             "relations": [R("Hassan Nasrallah", "leads", "Hezbollah")],
             "quotes": [{"speaker": "Hassan Nasrallah", "text": "We will not be intimidated,"}]},
}


@pytest.fixture
def small_set(tmp_path):
    corpus, gold = tmp_path / "corpus", tmp_path / "gold"
    corpus.mkdir()
    gold.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    for name, doc in GOLD.items():
        (gold / f"{name}.json").write_text(json.dumps(doc), encoding="utf-8")
    return corpus, gold


def _app():
    from orbat.cli import eval_cmd  # noqa: F401  (registers the command)
    from orbat.cli.app import app
    return app


def test_orbat_eval_end_to_end(small_set, tmp_path):
    corpus, gold = small_set
    runner = CliRunner()
    saved = tmp_path / "out.jsonl"
    res = runner.invoke(_app(), ["eval", "--gold", str(gold), "--corpus", str(corpus), "--json",
                                 "--save", str(saved)])
    assert res.exit_code == 0, res.output
    figures = json.loads(res.stdout.strip().splitlines()[-1])
    for key in ("entities.strict", "entities.lenient", "relations", "quotes.found", "quotes.attributed",
                "modality.accuracy", "entities.PERSON", "relations.leads"):
        assert key in figures
    # something is found, and the figures are those of scoring the saved records
    assert figures["entities.lenient"]["tp"] >= 3
    assert figures["entities.lenient"]["tp"] + figures["entities.lenient"]["fn"] == 9
    records = evaluate.load_system(saved)
    assert set(records) == {"alpha", "beta"}
    expected = evaluate.evaluate(records, evaluate.load_gold(gold)).as_json()
    assert figures == expected

    res = runner.invoke(_app(), ["eval", "--gold", str(gold), "--corpus", str(corpus), "--verbose"])
    assert res.exit_code == 0, res.output
    assert "entities.strict" in res.stdout and "figure" in res.stdout
    assert "missed" in res.stdout or "spurious" in res.stdout  # the notes come first

    res = runner.invoke(_app(), ["eval", "--gold", str(gold), "--system", str(saved)])
    assert res.exit_code == 0, res.output
    assert "entities.strict" in res.stdout


def test_orbat_eval_says_what_is_wrong(small_set, tmp_path):
    corpus, gold = small_set
    runner = CliRunner()
    res = runner.invoke(_app(), ["eval", "--gold", str(tmp_path / "nope"), "--corpus", str(corpus)])
    assert res.exit_code == 2 and "no such gold folder" in res.stderr
    res = runner.invoke(_app(), ["eval", "--gold", str(gold)])
    assert res.exit_code == 2 and "nothing to score" in res.stderr
