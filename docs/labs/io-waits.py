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
# # I/O waits lab
#
# Change the numbers in the next cell and run the notebook again. The experiment is the one
# behind the claim `io-waits-overlap`: requests to a local server that answers after a delay,
# sent one after another and then together, from one thread.

# %%
import snippets.io_cpu.claims as experiment

experiment.SERVER_DELAY = 0.05  # seconds the server waits before it answers
ROUNDS = 3  # repeats of each variant; the median is reported

# %%
figures = experiment.overlap_figures(repeats=ROUNDS)
for name, value in figures.items():
    if isinstance(value, float):
        print(f"{name:28} {value:8.3f}")

# %% [markdown]
# Now replace the waiting with computing: `busy_request` spends the same time in a loop
# instead of waiting for the server. Three of them cannot overlap in one thread.

# %%
busy = experiment.overlap_figures(request=experiment.busy_request, repeats=ROUNDS)
print(f"together, waiting:   {figures['together_in_waits']:.2f} waits")
print(f"together, computing: {busy['together_in_waits']:.2f} waits")
assert busy["together_in_waits"] > 2 * figures["together_in_waits"]
