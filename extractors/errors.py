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


class UsageError(VanbanError):
    """The command was given something it cannot work on at all (a path that does not exist)."""

    stage = "usage"
