"""Work that other threads, processes and interpreters run, timed piece by piece.

Processes and subinterpreters import these functions by module name, so this module uses
only the standard library and does nothing heavy when it is imported.
"""

import ctypes
import ctypes.util
import hashlib
import os
import random
import time
import zlib

_BLOCK = random.Random(0).randbytes(256 << 10)  # 256 KiB: far above the 2,047 bytes from which hashlib releases the GIL
_PIECE = _BLOCK[:1000]  # below that threshold: hashlib keeps the GIL
_ZLIB_INPUT = _BLOCK[: 16 << 10]


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def python_work(size):
    fib(size)


def hash_work(size):
    """`size` calls that hash 256 KiB each; hashlib releases the GIL inside every call."""
    for _ in range(size):
        hashlib.sha256(_BLOCK).digest()


def small_hash_work(size):
    """The same amount of hashing, 1,000 bytes per call: too little for hashlib to release the GIL."""
    digest = hashlib.sha256()
    for _ in range(size * 262):
        digest.update(_PIECE)


def zlib_work(size):
    """`size` compressions of 16 KiB; zlib releases the GIL while it compresses."""
    for _ in range(size):
        zlib.compress(_ZLIB_INPUT, 6)


def _zlib_holding_gil():
    """zlib's own compress2() from C, called through ctypes.PyDLL, which keeps the GIL during the call."""
    libz = ctypes.PyDLL(ctypes.util.find_library("z") or "libz.so.1")
    libz.compress2.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_ulong), ctypes.c_char_p, ctypes.c_ulong,
                               ctypes.c_int]
    out = ctypes.create_string_buffer(libz.compressBound(len(_ZLIB_INPUT)))

    def compress(data, level):
        size = ctypes.c_ulong(len(out))
        if libz.compress2(out, ctypes.byref(size), data, len(data), level) != 0:
            raise RuntimeError("compress2 failed")

    return compress


def zlib_holding_gil_work(size):
    """The same compressions as zlib_work, by the same C library, with the GIL held throughout."""
    compress = _zlib_holding_gil()
    for _ in range(size):
        compress(_ZLIB_INPUT, 6)


def sleep_work(size):
    """Sleep `size` milliseconds: time.sleep releases the GIL."""
    time.sleep(size / 1000)


WORK = {"python": python_work, "hash": hash_work, "small-hash": small_hash_work, "zlib": zlib_work,
        "zlib-holding-gil": zlib_holding_gil_work, "sleep": sleep_work}


def pin(cpu):
    """Keep the calling thread on one CPU (Linux); None leaves it where it is."""
    if cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {cpu})


def timed_pieces(kind="python", size=17, pieces=100, cpu=None, ready=None):
    """Run `pieces` pieces of work; for each, when it started and ended and the CPU time it got.

    cpu: pin this thread to that CPU first. ready: a barrier to wait on, so that two workers
    start together. Times come from the system-wide monotonic clock, so pieces measured in
    different threads, processes or interpreters can be compared.
    """
    pin(cpu)
    if ready is not None:
        ready.wait()
    work = WORK[kind]
    measured = []
    for _ in range(pieces):
        wall, used = time.perf_counter(), time.thread_time()
        work(size)
        measured.append((wall, time.perf_counter(), time.thread_time() - used))
    return measured


def send_timed_pieces(results, *args):
    """timed_pieces() in another process. The pieces go back through a queue, with the CPU time
    this process used for them: under forkserver the parent is not the one that reaps it, so its
    os.times() never sees the child's CPU time."""
    before = os.times()
    pieces = timed_pieces(*args)
    after = os.times()
    results.put((pieces, (after.user - before.user) + (after.system - before.system)))


def fib_in_pieces(n, measured, piece=17):
    """fib(n) with the very same calls as fib(), timing every sub-call of size `piece` or less."""
    if n <= piece:
        wall, used = time.perf_counter(), time.thread_time()
        result = fib(n)
        measured.append((wall, time.perf_counter(), time.thread_time() - used))
        return result
    return fib_in_pieces(n - 1, measured, piece) + fib_in_pieces(n - 2, measured, piece)


def both_running_seconds(pieces_a, pieces_b):
    """A lower bound, in seconds, for how long both workers were running at the same instant.

    Where a piece of A and a piece of B overlap in time, A had a CPU for all of the overlap
    except at most the time its piece went without one (wall time minus CPU time), and so did
    B; what is left, they certainly spent running together. A thread waiting for the GIL, or
    for its turn on a shared CPU, gets no CPU time, so workers that take turns score 0. Load
    from other programs can shrink this figure, never create it.
    """
    a, b = sorted(pieces_a), sorted(pieces_b)
    together, i, j = 0.0, 0, 0
    while i < len(a) and j < len(b):
        (start_a, end_a, cpu_a), (start_b, end_b, cpu_b) = a[i], b[j]
        overlap = min(end_a, end_b) - max(start_a, start_b)
        idle = (end_a - start_a - cpu_a) + (end_b - start_b - cpu_b)
        together += max(0.0, overlap - max(0.0, idle))
        if end_a < end_b:
            i += 1
        else:
            j += 1
    return together
