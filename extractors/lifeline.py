"""Imported by the fork server of `vanban ingest`'s workers, first, and by nothing else: the fork server then dies
with the writer that started it, however the writer ended (its workers die with the fork server in turn, and the
resource tracker ends when no process is left to talk to it). Importing this anywhere else would tie that
process's life to its parent's."""

from .engines import die_with_parent

die_with_parent()
