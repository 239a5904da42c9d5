"""Two subinterpreters compute at the same time in one process, each with its own GIL (Python 3.14+)."""

import os
import site
import sys
import time

try:
    from concurrent.futures import InterpreterPoolExecutor
except ImportError:  # Python 3.13 and older
    InterpreterPoolExecutor = None

# A worker interpreter finds the function by its module's name; its __main__ is not this script.
from snippets.beyond.workers import fib

if InterpreterPoolExecutor is None:
    print(f"InterpreterPoolExecutor needs Python 3.14; this is {sys.version.split()[0]}")
else:
    start = time.perf_counter()
    fib(27)
    fib(27)
    print(f"one after another:    {time.perf_counter() - start:.2f} s")

    # Each interpreter starts with its own sys.path: add the project root (run this from there).
    with InterpreterPoolExecutor(max_workers=2, initializer=site.addsitedir, initargs=(os.getcwd(),)) as pool:
        list(pool.map(fib, [1, 1]))  # create both interpreters before the clock starts
        start = time.perf_counter()
        list(pool.map(fib, [27, 27]))
        print(f"two subinterpreters:  {time.perf_counter() - start:.2f} s")
