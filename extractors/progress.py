"""A progress bar for batch runs (rich): files done, files/s and time left; silent when not on a terminal."""

from __future__ import annotations

from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


@contextmanager
def bar(total: int, quiet: bool = False):
    """Yields `advance(path, outcome)`; draws only on a terminal (stderr), never into a pipe or a log."""
    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        yield lambda path, outcome: None
        return
    columns = (TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]}"), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("ingest", total=total, rate="")

        def advance(path, outcome) -> None:
            progress.advance(task)
            speed = progress.tasks[0].speed
            progress.update(task, rate=f"{speed:.1f} files/s" if speed else "")

        yield advance
