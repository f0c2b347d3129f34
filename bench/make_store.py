"""Generate a synthetic orbat store of N articles (default 10,000) for the workbench benchmark.

    .venv/bin/python bench/make_store.py --out /tmp/bench.db [--articles 10000] [--seed 7]

Everything goes through the store's one write path (``Store.write(extraction)``),
so resolution, near-duplicate detection, the FTS triggers and every index are
exercised exactly as in a real ingest; only the NLP is skipped. How the data is
made (see docs/workbench.md):

- actors (about 2,000): every ARMED_GROUP, ORGANIZATION, GPE, LOCATION, MEDIA
  and PERSON of orbat's reference data (with its reference key, so resolution
  joins them by key), plus generated units (a four-level order of battle:
  reference armed groups -> corps -> brigades -> battalions) and generated
  commanders and officials (given names x surnames drawn from the reference people);
- a fixed "world" of true facts over them: the part_of hierarchy, a commander
  (leads) for most units, with successions (``succeeded`` dated, and the new
  commander's ``leads``), member_of, based_in, supports, operates_in,
  recruits_from, designated, founded, modeled_on, opposes, met_with — all 13 predicates;
- each article (published on a day between 2010-01-01 and 2024-12-31) states 3-7
  of those facts, each as its own sentence with a modality (asserted 60 %,
  reported 20 %, alleged 12 %, hypothetical 5 %, negated 3 %), a time on
  about a third of them, and one quote by a person named in it; popular facts
  are picked more often (Zipf-like), so facts have several independent sources;
- 2 % of the articles re-publish an earlier article with a new headline:
  the store marks them near-duplicates, which must not count as sources.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from orbat.model import Article, Entity, Evidence, Extraction, Mention, Quote, Relation  # noqa: E402

MODALITIES = [("asserted", 60), ("reported", 20), ("alleged", 12), ("hypothetical", 5), ("negated", 3)]
VERB = {"leads": "commands", "member_of": "serves in", "part_of": "is a unit of", "based_in": "is based in",
        "supports": "backs", "founded": "founded", "modeled_on": "is modeled on", "opposes": "fights",
        "operates_in": "operates in", "recruits_from": "recruits fighters from", "designated": "designated",
        "met_with": "met with", "succeeded": "replaced"}
KINDS = ["Corps", "Brigade", "Battalion"]
PATRONS = ["Imam Ali", "Imam Hussein", "Imam Reza", "Hazrat Abbas", "Karbala", "Najaf", "Ashura", "Fatemi",
           "Zeinab", "Mahdi", "Qaem", "Saberin", "Ruhollah", "Mohammad Rasulullah", "Sayyid al-Shuhada",
           "Abu al-Fadl", "Kawthar", "Nasr", "Fath", "Thar Allah"]


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class World:
    def __init__(self, rng: random.Random, target_actors: int = 2000):
        from orbat.reference import default

        self.rng = rng
        self.actors: dict[str, dict] = {}  # key -> {name, type, ref}
        ref = default()
        for a in ref.actors.values():
            self.actors[a.id] = {"name": a.name, "type": a.type, "ref": a.id, "wikidata": a.wikidata}
        by_type: dict[str, list[str]] = {}
        for k, a in self.actors.items():
            by_type.setdefault(a["type"], []).append(k)
        people = by_type.get("PERSON", [])
        given = sorted({ref.actors[p].name.split()[0] for p in people if len(ref.actors[p].name.split()) >= 2})
        surnames = sorted({ref.actors[p].name.split()[-1] for p in people if len(ref.actors[p].name.split()) >= 2})
        self.facts: list[tuple] = []  # (s, p, o, time or None)

        # the order of battle: reference armed groups -> corps -> brigades -> battalions
        groups = sorted(by_type.get("ARMED_GROUP", []))
        tops = rng.sample(groups, min(40, len(groups)))
        units, n = [], 0
        frontier = [(t, 0) for t in tops]
        while frontier and len(self.actors) < target_actors * 0.75:
            parent, level = frontier.pop(0)
            if level >= 3:
                continue
            for _ in range(rng.randint(2, 4)):
                n += 1
                kind = KINDS[level]
                name = f"{rng.choice(PATRONS)} {ordinal(n)} {kind}"
                key = f"gen_unit_{n}"
                self.actors[key] = {"name": name, "type": "ARMED_GROUP", "ref": None, "wikidata": None}
                self.facts.append((key, "part_of", parent, None))
                units.append(key)
                frontier.append((key, level + 1))
        # commanders for units, with successions
        m = 0
        commanded = units + tops
        while len(self.actors) < target_actors and commanded:
            unit = commanded.pop(rng.randrange(len(commanded)))
            m += 1
            person = f"gen_person_{m}"
            self.actors[person] = {"name": f"{rng.choice(given)} {rng.choice(surnames)} {ordinal(m)}".rsplit(" ", 1)[0]
                                   + f" {chr(65 + m % 26)}{m}", "type": "PERSON", "ref": None, "wikidata": None}
            self.facts.append((person, "leads", unit, None))
            if rng.random() < 0.25:
                m += 1
                succ = f"gen_person_{m}"
                self.actors[succ] = {"name": f"{rng.choice(given)} {rng.choice(surnames)} {chr(65 + m % 26)}{m}",
                                     "type": "PERSON", "ref": None, "wikidata": None}
                when = f"{rng.randint(2012, 2023)}-{rng.randint(1, 12):02d}"
                self.facts.append((succ, "succeeded", person, when))
                self.facts.append((succ, "leads", unit, None))
        by_type = {}
        for k, a in self.actors.items():
            by_type.setdefault(a["type"], []).append(k)
        for t in by_type.values():
            t.sort()
        P, AG, ORG = by_type.get("PERSON", []), by_type.get("ARMED_GROUP", []), by_type.get("ORGANIZATION", [])
        GPE, LOC, MEDIA = by_type.get("GPE", []), by_type.get("LOCATION", []), by_type.get("MEDIA", [])
        pick = rng.choice
        for _ in range(2500):
            self.facts.append((pick(P), "member_of", pick(AG + ORG), None))
        for _ in range(900):
            self.facts.append((pick(AG + ORG + MEDIA), "based_in", pick(GPE), None))
        for _ in range(900):
            self.facts.append((pick(GPE + AG + ORG), "supports", pick(AG + ORG), None))
        for _ in range(700):
            self.facts.append((pick(AG + P), "operates_in", pick(GPE + LOC), None))
        for _ in range(300):
            self.facts.append((pick(AG), "recruits_from", pick(GPE), None))
        for _ in range(400):
            self.facts.append((pick(GPE + ORG), "designated", pick(AG + P + ORG), str(rng.randint(2007, 2024))))
        for _ in range(150):
            self.facts.append((pick(P + AG + GPE), "founded", pick(AG + ORG), str(rng.randint(1979, 2020))))
        for _ in range(120):
            self.facts.append((pick(AG), "modeled_on", pick(AG), None))
        for _ in range(600):
            self.facts.append((pick(AG + GPE + P), "opposes", pick(AG + GPE + P), None))
        for _ in range(600):
            self.facts.append((pick(P), "met_with", pick(P), f"{rng.randint(2010, 2024)}-{rng.randint(1, 12):02d}"))
        self.facts = [f for f in self.facts if f[0] != f[2]]
        self.people = P
        # popularity: a few facts are reported again and again
        self.weights = [1.0 / (1 + i) ** 0.6 for i in range(len(self.facts))]
        rng.shuffle(self.facts)


def make_article(world: World, i: int, rng: random.Random) -> Extraction:
    picked = rng.choices(world.facts, weights=world.weights, k=rng.randint(3, 7))
    day = f"{rng.randint(2010, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    local: dict[str, str] = {}
    mentions: dict[str, list] = {}
    title = f"Report {i}: {world.actors[picked[0][0]]['name']} and {world.actors[picked[0][2]]['name']}"
    parts = [title, ""]
    pos = len(title) + 2
    rels = []
    for s, p, o, when in picked:
        for k in (s, o):
            local.setdefault(k, f"e{len(local) + 1}")
        mod = rng.choices([m for m, _ in MODALITIES], weights=[w for _, w in MODALITIES])[0]
        sname, oname = world.actors[s]["name"], world.actors[o]["name"]
        lead = {"reported": "According to officials, ", "alleged": "Allegedly, ", "hypothetical": "Analysts say ",
                "negated": "It is denied that "}.get(mod, "")
        date_txt = f" in {when}" if when and rng.random() < 0.7 else ""
        sent = f"{lead}{sname} {VERB[p]} {oname}{date_txt} (item {i}.{len(rels)})."
        s_at = pos + len(lead)
        o_at = s_at + len(sname) + 1 + len(VERB[p]) + 1
        mentions.setdefault(s, []).append(Mention(s_at, s_at + len(sname), sname, "bench"))
        mentions.setdefault(o, []).append(Mention(o_at, o_at + len(oname), oname, "bench"))
        rels.append(Relation(local[s], p, local[o], modality=mod, time=when if date_txt else None,
                             time_precision=("month" if when and "-" in when else "year") if date_txt else None,
                             evidence=Evidence(s_at, o_at + len(oname), sent, pos, f"bench:{p}")))
        parts.append(sent)
        pos += len(sent) + 1
    quotes = []
    speakers = [k for k in local if world.actors[k]["type"] == "PERSON"]
    if speakers:
        sp = rng.choice(speakers)
        q = f"We will stand with our brothers in {rng.choice(['Syria', 'Iraq', 'Yemen', 'Lebanon'])} {i}"
        line = f'"{q}," {world.actors[sp]["name"]} said.'
        quotes.append(Quote(local[sp], q, (), Evidence(pos + 1, pos + 1 + len(q), line, pos, "bench:quote")))
        parts.append(line)
        pos += len(line) + 1
    text = "\n".join(parts)
    ents = []
    for k, lid in local.items():
        a = world.actors[k]
        ents.append(Entity(lid, a["name"], a["type"], ref=a["ref"], wikidata=a.get("wikidata"),
                           mentions=tuple(mentions.get(k, ()))))
    art = Article(id=f"bench{i:06d}", path=f"bench/{i:06d}.txt", text=text, title=title,
                  source=rng.choice(["Example Wire", "Gulf Affairs Digest", "Levant Security Review",
                                     "Tehran Briefing", "Mesopotamia Review"]), published=day)
    return Extraction(art, tuple(ents), tuple(rels), tuple(quotes))


def duplicate_of(ex: Extraction, i: int) -> Extraction:
    a = ex.article
    title = f"Republished {i}: " + (a.title or "")
    text = title + a.text[len(a.title or ""):]
    shift = len(title) - len(a.title or "")
    rels = tuple(Relation(r.subject, r.predicate, r.object, r.modality, r.attributed_to, r.time, r.time_precision,
                          Evidence(r.evidence.start + shift, r.evidence.end + shift, r.evidence.sentence,
                                   r.evidence.sentence_start + shift, r.evidence.rule)) for r in ex.relations)
    ents = tuple(Entity(e.id, e.name, e.type, ref=e.ref, wikidata=e.wikidata,
                        mentions=tuple(Mention(m.start + shift, m.end + shift, m.text, m.rule) for m in e.mentions))
                 for e in ex.entities)
    art = Article(id=f"bench{i:06d}", path=f"bench/{i:06d}.txt", text=text, title=title, source="Aggregator",
                  published=a.published)
    return Extraction(art, ents, rels, ())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="SQLite file (replaced) or postgresql:// URL (empty schema)")
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--actors", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    from orbat.store import open_store

    if not args.out.startswith("postgres"):
        for suffix in ("", "-wal", "-shm"):
            Path(args.out + suffix).unlink(missing_ok=True)
    rng = random.Random(args.seed)
    started = time.monotonic()
    world = World(rng, args.actors)
    print(f"world: {len(world.actors)} actors, {len(world.facts)} facts", file=sys.stderr)
    recent: list[Extraction] = []
    with open_store(args.out) as store:
        for i in range(1, args.articles + 1):
            if recent and rng.random() < 0.02:
                ex = duplicate_of(rng.choice(recent), i)
            else:
                ex = make_article(world, i, rng)
                recent = (recent + [ex])[-50:]
            store.write(ex, extracted_with="bench/make_store.py")
            if i % 1000 == 0:
                print(f"{i} articles, {time.monotonic() - started:.0f} s", file=sys.stderr)
        counts = store.counts()
    print(f"done in {time.monotonic() - started:.0f} s: {counts}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
