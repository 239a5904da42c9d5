"""Claims of the page "Concurrency, parallelism and multitasking", with the experiments that back them."""

import asyncio
import os
import sys
import threading
import time

from snippets.processes import simultaneity
from verified import Claim, at_least, at_most, exactly, needs_cpus, run_async, run_python, timeline_svg
from verified.claims import MACHINE, Requirement

needs_cpu_pinning = Requirement(
    lambda env: hasattr(os, "sched_setaffinity"),
    {
        "en": "needs os.sched_setaffinity to keep processes on one CPU (Linux)",
        "ru": "нужен os.sched_setaffinity, чтобы удержать процессы на одном CPU (Linux)",
    },
    "sched-setaffinity",
    MACHINE,
)


def pair_figures(one_cpu=True, attempts=1):
    """Two CPU-bound processes, both kept on one CPU, or each kept on a CPU of its own.

    Pinning the two-CPU case matters on a busy machine: left to itself the OS may queue both
    processes on the same CPU for a whole run. On one CPU the overlap is zero by construction,
    so one attempt says all; two CPUs get up to `attempts`, because other programs take turns
    on them too.
    """
    first, second = sorted(os.sched_getaffinity(0))[:2] if not one_cpu else [min(os.sched_getaffinity(0))] * 2
    figures = simultaneity.best_of(lambda: simultaneity.run_pair("processes", cpus=(first, second)), attempts)
    figures["cpus"] = len({first, second})
    return figures


def busiest_window(spans, window):
    """Start of the `window`-long stretch that holds the most of `spans` (0 if there are none)."""
    def covered(begin):
        return sum(max(0.0, min(end, begin + window) - max(start, begin)) for start, end in spans)

    return max((start for start, _ in spans), key=covered, default=0.0)


def draw_pair(figures, lang, window=0.05):
    runs = figures["runs"]
    begin = busiest_window(runs["both"], window)  # where the processes overlapped most, if they did
    names = {
        "en": {"A": "process A", "B": "process B", "both": "both at once"},
        "ru": {"A": "процесс A", "B": "процесс B", "both": "оба сразу"},
    }[lang]
    lanes = [
        (names[lane], [(max(start, begin) - begin, min(end, begin + window) - begin, "cpu")
                       for start, end in runs[lane] if end > begin and start < begin + window])
        for lane in ("A", "B", "both")
    ]
    one = figures["cpus"] == 1
    ms = f"{window * 1000:.0f}"
    text = {
        ("en", True): (
            "Two processes on one CPU, measured in this build",
            "Each bar is a stretch in which a process computed without interruption. On one CPU the bars of the "
            "two processes alternate, and the lane for both at once stays empty.",
            f"Figure: {ms} ms of two CPU-bound processes confined to one CPU, measured when this page was built. "
            "They take turns: concurrency without parallelism.",
        ),
        ("en", False): (
            "Two processes on two CPUs, measured in this build",
            "Each bar is a stretch in which a process computed without interruption. On two CPUs the bars of the "
            "two processes overlap; the third lane shows where.",
            f"Figure: the {ms} ms in which the same two processes, each on a CPU of its own, overlapped most, "
            "measured when this page was built. Where both compute at once: parallelism.",
        ),
        ("ru", True): (
            "Два процесса на одном CPU, измерено при сборке",
            "Каждая полоса — отрезок, в котором процесс считал без перерыва. На одном CPU полосы двух процессов "
            "чередуются, а дорожка «оба сразу» остаётся пустой.",
            f"Рисунок: {ms} мс работы двух счётных процессов, удержанных на одном CPU; измерено при сборке этой "
            "страницы. Они работают по очереди: конкурентность без параллелизма.",
        ),
        ("ru", False): (
            "Два процесса на двух CPU, измерено при сборке",
            "Каждая полоса — отрезок, в котором процесс считал без перерыва. На двух CPU полосы двух процессов "
            "перекрываются; третья дорожка показывает где.",
            f"Рисунок: те {ms} мс, в которые те же два процесса, каждый на своём CPU, перекрывались больше всего; "
            "измерено при сборке этой страницы. Там, где оба считают сразу, — параллелизм.",
        ),
    }[lang, one]
    return timeline_svg(lanes, title=text[0], description=text[1], caption=text[2], lang=lang)


