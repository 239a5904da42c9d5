"""Listing 1.6 with processes instead of threads: each process has its own interpreter and GIL."""

import time
from concurrent.futures import ProcessPoolExecutor

from snippets.gil.workers import fib  # a child process imports the function by its module's name

if __name__ == "__main__":  # under spawn and forkserver each child re-imports this file
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
