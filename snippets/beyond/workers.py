"""Work that subinterpreters run: they import it by module name.

Deliberately tiny (only `os` and `time`): every worker interpreter imports it afresh, and an
isolated interpreter refuses extension modules that do not support one GIL per interpreter.
"""

import os
import time


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def timed_fib(size=17, pieces=250, cpu=None):
    """`pieces` calls of fib(size); for each, when it started and ended and the CPU time it got.

    cpu: pin this thread to that CPU first (Linux), a control that rules out parallelism.
    """
    if cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {cpu})
    measured = []
    for _ in range(pieces):
        wall, used = time.perf_counter(), time.thread_time()
        fib(size)
        measured.append((wall, time.perf_counter(), time.thread_time() - used))
    return tuple(measured)  # a tuple of numbers crosses between interpreters without pickling