ONE_CPU_CONCURRENCY = Claim(
    id="one-cpu-concurrency-without-parallelism",
    statement={
        "en": "On one CPU, two CPU-bound processes still run concurrently — both make progress over the same "
        "stretch of time, taking turns — but never in parallel: they never compute at the same instant.",
        "ru": "На одном CPU два счётных процесса всё равно работают конкурентно — оба продвигаются в течение "
        "одного и того же отрезка времени, по очереди, — но никогда не параллельно: они ни в какой момент не "
        "считают одновременно.",
    },
    measure=pair_figures,
    control=lambda: pair_figures(one_cpu=False, attempts=3),
    expect=(
        at_least("both_in_progress_share", 0.5,
                 why="taking turns, both are in progress ~90-100 % of the time; one after the other: 0"),
        at_least("turns", 10, why="the OS switches every few ms: hundreds of turns; one after the other: 1"),
        at_most("simultaneous_s", 0.0005, why="one CPU cannot run two processes at once: always measured 0.0"),
        at_most("cpu_per_wall", 1.1, why="one CPU gives at most 1 CPU second per second; two CPUs up to 2"),
    ),
    requires=(needs_cpu_pinning,),
    draw=draw_pair,
)

TWO_CPUS_PARALLELISM = Claim(
    id="two-cpus-run-processes-in-parallel",
    statement={
        "en": "On two CPUs, one each, the same two processes compute at the same instants: parallelism, which "
        "is also concurrency.",
        "ru": "На двух CPU, по одному на каждый, те же два процесса считают в одни и те же моменты: это "
        "параллелизм, а значит, и конкурентность.",
    },
    measure=lambda: pair_figures(one_cpu=False, attempts=3),
    control=pair_figures,
    expect=(
        at_least("simultaneous_s", 0.001,
                 why="idle: ~0.1 s of a ~0.1 s run; one CPU: always 0.0; programs busy on both CPUs shorten it "
                 "(~0.01 s with three CPU hogs and other builds running: hence the best of up to 3)"),
    ),
    requires=(needs_cpu_pinning, needs_cpus(2)),
    draw=draw_pair,
)

# --- Tasks cost less than threads ---------------------------------------------------------------

# 100 threads measure what 300 do (per thread, within 2 %). On a busy machine a free-threaded 3.13
# takes ~55 ms to start each (its locks call sched_yield() 40 times before they sleep): 300 ran past 60 s.
TASKS, THREADS = 2000, 100


def _in_fresh_process(function, count):
    """Run workers.<function>(count) in a new interpreter: a process that has already freed memory
    reuses it, and its resident size would grow unevenly."""
    code = f"from snippets.concurrency.workers import {function}; print(*{function}({count}))"
    seconds, grown = (float(value) for value in run_python(code).split())
    return seconds, grown


def cost_figures(tasks=("cost_of_tasks", TASKS)):
    task_s, task_bytes = _in_fresh_process(*tasks)
    thread_s, thread_bytes = _in_fresh_process("cost_of_threads", THREADS)
    return {
        "tasks_started": tasks[1],
        "threads_started": THREADS,
        "us_to_start_a_task": task_s * 1e6,
        "us_to_start_a_thread": thread_s * 1e6,
        "bytes_per_task": task_bytes,
        "bytes_per_thread": thread_bytes,
        "start_time_thread_over_task": thread_s / task_s,
        "memory_thread_over_task": thread_bytes / max(task_bytes, 1),
    }


TASKS_ARE_CHEAP = Claim(
    id="tasks-cost-less-than-threads",
    statement={
        "en": "An asyncio task costs far less than a thread: it starts many times faster and takes many times "
        "less memory.",
        "ru": "Задача asyncio обходится гораздо дешевле потока: она запускается во много раз быстрее и занимает "
        "во много раз меньше памяти.",
    },
    measure=cost_figures,
    control=lambda: cost_figures(tasks=("cost_of_threads", THREADS)),
    expect=(
        at_least("start_time_thread_over_task", 3,
                 why="measured 10-110x: a thread is created by the OS and must be scheduled; a task is a few objects"),
        at_least("memory_thread_over_task", 4,
                 why="measured ~14x: a thread touches at least a few 4 KiB pages of its own stack; a task ~1 KiB"),
    ),
    requires=(Requirement(lambda env: os.path.exists("/proc/self/statm"),
                          {"en": "needs /proc/self/statm (Linux)", "ru": "нужен /proc/self/statm (Linux)"},
                          "proc-statm", MACHINE),),
)

