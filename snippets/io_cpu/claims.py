"""Claims of the page "I/O-bound and CPU-bound work", with the experiments that back them."""

import asyncio
import time

from snippets.gil.claims import fib_job, pieces_job, same_cpu_twice, thread_round, two_cpus, watch_overlap
from snippets.gil.workers import fib_in_pieces
from snippets.slow_server import answer_after
from snippets.slow_server import request as socket_request
from verified import (
    Claim,
    at_least,
    at_most,
    needs_cpus,
    needs_gil,
    needs_no_gil,
    needs_switch_interval,
    run_async,
    timeline_svg,
)

# --- Three I/O waits in one thread -------------------------------------------------------------

SERVER_DELAY = 0.1  # seconds the local server takes to answer one request


async def busy_request(port):
    """A negative control: the same duration spent computing instead of waiting."""
    deadline = time.perf_counter() + SERVER_DELAY
    while time.perf_counter() < deadline:
        pass


def overlap_figures(request=socket_request, repeats=3):
    """Three requests one after another, then together, `repeats` rounds each, alternating."""
    async def experiment():
        server = await asyncio.start_server(answer_after(SERVER_DELAY), "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        origin = time.perf_counter()
        spans = {"sequential": [], "together": []}

        async def timed_request(mode, index):
            start = time.perf_counter() - origin
            await request(port)
            spans[mode].append((index, start, time.perf_counter() - origin))

        async def one_after_another():
            spans["sequential"].clear()  # the figure shows the last round
            for index in range(3):
                await timed_request("sequential", index)

        async def together():
            spans["together"].clear()
            await asyncio.gather(*(timed_request("together", index) for index in range(3)))

        sequential, concurrent = [], []
        async with server:
            for round_number in range(repeats):
                order = [(one_after_another, sequential), (together, concurrent)]
                for run, out in order if round_number % 2 == 0 else reversed(order):
                    start = time.perf_counter()
                    await run()
                    out.append(time.perf_counter() - start)
        return sequential, concurrent, spans

    sequential, concurrent, spans = run_async(experiment)
    sequential.sort()
    concurrent.sort()
    return {
        "one_wait_s": SERVER_DELAY,
        "one_after_another_s": sequential[len(sequential) // 2],
        "together_s": concurrent[len(concurrent) // 2],
        "together_in_waits": concurrent[len(concurrent) // 2] / SERVER_DELAY,
        "one_after_another_in_waits": sequential[len(sequential) // 2] / SERVER_DELAY,
        "spans": spans,
    }


def draw_overlap(figures, lang):
    spans = figures["spans"]
    lanes = []
    for mode in ("sequential", "together"):
        bars = sorted(spans[mode])
        start0 = min(start for _, start, _ in bars)
        for index, start, stop in bars:
            label = {
                ("sequential", "en"): f"one after another #{index + 1}",
                ("together", "en"): f"together #{index + 1}",
                ("sequential", "ru"): f"по очереди №{index + 1}",
                ("together", "ru"): f"вместе №{index + 1}",
            }[mode, lang]
            lanes.append((label, [(start - start0, stop - start0, "wait")]))
    text = {
        "en": (
            "Three requests on one thread, measured in this build",
            "Each bar is one request, from sending it to its answer. One after another, the bars follow each "
            "other; together, they overlap almost completely.",
            "Figure: three requests to a server that answers in "
            f"{SERVER_DELAY} s, measured when this page was built.",
        ),
        "ru": (
            "Три запроса в одном потоке, измерено при сборке",
            "Каждая полоса — один запрос, от отправки до ответа. По очереди полосы идут друг за другом; "
            "вместе — почти полностью перекрываются.",
            f"Рисунок: три запроса к серверу, который отвечает за {SERVER_DELAY} с; измерено при сборке этой страницы.",
        ),
    }[lang]
    return timeline_svg(lanes, title=text[0], description=text[1], caption=text[2], lang=lang)


IO_WAITS_OVERLAP = Claim(
    id="io-waits-overlap",
    statement={
        "en": "Three I/O waits started together in one thread overlap: all three take about as long as one.",
        "ru": "Три ожидания ввода-вывода, начатые вместе в одном потоке, перекрываются: все три занимают "
        "примерно столько же, сколько одно.",
    },
    measure=overlap_figures,
    control=lambda: overlap_figures(request=busy_request),
    expect=(
        at_most("together_in_waits", 1.6, why="overlapping waits cost ~1 wait; two in a row would cost 2"),
        at_least("one_after_another_in_waits", 2.7, why="control: without overlap three waits cost 3"),
    ),
    draw=draw_overlap,
)

# --- Pure-Python CPU work in two threads --------------------------------------------------------
# The evidence is how long both threads were *certainly* running at the same instant, from each
# thread's own CPU clock (snippets/gil/workers.py): taking turns gives exactly 0 however busy the
# machine is, and load can only shrink it where threads do run at once.

FIB_N = 27  # fib(27): about 0.1 s of pure Python


def threads_figures(work="python", cpus=two_cpus, budget_s=0.5):
    """fib(FIB_N) twice in one thread, then once in each of two threads started together.

    work="hash": two threads hashing instead (hashlib releases the GIL) — a negative control.
    cpus: which CPUs the two threads are pinned to; same_cpu_twice gives one CPU for both.
    """
    sequential = time.perf_counter()
    fib_in_pieces(FIB_N, [])
    fib_in_pieces(FIB_N, [])
    sequential = time.perf_counter() - sequential
    jobs = (fib_job(FIB_N), fib_job(FIB_N)) if work == "python" else (pieces_job("hash", 1, 300),) * 2
    watched = watch_overlap(lambda: thread_round(*jobs, cpus()), budget_s=budget_s)
    return {
        "twice_sequential_s": sequential,
        "two_threads_s": watched["fastest_round_s"],
        "speedup": sequential / watched["fastest_round_s"],  # wall clock: shown, not judged
        "cpu_per_wall_in_threads": watched["cpu_per_wall"],
        "both_running_ms": watched["both_running_ms"],
    }


CPU_THREADS_NO_SPEEDUP = Claim(
    id="cpu-threads-no-speedup-with-gil",
    statement={
        "en": "With the GIL, two threads running pure-Python code never run at the same time: the process "
        "burns at most one CPU-second per second, so the two finish no sooner than one thread doing both jobs.",
        "ru": "При GIL два потока с чистым Python-кодом никогда не работают одновременно: процесс тратит не "
        "больше одной секунды процессора за секунду, поэтому они заканчивают не раньше, чем один поток, "
        "выполнивший обе работы.",
    },
    measure=threads_figures,
    # C code that releases the GIL. Up to 5 s to see the threads overlap: one round starved by load
    # (measured once in CI: 1.9 s at 0.05 CPU-seconds per second) must not pass for "taking turns".
    control=lambda: threads_figures(work="hash", budget_s=5.0),
    expect=(
        at_most("both_running_ms", 0.5, why="taking turns gives exactly 0 ms; threads that run at once, ~20 ms"),
        at_most("cpu_per_wall_in_threads", 1.15, why="taking turns burns ≤ 1 CPU s per s; load only lowers it"),
    ),
    requires=(needs_gil(), needs_cpus(2), needs_switch_interval(0.001)),
)

CPU_THREADS_AT_ONCE_FREE_THREADED = Claim(
    id="cpu-threads-run-at-once-without-gil",
    statement={
        "en": "Without the GIL (a free-threaded build), two threads running pure-Python code do run at the "
        "same instant, on two CPUs.",
        "ru": "Без GIL (free-threaded сборка) два потока с чистым Python-кодом действительно выполняются в один "
        "и тот же момент, на двух процессорах.",
    },
    measure=threads_figures,
    control=lambda: threads_figures(cpus=same_cpu_twice),  # one CPU for both threads
    # The wall-clock speed-up is shown, not judged: another program taking a CPU from either thread
    # lowers it, while load can only hide the overlap judged here, never create it.
    expect=(at_least("both_running_ms", 1, why="threads that take turns, or share one CPU, give exactly 0 ms"),),
    requires=(needs_no_gil(), needs_cpus(2)),
)


# What each figure is, for people: the id stays the key in claims.json.
FIGURE_LABELS = {
    "one_wait_s": {"en": "time the server takes to answer one request, s",
                   "ru": "время ответа сервера на один запрос, с"},
    "one_after_another_s": {"en": "median time of three requests one after another, s",
                            "ru": "медианное время трёх запросов по очереди, с"},
    "together_s": {"en": "median time of three requests started together, s",
                   "ru": "медианное время трёх запросов, начатых вместе, с"},
    "together_in_waits": {"en": "time of three requests together, in lengths of one wait",
                          "ru": "время трёх запросов вместе, делённое на длительность одного ожидания"},
    "one_after_another_in_waits": {"en": "time of three requests in a row, in lengths of one wait",
                                   "ru": "время трёх запросов по очереди, делённое на длительность одного ожидания"},
    "twice_sequential_s": {"en": "time of fib(27) twice in one thread, s",
                           "ru": "время двух вызовов fib(27) в одном потоке, с"},
    "two_threads_s": {"en": "time of the fastest round of one fib(27) in each of two threads, s",
                      "ru": "время самого быстрого раунда: по одному fib(27) в каждом из двух потоков, с"},
    "speedup": {"en": "one-thread time over the fastest two-thread round",
                "ru": "время в одном потоке, делённое на время самого быстрого раунда в двух потоках"},
    "cpu_per_wall_in_threads": {"en": "CPU seconds used per wall-clock second in two threads",
                                "ru": "секунд процессора на секунду реального времени в двух потоках"},
    "both_running_ms": {"en": "time both threads ran at the same instant, ms",
                        "ru": "время одновременной работы обоих потоков, мс"},
}
