"""Fixtures for the store, resolution and ingest tests.

``store_url`` runs a test once on a SQLite file and once on a live PostgreSQL:
``ORBAT_TEST_PG`` (a DSN) when set, else a throwaway server this session starts
with initdb + pg_ctl (as the ``postgres`` user when we are root), listening on
127.0.0.1 only. Without PostgreSQL binaries the PostgreSQL half is skipped with
the reason, or fails when ``ORBAT_REQUIRE_PG=1`` (CI).
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from orbat.model import Article, Entity, Evidence, Extraction, Mention, Quote, Relation

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


# ---------------------------------------------------------------- PostgreSQL
def _pg_bin() -> Path | None:
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    return found[-1].parent if found else None


def _unavailable(reason: str):
    if os.environ.get("ORBAT_REQUIRE_PG") == "1":
        pytest.fail(f"PostgreSQL required (ORBAT_REQUIRE_PG=1) but {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason} (set ORBAT_TEST_PG to a DSN, or install postgresql)")


@pytest.fixture(scope="session")
def pg_server():
    """A DSN to a PostgreSQL server for the whole session."""
    if os.environ.get("ORBAT_TEST_PG"):
        yield os.environ["ORBAT_TEST_PG"]
        return
    bin_ = _pg_bin()
    if bin_ is None:
        _unavailable("no PostgreSQL binaries under /usr/lib/postgresql and ORBAT_TEST_PG is not set")
    root = os.geteuid() == 0
    as_pg = ["runuser", "-u", "postgres", "--"] if root else []
    tmp = Path(tempfile.mkdtemp(prefix="orbat-pg-"))
    tmp.chmod(0o755)
    if root:
        shutil.chown(tmp, "postgres", "postgres")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = tmp / "data"
    try:
        subprocess.run([*as_pg, str(bin_ / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                        "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True, text=True)
        subprocess.run([*as_pg, str(bin_ / "pg_ctl"), "-D", str(data), "-l", str(tmp / "server.log"), "-w",
                        "-t", "60", "-o", f"-c listen_addresses=127.0.0.1 -c port={port} "
                        f"-c unix_socket_directories={tmp} -c fsync=off -c full_page_writes=off", "start"],
                       check=True, capture_output=True, text=True)
    except (subprocess.CalledProcessError, OSError) as exc:
        log = (tmp / "server.log").read_text() if (tmp / "server.log").exists() else ""
        detail = getattr(exc, "stderr", "") or str(exc)
        shutil.rmtree(tmp, ignore_errors=True)
        _unavailable(f"the throwaway server did not start: {detail.strip()} {log.strip()}")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_pg, str(bin_ / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty schema on the server for one test, as a DSN that selects it."""
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    try:
        with psycopg.connect(pg_server, autocommit=True, connect_timeout=10) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
    except psycopg.OperationalError as exc:
        _unavailable(f"cannot connect to {pg_server}: {exc}")
    sep = "&" if "?" in pg_server else "?"
    yield f"{pg_server}{sep}options=-csearch_path%3D{schema}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """The store under test: a SQLite file, then a PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "orbat.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(store_url):
    from orbat.store import open_store

    with open_store(store_url) as s:
        yield s


# ---------------------------------------------------------------- hand-built extractions
def article(aid: str, text: str, path: str | None = None, **kw) -> Article:
    return Article(id=aid, path=path or f"{aid}.txt", text=text, **kw)


def entity(lid: str, name: str, type: str, *aliases: str, text: str = "", ref: str | None = None,
           wikidata: str | None = None) -> Entity:
    """An article entity whose mentions are found in ``text`` (or invented at 0 when absent)."""
    mentions = []
    for form in (name, *aliases):
        at = text.find(form)
        mentions.append(Mention(max(at, 0), max(at, 0) + len(form), form, "test"))
    return Entity(id=lid, name=name, type=type, aliases=tuple(aliases), ref=ref, wikidata=wikidata,
                  mentions=tuple(mentions))


def relation(s: str, p: str, o: str, sentence: str = "", **kw) -> Relation:
    return Relation(s, p, o, evidence=Evidence(0, len(sentence), sentence, 0, "test:rel"), **kw)


def quote(speaker: str | None, text: str, *via: str) -> Quote:
    return Quote(speaker, text, tuple(via), Evidence(0, len(text), text, 0, "test:quote"))


def extraction(art: Article, entities=(), relations=(), quotes=()) -> Extraction:
    return Extraction(art, tuple(entities), tuple(relations), tuple(quotes))


def orbat_cmd(*args: str) -> list[str]:
    """The command line `python -m orbat ARGS`, with the store commands registered even before
    orbat.cli imports them itself."""
    code = "import orbat.cli.store_cmd; from orbat.cli import main; main()"
    return [sys.executable, "-c", code, *args]


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env
