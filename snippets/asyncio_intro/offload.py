"""asyncio hands a blocking call to a thread and CPU-bound work to a process; its loop stays free."""

import asyncio
import time
from concurrent.futures import ProcessPoolExecutor


def count_primes(limit):
    count = 0
    for number in range(2, limit):
        for divisor in range(2, int(number**0.5) + 1):
            if number % divisor == 0:
                break
        else:
            count += 1
    return count


def blocking_read():
    time.sleep(0.2)  # stands in for a call with no asyncio version, e.g. a database driver
    return "data"


async def ticker(ticks):
    while True:
        await asyncio.sleep(0.01)
        ticks[0] += 1


async def count_ticks(ticks, label, work):
    before = ticks[0]
    result = await work
    print(f"{label:32} result {result!r:8} ticks meanwhile: {ticks[0] - before}")


async def main():
    loop = asyncio.get_running_loop()
    ticks = [0]
    ticking = asyncio.create_task(ticker(ticks))
    with ProcessPoolExecutor(max_workers=1) as pool:
        await loop.run_in_executor(pool, count_primes, 10)  # start the worker process before timing
        await count_ticks(ticks, "blocking call in a thread:", asyncio.to_thread(blocking_read))
        await count_ticks(ticks, "CPU work in another process:", loop.run_in_executor(pool, count_primes, 150_000))

    async def on_the_loop():
        return count_primes(150_000)  # no await inside: the loop cannot run anything else

    await count_ticks(ticks, "CPU work on the loop's thread:", on_the_loop())
    ticking.cancel()


if __name__ == "__main__":  # spawn and forkserver run this file again as __mp_main__
    asyncio.run(main())
