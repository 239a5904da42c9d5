# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Event loop lab
#
# Change the numbers in the next cell and run the notebook again. The experiment is the one
# behind the claims `blocking-requests-wait-one-after-another` and
# `event-loop-overlaps-waits-not-computing`: each task computes, sends a request to a local web
# server that answers after a delay, and computes again — first one task after another with
# blocking requests, then as asyncio tasks on one event loop.

# %%
import snippets.event_loop.claims as experiment

TASKS = 3  # how many tasks
SERVER_DELAY = 0.15  # seconds the web server takes to answer each request
CPU_WORK = 0.02  # seconds of computing before and after each request

# %% [markdown]
# In the timelines below each line is a task: `#` marks computing, `.` waiting for the server.
# A wait ends when its task resumes: on the event loop, that can be a little after the answer
# arrived, if the loop was computing for another task just then.

# %%
blocking = experiment.three_tasks_figures("blocking", tasks=TASKS, delay=SERVER_DELAY, cpu=CPU_WORK)
print("one after another, blocking requests:")
print(experiment.timeline_text(blocking["spans"]))

# %%
on_loop = experiment.three_tasks_figures("asyncio", tasks=TASKS, delay=SERVER_DELAY, cpu=CPU_WORK)
print("asyncio tasks on one event loop:")
print(experiment.timeline_text(on_loop["spans"]))

# %% [markdown]
# The event loop overlaps the waits, never the computing: one thread computes for one task at
# a time. Before you change anything, predict: if `CPU_WORK` is larger than `SERVER_DELAY`, do
# the waits stop overlapping? They do not. A wait lasts from a task's request until that task
# resumes, and a task can resume only when the thread is not computing for another one; so each
# wait now also covers other tasks' computing, and lasts longer than the server's delay, and the
# waits still overlap. What the loop saves stays about `(TASKS - 1) * SERVER_DELAY`, the part of
# the server's delays that overlap; the computing costs the same in both runs.

# %%
for name, figures in [("blocking", blocking), ("event loop", on_loop)]:
    print(f"{name:10}  wall {figures['wall_s']:.3f} s   computing {figures['cpu_s_in_all_tasks']:.3f} s   "
          f"overlapping computing {figures['max_cpu_overlap_s']:.3f} s   "
          f"overlapping wait pairs {figures['overlapping_wait_pairs']} of {figures['wait_pairs']}")
print(f"saved by the loop: {blocking['wall_s'] - on_loop['wall_s']:.3f} s   "
      f"(TASKS - 1) * SERVER_DELAY: {(TASKS - 1) * SERVER_DELAY:.3f} s")
assert on_loop["max_cpu_overlap_s"] == 0, "two pieces of computing overlapped on one thread"
assert blocking["overlapping_wait_pairs"] == 0, "blocking requests overlapped"
assert TASKS < 2 or SERVER_DELAY == 0 or on_loop["wall_s"] < blocking["wall_s"], "the loop saved no time"
