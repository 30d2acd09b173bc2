"""Progress of batch runs on stderr: a bar (rich: files done, files/s, time left) on a terminal; elsewhere (nohup,
cron, a log file) a plain line every few seconds, so a long run is never silent until its end."""

from __future__ import annotations

import os
import time
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from .human import number, seconds

EVERY = float(os.environ.get("VANBAN_PROGRESS_SECONDS", "5"))  # seconds between progress lines off a terminal


@contextmanager
def bar(total: int, quiet: bool = False):
    """Yields `advance(path, outcome)`: a bar on a terminal, lines into a pipe or a log, nothing when `quiet`."""
    console = Console(stderr=True)
    if quiet:
        yield lambda path, outcome: None
    elif not console.is_terminal:
        yield _lines(total)
    else:
        columns = (TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[rate]}"), TimeRemainingColumn())
        with Progress(*columns, console=console, transient=False) as progress:
            task = progress.add_task("ingest", total=total, rate="")

            def advance(path, outcome) -> None:
                progress.advance(task)
                speed = progress.tasks[0].speed
                progress.update(task, rate=f"{speed:.1f} files/s" if speed else "")

            yield advance


def _lines(total: int):
    import sys

    started = last = time.monotonic()
    counts = {"done": 0, "failed": 0, "worked": 0}  # worked: read and extracted (the rate that predicts the rest)

    def advance(path, outcome) -> None:
        nonlocal last
        counts["done"] += 1
        counts["failed"] += outcome == "failed"
        counts["worked"] += outcome != "unchanged"
        now = time.monotonic()
        if now - last < EVERY:
            return
        last = now
        rate = counts["worked"] / max(now - started, 1e-9)
        left = (total - counts["done"]) / rate if rate else 0
        print(f"ingest: {number(counts['done'])}/{number(total)} files ({100 * counts['done'] // max(total, 1)}%), "
              f"{number(counts['failed'])} failed, {seconds(rate)} files/s, about {number(round(left))} s left",
              file=sys.stderr, flush=True)

    return advance
