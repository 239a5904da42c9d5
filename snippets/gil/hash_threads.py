"""hashlib releases the GIL for inputs over 2,047 bytes: two threads hash at the same time."""

import hashlib
import threading
import time

DATA = bytes(64 << 20)  # 64 MiB of zeros


def digest():
    hashlib.sha256(DATA).hexdigest()


def timed(run):
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def twice():
    digest()
    digest()


def in_two_threads():
    threads = [threading.Thread(target=digest) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


digest()  # warm up
for name, run in (("one after another", twice), ("in two threads", in_two_threads)):
    wall, cpu = timed(run)
    print(f"{name:18} {wall:.3f} s, {cpu / wall:.2f} CPU seconds per second")
