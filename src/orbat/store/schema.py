"""The store's schema as numbered migrations, applied in order when a store is opened.

Each migration is a list of statements in the SQL that SQLite and PostgreSQL
share; the few words that differ are written as ``{serial}`` (an auto-numbered
integer key) and ``{blob}`` (raw bytes) and filled in by the backend. A store
records the versions it has applied in ``schema_migrations``; opening an older
store applies the missing ones, each in its own transaction, and opening a store
newer than this code refuses with a message rather than guessing.

A statement may instead be a mapping ``{dialect: statement}`` ("sqlite",
"postgresql") for the rare step only one backend takes, or that each takes its
own way (full-text search: FTS5 tables in SQLite, GIN indexes in PostgreSQL).

To change the schema, append a migration; never edit one that has shipped.
"""
from __future__ import annotations

from datetime import datetime, timezone

MIGRATIONS: list[tuple[int, str, list[str | dict[str, str]]]] = [
    (1, "initial schema", [
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL UNIQUE,
            path TEXT NOT NULL,
            title TEXT, source TEXT, published TEXT, url TEXT, author TEXT,
            format TEXT NOT NULL,
            text TEXT NOT NULL,
            comments TEXT NOT NULL DEFAULT '[]',
            boilerplate TEXT NOT NULL DEFAULT '[]',
            tags TEXT NOT NULL DEFAULT '[]',
            status TEXT NOT NULL CHECK (status IN ('independent', 'duplicate')),
            content_hash TEXT NOT NULL,
            duplicate_of TEXT REFERENCES articles(id),
            extracted_with TEXT,
            n_entities INTEGER NOT NULL,
            n_mentions INTEGER NOT NULL,
            n_evidence INTEGER NOT NULL,
            n_quotes INTEGER NOT NULL,
            stored_at TEXT NOT NULL)""",
        "CREATE INDEX articles_duplicate_of ON articles(duplicate_of)",
        """CREATE TABLE entities (
            id TEXT PRIMARY KEY,
            seq INTEGER NOT NULL UNIQUE,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            ref TEXT,
            wikidata TEXT,
            first_article TEXT)""",
        "CREATE INDEX entities_ref ON entities(ref)",
        "CREATE INDEX entities_wikidata ON entities(wikidata)",
        # one row per surface form per article ('' = not from an article: analyst or reference data)
        """CREATE TABLE aliases (
            entity TEXT NOT NULL REFERENCES entities(id),
            form TEXT NOT NULL,
            norm TEXT NOT NULL,
            last TEXT NOT NULL,
            tokens INTEGER NOT NULL,
            acronym INTEGER NOT NULL,
            article TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (entity, form, article))""",
        "CREATE INDEX aliases_norm ON aliases(norm)",
        "CREATE INDEX aliases_last ON aliases(last)",
        "CREATE INDEX aliases_article ON aliases(article)",
        """CREATE TABLE mentions (
            id {serial},
            article TEXT NOT NULL REFERENCES articles(id),
            entity TEXT NOT NULL REFERENCES entities(id),
            local_id TEXT NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            text TEXT NOT NULL,
            rule TEXT NOT NULL)""",
        "CREATE INDEX mentions_article ON mentions(article)",
        "CREATE INDEX mentions_entity ON mentions(entity)",
        """CREATE TABLE assertions (
            id TEXT PRIMARY KEY,
            subject TEXT NOT NULL REFERENCES entities(id),
            predicate TEXT NOT NULL,
            object TEXT NOT NULL REFERENCES entities(id),
            modality TEXT NOT NULL,
            attributed_to TEXT REFERENCES entities(id),
            time TEXT,
            time_precision TEXT,
            origin TEXT NOT NULL DEFAULT 'machine')""",
        """CREATE TABLE evidence (
            id {serial},
            assertion TEXT NOT NULL REFERENCES assertions(id),
            article TEXT NOT NULL REFERENCES articles(id),
            start_char INTEGER,
            end_char INTEGER,
            sentence TEXT,
            sentence_start INTEGER,
            rule TEXT)""",
        "CREATE INDEX evidence_assertion ON evidence(assertion)",
        "CREATE INDEX evidence_article ON evidence(article)",
        """CREATE TABLE quotes (
            id {serial},
            article TEXT NOT NULL REFERENCES articles(id),
            speaker TEXT REFERENCES entities(id),
            text TEXT NOT NULL,
            via TEXT NOT NULL DEFAULT '[]',
            start_char INTEGER,
            end_char INTEGER,
            sentence TEXT,
            rule TEXT)""",
        "CREATE INDEX quotes_article ON quotes(article)",
        # why an article's entity was joined to a stored one: rule and the form that matched
        """CREATE TABLE merges (
            id {serial},
            entity TEXT NOT NULL REFERENCES entities(id),
            article TEXT NOT NULL,
            local_id TEXT NOT NULL,
            local_name TEXT NOT NULL,
            rule TEXT NOT NULL,
            form TEXT,
            reason TEXT NOT NULL)""",
        "CREATE INDEX merges_article ON merges(article)",
        "CREATE INDEX merges_entity ON merges(entity)",
        # analyst decisions, applied on top of machine facts; nothing machine-side deletes them
        """CREATE TABLE decisions (
            id {serial},
            kind TEXT NOT NULL,
            target TEXT NOT NULL,
            payload TEXT NOT NULL DEFAULT '{}',
            who TEXT,
            at TEXT NOT NULL)""",
        # MinHash signatures of article texts, so the near-duplicate index survives across runs
        """CREATE TABLE signatures (
            article TEXT PRIMARY KEY REFERENCES articles(id),
            seq INTEGER NOT NULL,
            num_perm INTEGER NOT NULL,
            scheme TEXT NOT NULL,
            hashvalues {blob} NOT NULL)""",
        "CREATE INDEX signatures_seq ON signatures(seq)",
    ]),
    # full-text search over article titles and texts and evidence sentences (`orbat search`):
    # SQLite keeps FTS5 indexes over the tables' own text (external content), in step through
    # triggers; PostgreSQL indexes the same text with GIN expression indexes.
    (2, "full-text search", [
        {"sqlite": "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', "
                   "content_rowid='seq', tokenize='porter unicode61 remove_diacritics 2')"},
        {"sqlite": "CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN "
                   "INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text); END"},
        {"sqlite": "CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN "
                   "INSERT INTO articles_fts (articles_fts, rowid, title, text) "
                   "VALUES ('delete', old.seq, old.title, old.text); END"},
        {"sqlite": "CREATE TRIGGER articles_fts_au AFTER UPDATE OF seq, title, text ON articles BEGIN "
                   "INSERT INTO articles_fts (articles_fts, rowid, title, text) "
                   "VALUES ('delete', old.seq, old.title, old.text); "
                   "INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text); END"},
        {"sqlite": "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')"},
        {"sqlite": "CREATE VIRTUAL TABLE evidence_fts USING fts5(sentence, content='evidence', "
                   "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')"},
        {"sqlite": "CREATE TRIGGER evidence_fts_ai AFTER INSERT ON evidence BEGIN "
                   "INSERT INTO evidence_fts (rowid, sentence) VALUES (new.id, new.sentence); END"},
        {"sqlite": "CREATE TRIGGER evidence_fts_ad AFTER DELETE ON evidence BEGIN "
                   "INSERT INTO evidence_fts (evidence_fts, rowid, sentence) VALUES ('delete', old.id, old.sentence); "
                   "END"},
        {"sqlite": "CREATE TRIGGER evidence_fts_au AFTER UPDATE OF id, sentence ON evidence BEGIN "
                   "INSERT INTO evidence_fts (evidence_fts, rowid, sentence) VALUES ('delete', old.id, old.sentence); "
                   "INSERT INTO evidence_fts (rowid, sentence) VALUES (new.id, new.sentence); END"},
        {"sqlite": "INSERT INTO evidence_fts (evidence_fts) VALUES ('rebuild')"},
        {"postgresql": "CREATE INDEX articles_fts ON articles USING GIN "
                       "(to_tsvector('english', COALESCE(title, '') || ' ' || text))"},
        {"postgresql": "CREATE INDEX evidence_fts ON evidence USING GIN "
                       "(to_tsvector('english', COALESCE(sentence, '')))"},
    ]),
    # titles and ranks read before a person's mentions, per article, so a profile can say
    # who held which title when (machine facts: replaced with the article's other facts)
    (3, "titles", [
        """CREATE TABLE titles (
            entity TEXT NOT NULL REFERENCES entities(id),
            title TEXT NOT NULL,
            article TEXT NOT NULL REFERENCES articles(id),
            PRIMARY KEY (entity, title, article))""",
        "CREATE INDEX titles_article ON titles(article)",
    ]),
]

LATEST = MIGRATIONS[-1][0]


class SchemaError(RuntimeError):
    """The store was written by a newer orbat, or its schema table is damaged."""


def migrate(backend) -> int:
    """Bring the store's schema up to date; returns the version it is at."""
    backend.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    current = current_version(backend)
    if current > LATEST:
        raise SchemaError(f"{backend.where}: the store is at schema version {current}, newer than this "
                          f"orbat knows ({LATEST}); upgrade orbat to use it")
    for version, name, statements in MIGRATIONS:
        if version <= current:
            continue
        backend.begin_write()
        try:
            if current_version(backend) >= version:  # another process applied it meanwhile
                backend.rollback()
                continue
            for sql in statements:
                if isinstance(sql, dict):  # {dialect: statement}: a step only one backend takes
                    sql = sql.get(backend.dialect)
                    if not sql:
                        continue
                backend.execute(backend.ddl(sql))
            backend.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                            (version, name, now()))
            backend.commit()
        except BaseException:
            backend.rollback()
            raise
    return current_version(backend)


def current_version(backend) -> int:
    row = backend.execute("SELECT MAX(version) FROM schema_migrations").fetchone()
    return row[0] or 0


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
