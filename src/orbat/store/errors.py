"""Errors the store raises; each message names the store or the file it was writing."""


class StoreError(RuntimeError):
    """The store could not be opened or written; the message says which and what to do."""
