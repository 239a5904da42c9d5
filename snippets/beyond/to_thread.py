"""A ticker on the event loop, while a blocking call runs on the loop and then in another thread."""

import asyncio
import time


async def ticker(ticks):
    while True:
        ticks.append(time.perf_counter())
        await asyncio.sleep(0.01)


async def count_ticks(label, blocking_call):
    ticks = []
    task = asyncio.create_task(ticker(ticks))
    await asyncio.sleep(0)  # let the ticker start
    start = time.perf_counter()
    await blocking_call()
    end = time.perf_counter()
    task.cancel()
    during = sum(start < tick < end for tick in ticks)
    print(f"{label:24} {end - start:.2f} s, {during} ticks meanwhile")


async def on_the_loop():
    time.sleep(0.2)  # blocks the thread that runs the loop


async def with_to_thread():
    await asyncio.to_thread(time.sleep, 0.2)


async def with_run_in_executor():
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, time.sleep, 0.2)  # None: the loop's default thread pool


async def main():
    await count_ticks("time.sleep on the loop", on_the_loop)
    await count_ticks("asyncio.to_thread", with_to_thread)
    await count_ticks("loop.run_in_executor", with_run_in_executor)


asyncio.run(main())
