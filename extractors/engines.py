"""Where read + extract run: `local` (this process for one job, else a pool of worker processes) or `dask`
(tasks on a Dask distributed cluster: the scheduler at an address, or a LocalCluster). An engine is a context
manager giving `run(fn, items)`, an iterator of fn(item) in the order they finish, with a bounded number in
flight so memory stays flat however many files there are.

A local worker that dies (killed by the kernel for memory, aborted by a C library on a hostile file) takes its
pool with it: the items that were in flight are then tried again one at a time, each in a pool of its own, so
the one that kills its worker again is known; it comes out as `Crashed(item)`, the others as their results,
and the batch goes on in a new pool. Each worker has a memory limit and a CPU-time limit per item (resource
limits, `worker_limits`), and dies with the process that started it (`die_with_parent`)."""

from __future__ import annotations

import ctypes
import itertools
import multiprocessing
import multiprocessing.forkserver
import os
import resource
import signal
import sys
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass

from .errors import VanbanError

IN_FLIGHT = 2  # tasks queued per worker
# A worker's address space may grow this far past what it had once warmed (VANBAN_WORKER_MEMORY_MB): a PDF that
# inflates to gigabytes is refused instead of taking the machine's memory
WORKER_MEMORY = int(float(os.environ.get("VANBAN_WORKER_MEMORY_MB", "2048")) * 1024 * 1024)
# CPU seconds one file may take in a worker (VANBAN_FILE_CPU_SECONDS); a report takes well under one
FILE_CPU_SECONDS = int(os.environ.get("VANBAN_FILE_CPU_SECONDS", "120"))
PR_SET_PDEATHSIG = 1  # prctl(2)


@dataclass(frozen=True)
class Crashed:
    """An item whose worker died on it, alone in its pool."""

    item: object


class TimeLimit(Exception):
    """Raised in a worker when the item it works on has used its CPU time (SIGXCPU)."""


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


def _bounded(submit: Callable, queue: Iterator, window: int, done: Callable, broken: tuple = ()) -> Generator:
    """Keep `window` tasks in flight; yield each result as its task finishes. When a task raises one of `broken`
    (its worker died and the pool with it), or a submit does (the pool broke between two results), stop and
    return the items that were in flight, the one being submitted first."""
    running = {}

    def top_up(n: int) -> list:
        for item in itertools.islice(queue, n):
            try:
                running[submit(item)] = item
            except broken:
                return [item, *running.values()]
        return []

    if lost := top_up(window):
        return lost
    while running:
        for future in done(set(running)):
            item = running.pop(future)
            try:
                result = future.result()
            except broken:
                return [item, *running.values()]
            yield result
            if lost := top_up(1):
                return lost
    return []


def _context():
    """forkserver where the platform has one: a clean process (no copy of the writer's SQLite connection) loads
    and warms the pipeline once, and every worker is forked from it ready; spawn elsewhere."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([f"{__package__}.lifeline", f"{__package__}.warm"])
    return context


def start(name: str, jobs: int) -> None:
    """Start the local engine's fork server now, so it warms the pipeline while the writer gets ready."""
    if name == "local" and jobs > 1 and _context().get_start_method() == "forkserver":
        multiprocessing.forkserver.ensure_running()


def die_with_parent() -> None:
    """Have the kernel kill this process when the one that started it ends, however it ended (kill -9 too)."""
    if sys.platform != "linux":
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() == 1:  # the parent died before the call: nobody is left to take our results
        os._exit(1)


def _over_time(signum, frame):
    raise TimeLimit(f"took more than {FILE_CPU_SECONDS} s of CPU time")


def worker_limits() -> None:
    """A local worker's start: dies with its parent (the fork server), a memory limit, SIGXCPU raising TimeLimit."""
    die_with_parent()
    signal.signal(signal.SIGXCPU, _over_time)
    if sys.platform == "linux":
        with open("/proc/self/statm") as f:
            size = int(f.read().split()[0]) * resource.getpagesize()
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        soft = size + WORKER_MEMORY if hard == resource.RLIM_INFINITY else min(size + WORKER_MEMORY, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def time_limited(fn: Callable, item):
    """fn(item) with FILE_CPU_SECONDS of CPU time from now (the soft RLIMIT_CPU: SIGXCPU, then TimeLimit)."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(used.ru_utime + used.ru_stime) + 1
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    soft = spent + FILE_CPU_SECONDS
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))
    try:
        return fn(item)
    finally:
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))


def grant(seconds: float) -> None:
    """More CPU time for the item at work (an OCR'd page adds its own budget): the soft limit that time_limited set
    is raised; outside a worker's item (no soft limit) nothing changes."""
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if soft not in (resource.RLIM_INFINITY, hard):
        soft += int(seconds) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))


def _until_broken(workers: int, fn: Callable, queue: Iterator) -> Generator:
    """Results from a pool of `workers` until the queue is done (returns []) or the pool breaks (returns the items
    in flight)."""
    with ProcessPoolExecutor(workers, mp_context=_context(), initializer=worker_limits) as pool:
        def done(running):
            return wait(running, return_when=FIRST_COMPLETED)[0]

        return (yield from _bounded(lambda item: pool.submit(time_limited, fn, item), queue, IN_FLIGHT * workers,
                                    done, broken=(BrokenProcessPool,)))


def _pool(jobs: int) -> Callable:
    def run(fn: Callable, items: Iterable) -> Iterator:
        queue = iter(items)
        while suspects := (yield from _until_broken(jobs, fn, queue)):
            for item in suspects:  # alone in a pool of its own: the one that breaks it again is the culprit
                if (yield from _until_broken(1, fn, iter([item]))):
                    yield Crashed(item)

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
                return dask_wait(list(running), return_when="FIRST_COMPLETED").done

            workers = max(1, len(client.scheduler_info().get("workers", {})))
            yield from _bounded(lambda item: client.submit(fn, item, pure=False), iter(items), IN_FLIGHT * workers,
                                done)

        yield run
    finally:
        client.close()
        if cluster:
            cluster.close()
