"""Listing 1.5: two Fibonacci numbers, one after the other (the book computes fib(40) and fib(41))."""

import time


def print_fib(number: int) -> None:
    def fib(n: int) -> int:
        return n if n < 2 else fib(n - 1) + fib(n - 2)

    print(f"fib({number}) is {fib(number)}")


def fibs_no_threading():
    print_fib(29)
    print_fib(30)


start = time.perf_counter()
fibs_no_threading()
print(f"Completed in {time.perf_counter() - start:.4f} seconds.")
