"""Listing 1.6: the same two Fibonacci numbers, each in its own thread."""

import threading
import time


def print_fib(number: int) -> None:
    def fib(n: int) -> int:
        return n if n < 2 else fib(n - 1) + fib(n - 2)

    print(f"fib({number}) is {fib(number)}")


def fibs_with_threads():
    first_thread = threading.Thread(target=print_fib, args=(29,))
    second_thread = threading.Thread(target=print_fib, args=(30,))
    first_thread.start()
    second_thread.start()
    first_thread.join()
    second_thread.join()


start = time.perf_counter()
fibs_with_threads()
print(f"Threads completed in {time.perf_counter() - start:.4f} seconds.")
