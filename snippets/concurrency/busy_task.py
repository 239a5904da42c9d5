"""A task that computes without an await stops every other task: here, a ticker."""

import asyncio
import time


async def ticker(ticks):
    while True:
        await asyncio.sleep(0.01)
        ticks.append(time.perf_counter())


async def compute(seconds, pause_each_round):
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        if pause_each_round:
            await asyncio.sleep(0)  # let the loop run other tasks, then carry on


async def main():
    ticks = []
    ticking = asyncio.create_task(ticker(ticks))
    await asyncio.sleep(0.05)
    for pause_each_round in (False, True):
        before = len(ticks)
        await compute(0.2, pause_each_round)
        print(f"0.2 s of computing, {'with' if pause_each_round else 'without'} an await inside: "
              f"{len(ticks) - before} ticks meanwhile")
    ticking.cancel()


asyncio.run(main())
