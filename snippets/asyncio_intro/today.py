"""Coroutines as written today: async def, await, asyncio.run() and a TaskGroup (Python 3.11+)."""

import asyncio


async def greet(name, delay):
    await asyncio.sleep(delay)  # a pause: the loop runs the other task meanwhile
    print(f"hello from {name} after {delay} s")


async def main():
    async with asyncio.TaskGroup() as group:  # waits for every task started in it
        group.create_task(greet("B", 0.2))
        group.create_task(greet("A", 0.1))


asyncio.run(main())