# --- Granularity: a task is switched only at an await ---------------------------------------------

STEP_S = 0.02


def compute(seconds):
    """Compute for `seconds` of this thread's CPU time: time spent switched out does not count,
    so on a busy machine a step lasts longer and the other worker gets every chance to run."""
    deadline = time.thread_time() + seconds
    while time.thread_time() < deadline:
        pass


def interrupted_steps(log):
    """Steps during which another worker's step began: the worker was switched out mid-step."""
    inside, count = set(), 0
    for name, event in log:
        if event == "start":
            count += bool(inside - {name})
            inside.add(name)
        else:
            inside.discard(name)
    return count


def switches(log):
    return sum(1 for before, after in zip(log, log[1:]) if before[0] != after[0])


def steps_in_threads(steps=3, give_up_s=10):
    """Two threads each compute `steps` steps, and go on stepping until one has started a step while
    the other was in mid-step (or `give_up_s` passed). On a busy machine the OS may keep one thread
    off the CPUs while the other does all its steps (seen without the GIL); more steps give
    preemption more chances, and a scheduler that never switches mid-step still shows none."""
    log, arrived, inside = [], [], set()
    interrupted = threading.Event()

    def worker(name):
        # Both threads running before either computes. They spin rather than wait on a Barrier:
        # a thread woken by the OS may wait for a CPU longer than a step on a busy machine.
        arrived.append(name)
        give_up = time.monotonic() + give_up_s
        while len(arrived) < 2 and time.monotonic() < give_up:
            pass
        done = 0
        while done < steps or (not interrupted.is_set() and time.monotonic() < give_up):
            log.append((name, "start"))
            if inside:
                interrupted.set()
            inside.add(name)
            compute(STEP_S)
            inside.discard(name)
            log.append((name, "end"))
            done += 1

    threads = [threading.Thread(target=worker, args=(name,)) for name in "AB"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return log


def steps_in_tasks(steps=3):
    log = []

    async def worker(name):
        for _ in range(steps):
            log.append((name, "start"))
            compute(STEP_S)
            log.append((name, "end"))
            await asyncio.sleep(0)

    async def main():
        await asyncio.gather(worker("A"), worker("B"))

    run_async(main)
    return log


def granularity_figures(cooperative=steps_in_tasks):
    tasks, threads = cooperative(), steps_in_threads()
    return {
        "task_switches": switches(tasks),
        "task_steps_interrupted": interrupted_steps(tasks),
        "thread_switches": switches(threads),
        "thread_steps_interrupted": interrupted_steps(threads),
        "switch_interval_s": sys.getswitchinterval(),
    }


TASKS_SWITCH_AT_AWAIT = Claim(
    id="tasks-switch-only-at-await",
    statement={
        "en": "Tasks are switched only where they await: no step of a task is ever interrupted, even one that "
        "computes for 20 ms. Threads have no say: another thread's step begins in the middle of theirs (switched "
        "in by the OS or the GIL, or, on a free-threaded build, running at the same time).",
        "ru": "Задачи переключаются только там, где они делают await: ни один шаг задачи не прерывается, даже "
        "если он считает 20 мс. У потоков выбора нет: шаг другого потока начинается посреди их шага (по воле "
        "ОС или GIL, а в free-threaded сборке — потому что потоки работают одновременно).",
    },
    measure=granularity_figures,
    control=lambda: granularity_figures(cooperative=steps_in_threads),
    expect=(
        exactly("task_steps_interrupted", 0, why="a task keeps the thread from one await to the next"),
        at_least("task_switches", 5, why="A B A B A B: the loop switches at each of the awaits"),
        at_least("thread_steps_interrupted", 1,
                 why="preemptive: with the GIL a waiting thread takes over after 5 ms; without it, at once"),
    ),
)

# --- The price: a task that never awaits stops all the others --------------------------------------


def ticker_figures(pause_while_busy=False, busy_s=0.2, tick_s=0.005):
    async def main():
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                await asyncio.sleep(tick_s)
                ticks += 1

        ticking = asyncio.create_task(ticker())
        await asyncio.sleep(0.05)
        before = ticks
        deadline = time.perf_counter() + busy_s
        while time.perf_counter() < deadline:
            if pause_while_busy:  # the control: a pause in every round of the loop
                await asyncio.sleep(0)
        during = ticks - before
        ticking.cancel()
        return before, during

    before, during = run_async(main)
    return {"ticks_before_busy": before, "ticks_while_busy": during, "busy_s": busy_s}


BUSY_TASK_STOPS_TICKER = Claim(
    id="busy-task-stops-ticker",
    statement={
        "en": "A task that computes without awaiting stops every other task: a ticker that ticks every 5 ms does "
        "not tick once during 0.2 s of such computing.",
        "ru": "Задача, которая считает без await, останавливает все остальные задачи: тикер, тикающий каждые "
        "5 мс, не тикает ни разу за 0,2 с такого счёта.",
    },
    measure=ticker_figures,
    control=lambda: ticker_figures(pause_while_busy=True),
    expect=(
        at_least("ticks_before_busy", 1, why="the ticker works: ~9 ticks in the 50 ms before"),
        exactly("ticks_while_busy", 0, why="the loop gets no chance to run the ticker"),
    ),
)


# What each figure is, for people: the id stays the key in claims.json.
FIGURE_LABELS = {
    "wall_s": {"en": "wall-clock time of the whole run, s", "ru": "реальное время всего прогона, с"},
    "cpu_s": {"en": "CPU time both processes used, s", "ru": "процессорное время обоих процессов, с"},
    "cpu_per_wall": {"en": "CPU seconds both processes used per wall-clock second",
                     "ru": "секунд процессора обоих процессов на секунду реального времени"},
    "both_in_progress_share": {"en": "share of the run during which both processes were in progress",
                               "ru": "доля прогона, в течение которой оба процесса были в работе"},
    "turns": {"en": "switches between the processes, in the order their slices ended",
              "ru": "переключений между процессами в порядке завершения их отрезков"},
    "simultaneous_s": {"en": "time both processes computed at the same instant, s",
                       "ru": "время одновременных вычислений обоих процессов, с"},
    "attempts": {"en": "runs made to find the longest overlap (up to 3)",
                 "ru": "прогонов в поисках самого длинного перекрытия (до 3)"},
    "cpus": {"en": "CPUs the two processes were pinned to", "ru": "число CPU, за которыми закреплены два процесса"},
    "tasks_started": {"en": "asyncio tasks started", "ru": "запущенных задач asyncio"},
    "threads_started": {"en": "threads started", "ru": "запущенных потоков"},
    "us_to_start_a_task": {"en": "time to start one task, µs", "ru": "время запуска одной задачи, мкс"},
    "us_to_start_a_thread": {"en": "time to start one thread, µs", "ru": "время запуска одного потока, мкс"},
    "bytes_per_task": {"en": "resident memory added per task, bytes",
                       "ru": "прирост резидентной памяти на задачу, байт"},
    "bytes_per_thread": {"en": "resident memory added per thread, bytes",
                         "ru": "прирост резидентной памяти на поток, байт"},
    "start_time_thread_over_task": {"en": "how many times longer a thread takes to start than a task",
                                    "ru": "во сколько раз дольше запускается поток, чем задача"},
    "memory_thread_over_task": {"en": "how many times more memory a thread takes than a task",
                                "ru": "во сколько раз больше памяти занимает поток, чем задача"},
    "task_switches": {"en": "switches between the two tasks", "ru": "переключений между двумя задачами"},
    "task_steps_interrupted": {"en": "task steps interrupted by the other task's step",
                               "ru": "шагов задач, прерванных шагом другой задачи"},
    "thread_switches": {"en": "switches between the two threads", "ru": "переключений между двумя потоками"},
    "thread_steps_interrupted": {"en": "thread steps interrupted by the other thread's step",
                                 "ru": "шагов потоков, прерванных шагом другого потока"},
    "switch_interval_s": {"en": "the interpreter's switch interval, s",
                          "ru": "интервал переключения интерпретатора, с"},
    "ticks_before_busy": {"en": "ticks in the 50 ms before the busy stretch", "ru": "тиков за 50 мс до начала счёта"},
    "ticks_while_busy": {"en": "ticks while a task computed without awaiting",
                         "ru": "тиков, пока задача считала без await"},
    "busy_s": {"en": "time the task computed without awaiting, s", "ru": "время счёта задачи без await, с"},
}
