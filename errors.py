"""Errors that are the user's to fix: the CLI prints them as one `Error: …` line."""


class PlankgError(Exception):
    """Base class for expected, user-facing failures (exit code 1, no traceback)."""


class InputError(PlankgError):
    """Unreadable, empty, binary or wrongly encoded input."""


class QueryError(PlankgError):
    """A query that cannot run: unknown name, bad parameter, write attempt, syntax."""
