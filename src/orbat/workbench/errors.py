"""What can go wrong in a query, as exceptions whose messages say what to do."""
from __future__ import annotations


class WorkbenchError(RuntimeError):
    """A query could not be answered; ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class EmptyStore(WorkbenchError):
    """The store holds no articles yet."""


class NotFound(WorkbenchError):
    """No entity answers to the name."""


class Ambiguous(WorkbenchError):
    """Several entities answer to the name; ``candidates`` lists them (id, name, type, why)."""

    exit_code = 2

    def __init__(self, message: str, candidates: tuple):
        super().__init__(message)
        self.candidates = candidates


class BadDate(WorkbenchError):
    """A date option is not a date."""


class BadOption(WorkbenchError):
    """An option has a value the query does not know."""
