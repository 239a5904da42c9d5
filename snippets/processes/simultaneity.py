"""Did two workers compute at the same instant? Evidence that load on the machine cannot fake.

Each worker computes in short slices and stamps every slice with its wall-clock span and the CPU
time it got (snippets/processes/workers.py). A slice whose CPU time is at least FULL_SPEED of its
wall time ran uninterrupted. Two workers *ran in parallel* for as long as uninterrupted slices of
both cover the same instant; on one CPU that time is zero, however the machine is loaded. Load can
only shrink it on two CPUs, never create it on one: when other programs keep the CPUs busy, two
workers may get them at the same time only briefly, so `best_of` tries up to three times.
"""

import multiprocessing
import queue
import threading

from snippets.processes.workers import compute_in_slices

FULL_SPEED = 0.99  # CPU time / wall time of a slice that was not interrupted (measured ~0.998)
SLICES = 200
ITERATIONS = 15_000  # about 0.5 ms of pure-Python work per slice
JOIN_GAP_S = 50e-6  # far shorter than a slice
ENOUGH_S = 0.005  # overlap that settles the question: no need for another attempt


def run_pair(kind="processes", cpus=(None, None), slices=SLICES, iterations=ITERATIONS):
    """Run two workers "A" and "B" at once, as processes or threads; return their slice stamps."""
    if kind == "processes":
        context = multiprocessing.get_context()
        barrier, results = context.Barrier(2), context.Queue()
        start = context.Process
    else:
        barrier, results = threading.Barrier(2), queue.Queue()
        start = threading.Thread
    workers = [
        start(target=compute_in_slices, args=(cpu, barrier, results, name, slices, iterations))
        for name, cpu in zip("AB", cpus)
    ]
    for worker in workers:
        worker.start()
    stamps = dict(results.get(timeout=60) for _ in workers)  # before join: a full pipe blocks a child
    for worker in workers:
        worker.join()
    return stamps


def uninterrupted(stamps):
    """Merged wall-clock spans of the slices that ran at full speed.

    Neighbouring slices are joined across the few microseconds between them (clock reads): no
    other worker can fit a whole uninterrupted slice of its own into such a gap.
    """
    spans = []
    for start, end, cpu in sorted(stamps):
        if cpu < FULL_SPEED * (end - start):
            continue
        if spans and start - spans[-1][1] <= JOIN_GAP_S:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    return spans


def overlaps(first, second):
    """The spans of time covered by both lists of sorted, disjoint spans."""
    i = j = 0
    common = []
    while i < len(first) and j < len(second):
        low, high = max(first[i][0], second[j][0]), min(first[i][1], second[j][1])
        if high > low:
            common.append((low, high))
        if first[i][1] < second[j][1]:
            i += 1
        else:
            j += 1
    return common


def analyse(stamps):
    a, b = stamps["A"], stamps["B"]
    origin = min(a[0][0], b[0][0])
    wall = max(a[-1][1], b[-1][1]) - origin
    cpu = sum(slice_[2] for slice_ in a + b)
    # Concurrency: both were in progress over the same stretch of time, taking turns.
    span_a, span_b = (a[0][0], a[-1][1]), (b[0][0], b[-1][1])
    common = max(0.0, min(span_a[1], span_b[1]) - max(span_a[0], span_b[0]))
    finished = sorted([(end, "A") for _, end, _ in a] + [(end, "B") for _, end, _ in b])
    turns = sum(1 for before, after in zip(finished, finished[1:]) if before[1] != after[1])
    run_a, run_b = uninterrupted(a), uninterrupted(b)
    both = overlaps(run_a, run_b)
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "cpu_per_wall": cpu / wall,
        "both_in_progress_share": common / wall,
        "turns": turns,
        "simultaneous_s": sum((high - low for low, high in both), 0.0),
        "runs": {
            name: [(start - origin, end - origin) for start, end in spans]
            for name, spans in (("A", run_a), ("B", run_b), ("both", both))
        },
    }


def best_of(run, attempts=3):
    """Analyse up to `attempts` runs of `run()`; keep the one with the longest overlap.

    An existence question (can two workers compute at the same instant?) is answered by the best
    attempt; one CPU gives 0.0 in every attempt, so trying again cannot fake an overlap.
    """
    best = None
    for attempt in range(1, attempts + 1):
        figures = analyse(run())
        if best is None or figures["simultaneous_s"] > best["simultaneous_s"]:
            best = figures
        if best["simultaneous_s"] >= ENOUGH_S:
            break
    best["attempts"] = attempt
    return best
