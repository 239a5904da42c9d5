"""Listing 1.6 with processes instead of threads: each process has its own interpreter and GIL."""

import time
from concurrent.futures import ProcessPoolExecutor


def fib(n):  # at the top level: pickle sends a function to a child by its name
    return n if n < 2 else fib(n - 1) + fib(n - 2)


# Under spawn each child, and under forkserver the server that forks them, runs this file again
# as __mp_main__, which defines fib. The guard keeps that run from starting processes of its own:
# multiprocessing would stop it with a RuntimeError.
if __name__ == "__main__":
    start = time.perf_counter()
    fib(29)
    fib(30)
    print(f"one after another: {time.perf_counter() - start:.2f} s")

    with ProcessPoolExecutor(max_workers=2) as pool:
        # Start both workers before the clock does: under spawn and forkserver (the Linux
        # default since 3.14) a pool starts a worker only when a task finds none idle.
        list(pool.map(fib, [1, 1]))
        start = time.perf_counter()
        results = list(pool.map(fib, [29, 30]))
        print(f"two processes:     {time.perf_counter() - start:.2f} s")
    print(f"fib(29) = {results[0]}, fib(30) = {results[1]}")
