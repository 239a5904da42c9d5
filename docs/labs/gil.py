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
# # GIL lab
#
# Change the numbers in the next cell and run the notebook again. The same work is done
# `THREADS` times: one after another in one thread, then in `THREADS` threads at once. The
# speed-up is the ratio of the two times; *CPU seconds per second* is what the process burned
# while its threads ran. Above 1 only if the threads really ran at the same time.

# %%
import sys

import snippets.gil.claims as experiment

KIND = "python"  # "python", "hash", "small-hash", "zlib" or "sleep"
SIZE = 20  # python: fib(SIZE); hash, small-hash: 256 KiB units; zlib: 16 KiB units; sleep: milliseconds
PIECES = 20  # pieces of work per thread
THREADS = 2
SWITCH_INTERVAL = 0.005  # seconds; the default is 0.005
ROUNDS = 3  # repeats of each variant, alternating; the medians are shown

# %%
gil_on = getattr(sys, "_is_gil_enabled", lambda: True)()  # Python 3.13+; older builds always have the GIL
print(f"Python {sys.version.split()[0]}, GIL {'on' if gil_on else 'off'}\n")
figures = experiment.threads_speedup_figures(KIND, SIZE, PIECES, THREADS, ROUNDS, SWITCH_INTERVAL)
for name, value in figures.items():
    print(f"{name:26} {value:8.3f}")

# %% [markdown]
# ## Every kind of work side by side
#
# With the GIL on, pure Python and hashing in 1,000-byte calls hold it; hashing 256 KiB per call,
# compressing and sleeping let go of it (on a free-threaded build every row can speed up). On a busy machine the speed-ups wander; CPU seconds per second
# above 1 cannot be faked by load.

# %%
sizes = {"python": 20, "small-hash": 4, "hash": 4, "zlib": 4, "sleep": 5}
rows = {kind: experiment.threads_speedup_figures(kind, size, PIECES, THREADS, ROUNDS, SWITCH_INTERVAL)
        for kind, size in sizes.items()}
print(f"{'work':12} {'speed-up':>9} {'CPU s per s':>12}")
for kind, row in rows.items():
    print(f"{kind:12} {row['speedup']:9.2f} {row['cpu_per_wall_in_threads']:12.2f}")

# %% [markdown]
# ## What the switch interval changes
#
# The switch interval does not let threads run at once; it decides how long a thread that
# wants the GIL waits for it. Here one thread computes while another sleeps 2 ms again and
# again; with the GIL on, each time it wakes up it must get the GIL back before it can run (on a
# free-threaded build with the GIL off it waits for nothing).

# %%
print(f"woken thread waits {experiment.gil_wait_ms():6.2f} ms with the default interval (0.005 s)")
print(f"woken thread waits {experiment.gil_wait_ms(SWITCH_INTERVAL):6.2f} ms with {SWITCH_INTERVAL} s")

# %% [markdown]
# ## Checks
#
# Two 0.1-second sleeps in two threads overlap on every build (measured as in the claim
# `sleep-releases-gil`: from the first start to the last end, the best of a few rounds). With the
# GIL on, pure-Python threads never burn more than about one CPU second per second, whatever the
# parameters.

# %%
sleeping = experiment.sleep_figures()
print(f"two 0.1 s sleeps in two threads took {sleeping['both_waits_in_waits']:.2f} sleeps")
assert sleeping["both_waits_in_waits"] < 1.5, sleeping
if gil_on:
    assert rows["python"]["cpu_per_wall_in_threads"] < 1.2, rows["python"]
