"""Two threads add 1 to a shared counter 200,000 times each with a plain `counter += 1`."""

import sys
import threading

TIMES = 200_000
counter = 0


def add():
    global counter
    for _ in range(TIMES):
        counter += 1


threads = [threading.Thread(target=add) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()

gil = getattr(sys, "_is_gil_enabled", lambda: True)()  # Python 3.13+; older builds always have the GIL
print(f"Python {sys.version.split()[0]}, GIL {'on' if gil else 'off'}")
print(f"expected {2 * TIMES:,}, got {counter:,}: {2 * TIMES - counter:,} updates lost")
