"""Pure-Python CPU work, once and then in two threads at the same time."""

import threading
import time


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


start = time.perf_counter()
fib(30)
fib(30)
print(f"twice, one after another: {time.perf_counter() - start:.2f} s")

start = time.perf_counter()
threads = [threading.Thread(target=fib, args=(30,)) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(f"twice, in two threads:    {time.perf_counter() - start:.2f} s")
