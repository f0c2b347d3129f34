"""orbat's command line: thin wrappers that call the library.

Each module below registers its commands on the shared app; importing them is
what makes the commands exist.
"""
from orbat.cli.app import app
from orbat.cli import extract_cmd  # noqa: F401  (registers extract, eval)


def main() -> None:
    app()
