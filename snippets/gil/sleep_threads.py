"""Two threads that sleep overlap; two threads that compute take turns (on a build with the GIL)."""

import threading
import time


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def in_one_thread(work, *args):
    start = time.perf_counter()
    work(*args)
    return time.perf_counter() - start


def in_two_threads(work, *args):
    threads = [threading.Thread(target=work, args=args) for _ in range(2)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start


print(f"one sleep(0.2):            {in_one_thread(time.sleep, 0.2):.2f} s")
print(f"two sleep(0.2) in threads: {in_two_threads(time.sleep, 0.2):.2f} s")
print(f"one fib(27):               {in_one_thread(fib, 27):.2f} s")
print(f"two fib(27) in threads:    {in_two_threads(fib, 27):.2f} s")
