"""Where read + extract run: `local` (this process for one job, else a pool of worker processes) or `dask`
(tasks on a Dask distributed cluster: the scheduler at an address, or a LocalCluster). An engine is a context
manager giving `run(fn, items)`, an iterator of fn(item) in the order they finish, with a bounded number in
flight so memory stays flat however many files there are."""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from contextlib import contextmanager

from .errors import VanbanError

IN_FLIGHT = 2  # tasks queued per worker


@contextmanager
def engine_for(name: str, jobs: int, scheduler: str | None = None):
    if name == "local":
        yield _serial if jobs <= 1 else _pool(jobs)
    elif name == "dask":
        yield from _dask(jobs, scheduler)
    else:
        raise VanbanError(name, "unknown engine (choose 'local' or 'dask')")


def _serial(fn: Callable, items: Iterable) -> Iterator:
    for item in items:
        yield fn(item)


def _bounded(submit: Callable, items: Iterable, window: int, done: Callable) -> Iterator:
    """Keep `window` tasks in flight; yield each result as its task finishes."""
    queue, running = iter(items), set()
    for item in queue:
        running.add(submit(item))
        if len(running) >= window:
            break
    while running:
        finished, running = done(running)
        for future in finished:
            yield future.result()
            nxt = next(queue, None)
            if nxt is not None:
                running.add(submit(nxt))


def _context():
    """forkserver where the platform has one: a clean process (no copy of the writer's SQLite connection) loads
    and warms the pipeline once, and every worker is forked from it ready; spawn elsewhere."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([f"{__package__}.warm"])
    return context


def start(name: str, jobs: int) -> None:
    """Start the local engine's fork server now, so it warms the pipeline while the writer gets ready."""
    if name == "local" and jobs > 1 and _context().get_start_method() == "forkserver":
        multiprocessing.forkserver.ensure_running()


def _pool(jobs: int) -> Callable:
    def run(fn: Callable, items: Iterable) -> Iterator:
        with ProcessPoolExecutor(jobs, mp_context=_context()) as pool:
            def done(running):
                finished, rest = wait(running, return_when=FIRST_COMPLETED)
                return finished, set(rest)

            yield from _bounded(lambda item: pool.submit(fn, item), items, IN_FLIGHT * jobs, done)

    return run


def _dask(jobs: int, scheduler: str | None) -> Iterator[Callable]:
    try:
        from dask.distributed import Client, LocalCluster
        from distributed import wait as dask_wait
    except ImportError:
        raise VanbanError("dask", "the dask engine needs `pip install 'vanban[dask]'` (dask[distributed])") from None
    cluster = None if scheduler else LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                                 dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        def run(fn: Callable, items: Iterable) -> Iterator:
            def done(running):
                finished = dask_wait(list(running), return_when="FIRST_COMPLETED").done
                return finished, set(running) - set(finished)

            workers = max(1, len(client.scheduler_info().get("workers", {})))
            yield from _bounded(lambda item: client.submit(fn, item, pure=False), items, IN_FLIGHT * workers, done)

        yield run
    finally:
        client.close()
        if cluster:
            cluster.close()
