"""Functions that a process pool runs: a child imports them by this module's name."""


def count_primes(limit):
    """CPU-bound, pure Python: trial division, with no waiting anywhere."""
    count = 0
    for number in range(2, limit):
        for divisor in range(2, int(number**0.5) + 1):
            if number % divisor == 0:
                break
        else:
            count += 1
    return count
