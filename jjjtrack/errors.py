"""Errors with messages written for users; the CLI prints them as one line on stderr."""


class JjjtrackError(Exception):
    """Anything the user can fix: bad input, a missing file, an unknown id."""


class DocumentError(JjjtrackError):
    """A file that cannot be read as a Chinese text document."""


class LedgerError(JjjtrackError):
    """A ledger that cannot be opened or changed as asked."""


class NotFound(JjjtrackError):
    """An id or name that the ledger does not hold."""


class InvalidValue(JjjtrackError):
    """An option value that cannot be understood: a date, a status, a number."""


class LexiconError(JjjtrackError):
    """A lexicon data file that is malformed; names the file and key."""
