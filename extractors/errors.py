"""Errors that carry a reason a person can act on, and the stage that raised them."""


class VanbanError(Exception):
    stage = "pipeline"

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class ReadError(VanbanError):
    """The file cannot be turned into text: wrong format, encrypted, broken, undecidable encoding."""

    stage = "read"


class InputError(VanbanError):
    """Something the user gave cannot be used (a --db file, a port): the command exits with 2, like a usage error."""

    stage = "input"


class KBError(InputError):
    """The knowledge base file cannot be used: missing, not SQLite, not a vanban KB, damaged, read-only, full."""

    stage = "kb"


class UsageError(InputError):
    """The command was given something it cannot work on at all (a path that does not exist)."""

    stage = "usage"
