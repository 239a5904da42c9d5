"""A task starts at the loop's next pass without being awaited; a bare coroutine object never starts."""

import asyncio


async def child(name):
    print(f"{name} runs")


async def main():
    task = asyncio.create_task(child("the task"))  # its first step is queued on the loop
    coroutine = child("the bare coroutine")  # just an object: nothing has queued it
    print("main goes on")
    await asyncio.sleep(0)  # main suspends for one pass of the loop
    print("main resumes")
    await task
    coroutine.close()  # it was never awaited; closing it avoids a RuntimeWarning


asyncio.run(main())
