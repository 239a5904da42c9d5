"""Measurement shared by every timing claim.

The machine that builds the site may be busy, so claims compare variants measured
side by side in one run (interleaved, repeated) and prefer evidence that load does
not distort: CPU time against wall time, and the order of events.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    wall: float  # seconds on the clock
    cpu: float  # CPU seconds of the whole process, all threads together

    @property
    def parallelism(self) -> float:
        """CPU seconds per wall second: above 1 only if threads really ran at the same time."""
        return self.cpu / self.wall if self.wall > 0 else 0.0


def timed(work: Callable[[], object]) -> Timing:
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    work()
    return Timing(time.perf_counter() - wall_start, time.process_time() - cpu_start)


def interleaved(variants: dict[str, Callable[[], object]], repeats: int) -> dict[str, list[Timing]]:
    """Time each variant `repeats` times, alternating them (A B, B A, A B, ...).

    Alternating spreads a burst of load from elsewhere over every variant, so a
    ratio of two variants is fairer than timing one after the other.
    """
    if repeats < 1:
        raise ValueError("repeats must be at least 1")
    timings: dict[str, list[Timing]] = {name: [] for name in variants}
    order = list(variants)
    for round_number in range(repeats):
        for name in order if round_number % 2 == 0 else reversed(order):
            timings[name].append(timed(variants[name]))
    return timings


def median_wall(timings: list[Timing]) -> float:
    return statistics.median(t.wall for t in timings)


def median_parallelism(timings: list[Timing]) -> float:
    return statistics.median(t.parallelism for t in timings)


def median_ratio(numerators: list[Timing], denominators: list[Timing]) -> float:
    """Median of per-round wall-time ratios: each pair was measured back to back."""
    return statistics.median(n.wall / d.wall for n, d in zip(numerators, denominators, strict=True))


def in_threads(work: Callable[[], object], count: int) -> Callable[[], None]:
    """A callable that runs `work` in `count` threads at once and waits for all of them."""

    def run() -> None:
        threads = [threading.Thread(target=work) for _ in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    return run


def run_async(make_coroutine: Callable[[], object]):
    """asyncio.run(), also where this thread already runs a loop (a Jupyter kernel does):
    then the experiment gets a fresh thread and loop of its own."""
    import asyncio
    import concurrent.futures

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make_coroutine())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, make_coroutine()).result()


def on_one_cpu(work: Callable[[], object]) -> Callable[[], object]:
    """Run `work` with this thread, and the threads it starts, confined to one CPU.

    A negative control for parallelism claims: nothing can run in parallel on one CPU.
    Linux only (sched_setaffinity); new threads inherit the mask of the thread that starts them.
    """
    import os

    def run():
        if not hasattr(os, "sched_setaffinity"):
            raise NotImplementedError("confining work to one CPU needs os.sched_setaffinity (Linux)")
        allowed = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {min(allowed)})
        try:
            return work()
        finally:
            os.sched_setaffinity(0, allowed)

    run.__doc__ = f"`{getattr(work, '__name__', 'the experiment')}` confined to one CPU"
    return run
