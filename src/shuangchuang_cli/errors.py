"""The two ways the tool cannot go on. Problems in the data are never exceptions: they are
issues in a report. These are caught once, at the command line, as one line and exit 2."""


class UsageError(Exception):
    """The command cannot run as asked (a missing folder, an output that exists)."""


class RulesError(Exception):
    """The rules folder cannot be used; the message names the file and the key."""
