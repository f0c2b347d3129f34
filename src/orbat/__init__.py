"""orbat: a sourced order of battle from reporting on armed-group networks."""
__version__ = "0.1.0"


def open(db=None):  # noqa: A001 - orbat.open(...) reads like the built-in on purpose
    """The analyst's workbench over a store: ``db = orbat.open("orbat.db")`` (see orbat.workbench)."""
    from orbat.workbench import open as _open

    return _open(db)
