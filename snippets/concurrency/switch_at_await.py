"""Two tasks take turns only at await; two threads are switched without asking them (by the GIL's hand-over
on a standard build), in the middle of a step."""

import asyncio
import threading
import time


def compute(seconds):
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        pass


async def task_steps(name, log):
    for step in (1, 2):
        log.append(f"{name}{step}(")
        compute(0.02)
        log.append(f"){name}{step}")
        await asyncio.sleep(0)  # the only place this task lets another one run


def thread_steps(name, log):
    for step in (1, 2):
        log.append(f"{name}{step}(")
        compute(0.02)
        log.append(f"){name}{step}")


async def in_tasks(log):
    await asyncio.gather(task_steps("A", log), task_steps("B", log))


task_log = []
asyncio.run(in_tasks(task_log))
print("tasks:  ", " ".join(task_log))

thread_log = []
threads = [threading.Thread(target=thread_steps, args=(name, thread_log)) for name in "AB"]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("threads:", " ".join(thread_log))
