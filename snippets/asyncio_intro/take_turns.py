"""Two coroutines on one event loop take turns at each await, and both run on the same thread."""

import asyncio
import threading


async def worker(name):
    for step in (1, 2, 3):
        print(f"{name}: step {step} on thread {threading.current_thread().name}")
        await asyncio.sleep(0)  # a pause: the loop may now run another task


async def main():
    await asyncio.gather(worker("A"), worker("B"))


asyncio.run(main())
