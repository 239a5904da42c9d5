"""What one task and one thread cost: each function runs in a fresh interpreter of its own."""

import asyncio
import os
import threading
import time


def resident_bytes():
    """Memory this process holds in RAM (its resident set), from /proc/self/statm (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def cost_of_tasks(count, rounds=3):
    """Start `count` tasks that wait, `rounds` times; return seconds and resident bytes per task.

    Time: the fastest round, since a round the OS interrupted is slower for reasons of its own.
    Memory: the first round, before freed memory could be reused.
    """

    async def one_round():
        release = asyncio.Event()
        before, start = resident_bytes(), time.perf_counter()
        tasks = [asyncio.create_task(release.wait()) for _ in range(count)]
        await asyncio.sleep(0)  # every task starts and reaches its wait
        seconds, grown = time.perf_counter() - start, resident_bytes() - before
        release.set()
        await asyncio.gather(*tasks)
        return seconds / count, grown / count

    async def main():
        return [await one_round() for _ in range(rounds)]

    measured = asyncio.run(main())
    return min(seconds for seconds, _ in measured), measured[0][1]


def cost_of_threads(count, rounds=3):
    """Start `count` threads that wait, `rounds` times; return seconds and resident bytes per thread.

    Measured as for tasks: the fastest round's time, the first round's memory.
    """

    def one_round():
        release = threading.Event()
        before, start = resident_bytes(), time.perf_counter()
        threads = [threading.Thread(target=release.wait) for _ in range(count)]
        for thread in threads:
            thread.start()  # returns once the thread runs
        seconds, grown = time.perf_counter() - start, resident_bytes() - before
        release.set()
        for thread in threads:
            thread.join()
        return seconds / count, grown / count

    measured = [one_round() for _ in range(rounds)]
    return min(seconds for seconds, _ in measured), measured[0][1]
