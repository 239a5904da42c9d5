"""Read, switch threads, write: updates get lost. The same under a lock: none do."""

import threading
import time

TIMES = 2_000
counter = 0
lock = threading.Lock()


def add_with_a_pause():
    global counter
    for _ in range(TIMES):
        value = counter
        time.sleep(0)  # releases the GIL: the other thread may read the same value now
        counter = value + 1


def add_under_a_lock():
    global counter
    for _ in range(TIMES):
        with lock:  # the other thread cannot read until this one has written
            value = counter
            time.sleep(0)
            counter = value + 1


def lost(add):
    global counter
    counter = 0
    threads = [threading.Thread(target=add) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return 2 * TIMES - counter


print(f"without a lock: {lost(add_with_a_pause):,} of {2 * TIMES:,} updates lost")
print(f"with a lock:    {lost(add_under_a_lock):,} of {2 * TIMES:,} updates lost")
