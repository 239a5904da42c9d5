"""Functions that other processes run: a child imports them by this module's name."""

import os
import threading
import time

# --- Memory: a child process gets its own copy of this module ---------------------------------

GREETING = ["set by the parent"]


def change_greeting(results):
    """Change the module's global in whichever process or thread runs this, and say what it sees."""
    GREETING[0] = "changed by the child"
    results.put(GREETING[0])


# --- Threads: which thread runs a process's code ------------------------------------------------


def describe_threads(results):
    """Report, from inside a fresh process, how many threads it has and which one runs this."""
    results.put(
        {
            "active_threads": threading.active_count(),
            "runs_on_main_thread": threading.current_thread() is threading.main_thread(),
            "main_thread_name": threading.main_thread().name,
        }
    )


# --- CPU work in small slices, each stamped with wall time and CPU time --------------------------


def spin(iterations):
    """Pure-Python arithmetic: holds the CPU (and, in threads, the GIL) the whole time."""
    total = 0
    for number in range(iterations):
        total += number
    return total


def compute_in_slices(cpu, barrier, results, name, slices, iterations):
    """Compute in `slices` short slices and report, for each, when it ran and the CPU time it got.

    A slice that got (almost) as much CPU time as wall time ran without being interrupted. The
    clock is this thread's own CPU clock: precise, and blind to other threads and processes.
    `cpu`: the CPU to stay on (None: wherever the OS likes); pinning happens here, in the child,
    because under forkserver a child does not inherit its parent's affinity.
    """
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})
    barrier.wait()  # start together: process start-up times differ by milliseconds
    stamps = []
    for _ in range(slices):
        wall_start, cpu_start = time.perf_counter(), time.thread_time()
        spin(iterations)
        cpu_used, wall_end = time.thread_time() - cpu_start, time.perf_counter()
        stamps.append((wall_start, wall_end, cpu_used))
    results.put((name, stamps))
