"""The analyst's workbench: query, hierarchy, network and time over the corrected store.

    import orbat
    db = orbat.open("orbat.db")
    db.show("Qaani").relations.to_pandas()
    db.tree("IRGC", depth=3)
    db.path("Soleimani", "Hezbollah", predicates=["leads", "supports"])
    g = db.to_networkx(as_of="2019-12-31")

One module per concern: ``snapshot`` (the corrected store in memory, and the
picture on a date), ``lookup`` (names to entities), ``profile`` (show),
``entities``, ``tree``, ``paths``, ``network``, ``timeline``, ``quotes``,
``search``, ``graph`` (networkx views), ``formats`` (table/json/jsonl/csv),
``api`` (the object). The CLI (``orbat.cli.query_cmd``) calls only ``api``.
"""
from orbat.workbench.api import Workbench, open
from orbat.workbench.errors import Ambiguous, BadDate, BadOption, EmptyStore, NotFound, WorkbenchError

__all__ = ["Workbench", "open", "WorkbenchError", "EmptyStore", "NotFound", "Ambiguous", "BadDate", "BadOption"]
