"""orbat's command line: thin wrappers that call the library.

Each module below registers its commands on the shared app; importing them is
what makes the commands exist.
"""
from orbat.cli.app import app
from orbat.cli import extract_cmd  # noqa: F401  (registers extract)
from orbat.cli import eval_cmd  # noqa: F401  (registers eval)
from orbat.cli import store_cmd  # noqa: F401  (registers ingest, reprocess, export)
from orbat.cli import query_cmd  # noqa: F401  (registers show, entities, tree, path, network, timeline, quotes, search)
from orbat.cli import curate_cmd  # noqa: F401  (registers merge, split, rename, retype, reject, confirm, note, undo, decisions)


def main() -> None:
    app()
