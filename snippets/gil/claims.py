"""Claims of the page "The global interpreter lock", with the experiments that back them.

Parallelism is judged by evidence that load from other programs cannot fake: the two workers
are pinned to different CPUs (so the scheduler cannot stack them on one), their work is timed
piece by piece with each worker's own CPU clock, and `both_running_ms` is a lower bound for how
long both were running at the same instant. A busy machine can hide parallelism for a while, so the
experiments that look for it repeat rounds until they have seen enough or their time is up;
no amount of load can make two workers that take turns look parallel.
"""

import asyncio
import ctypes
import ctypes.util
import json
import os
import subprocess
import sys
import sysconfig
import threading
import time

from snippets.gil.workers import both_running_seconds, fib_in_pieces, pin, timed_pieces
from snippets.slow_server import answer_after
from snippets.slow_server import request as socket_wait
from verified import (
    Claim,
    at_least,
    at_most,
    exactly,
    in_threads,
    interleaved,
    median_parallelism,
    median_ratio,
    median_wall,
    needs_cpus,
    needs_switch_interval,
    needs_gil,
    needs_gil_build,
    needs_no_gil,
    needs_python,
    run_async,
    run_python,
)


def two_cpus():
    """Two different CPUs this process may use (the same one twice if it has only one)."""
    allowed = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else [None]
    return allowed[0], allowed[1 % len(allowed)]


def same_cpu_twice():
    first, _ = two_cpus()
    return first, first


def watch_overlap(one_round, enough_ms=20.0, budget_s=1.0):
    """Repeat `one_round` until the two workers were seen running at once for `enough_ms`, or
    `budget_s` has passed. one_round() -> (pieces_a, pieces_b, wall_s, cpu_s)."""
    together = wall = cpu = 0.0
    fastest, rounds, started = float("inf"), 0, time.perf_counter()
    while True:
        pieces_a, pieces_b, round_wall, round_cpu = one_round()
        rounds += 1
        together += both_running_seconds(pieces_a, pieces_b)
        wall, cpu, fastest = wall + round_wall, cpu + round_cpu, min(fastest, round_wall)
        if together * 1000 >= enough_ms or time.perf_counter() - started >= budget_s:
            break
    return {"rounds": rounds, "fastest_round_s": fastest, "cpu_per_wall": cpu / wall,
            "both_running_ms": together * 1000, "both_running_share": together / wall}


def thread_round(job_a, job_b, cpus):
    """Run two jobs in two threads pinned to `cpus`, started together; each job(cpu, ready) returns
    its timed pieces. Returns (pieces_a, pieces_b, wall_s, process_cpu_s)."""
    ready, measured = threading.Barrier(2), [None, None]

    def run(index, job, cpu):
        measured[index] = job(cpu, ready)

    threads = [threading.Thread(target=run, args=(index, job, cpu))
               for index, (job, cpu) in enumerate(zip((job_a, job_b), cpus))]
    wall, cpu = time.perf_counter(), time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return measured[0], measured[1], time.perf_counter() - wall, time.process_time() - cpu


def pieces_job(kind, size, pieces):
    return lambda cpu, ready: timed_pieces(kind, size, pieces, cpu, ready)


# --- Reference counting ------------------------------------------------------------------------


def refcount_figures(make_reference=lambda obj: obj):
    """Count the references to a fresh object before and after storing one more, then dropping it."""
    obj = [1, 2, 3]  # a new object: nothing else refers to it
    holder = []
    before = sys.getrefcount(obj)
    holder.append(make_reference(obj))
    added = sys.getrefcount(obj)
    holder.clear()
    dropped = sys.getrefcount(obj)
    return {"before": before, "after_adding": added, "after_dropping": dropped,
            "change_on_adding": added - before, "change_on_dropping": dropped - added}


REFCOUNT_COUNTS_REFERENCES = Claim(
    id="refcount-counts-references",
    statement={
        "en": "An ordinary object (a new list, say) carries a reference count: storing one more reference to it "
        "raises the count by exactly 1, and dropping that reference lowers it by 1. Immortal objects such as "
        "`None` are the exception (the next claim).",
        "ru": "У обычного объекта (например, нового списка) есть счётчик ссылок: ещё одна сохранённая ссылка на "
        "него увеличивает счётчик ровно на 1, а удаление этой ссылки уменьшает на 1. Исключение — бессмертные "
        "объекты вроде `None` (следующее утверждение).",
    },
    measure=refcount_figures,
    # premise broken: a copy is a new object, so the original gains no reference
    control=lambda: refcount_figures(make_reference=lambda obj: obj.copy()),
    expect=(
        exactly("change_on_adding", 1, why="one new reference, one more in the count"),
        exactly("change_on_dropping", -1, why="the reference is gone, the count goes back"),
    ),
)


def immortal_figures(objects=(None, 7), references=1000):
    """How much `references` new references change the counts of None and of a small integer."""
    figures = {"references_added": references}
    for name, obj in zip(("none", "small_int"), objects):
        holder = []
        before = sys.getrefcount(obj)
        holder.extend([obj] * references)
        figures[f"{name}_count_change"] = sys.getrefcount(obj) - before
    return figures


IMMORTAL_REFCOUNT_FIXED = Claim(
    id="immortal-objects-refcount-fixed",
    statement={
        "en": "Since Python 3.12 some objects, such as None and small integers, are immortal (PEP 683): their "
        "reference count is a huge fixed number that new references do not change.",
        "ru": "Начиная с Python 3.12 некоторые объекты, например None и маленькие целые числа, бессмертны "
        "(PEP 683): их счётчик ссылок — огромное фиксированное число, которое новые ссылки не меняют.",
    },
    measure=immortal_figures,
    control=lambda: immortal_figures(objects=([], [7])),  # ordinary objects count every reference
    expect=(
        exactly("none_count_change", 0, why="1,000 references to an ordinary object add 1,000"),
        exactly("small_int_count_change", 0, why="1,000 references to an ordinary object add 1,000"),
    ),
    requires=(needs_python(3, 12),),
)

# --- Lost updates ------------------------------------------------------------------------------


def plain_increment(box, times, lock):
    for _ in range(times):
        box[0] += 1


def increment_with_pause(box, times, lock):
    """Read, let another thread run, write: a read-modify-write with a thread switch in the middle."""
    for _ in range(times):
        value = box[0]
        time.sleep(0)  # releases the GIL: the other thread may read the same value now
        box[0] = value + 1


def increment_with_pause_under_lock(box, times, lock):
    for _ in range(times):
        with lock:
            value = box[0]
            time.sleep(0)
            box[0] = value + 1


def lost_updates(increment, times, cpus=None):
    """Two threads each add 1 `times` times to one shared counter; how many additions are lost."""
    box, lock = [0], threading.Lock()
    start_together = threading.Barrier(2)
    cpus = cpus or (None, None)

    def worker(cpu):
        pin(cpu)
        start_together.wait()
        increment(box, times, lock)

    threads = [threading.Thread(target=worker, args=(cpu,)) for cpu in cpus]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return 2 * times - box[0]


PLAIN_TIMES = 200_000
PAUSE_TIMES = 2_000  # each pause costs a trip through the OS: far fewer additions suffice


def plain_increment_figures(increment=plain_increment, times=PLAIN_TIMES, trials=3):
    lost = [lost_updates(increment, times, two_cpus()) for _ in range(trials)]
    return {"threads": 2, "additions_per_thread": times, "trials": trials, "lost_in_all_trials": sum(lost)}


PLAIN_INCREMENT_NO_LOST_UPDATES_GIL = Claim(
    id="plain-increment-no-lost-updates-gil",
    statement={
        "en": "In this build, two threads doing a plain `box[0] += 1` lost no update: since CPython 3.10 a "
        "GIL build switches threads only at calls and backward jumps, never inside this statement. An "
        "implementation detail, not a guarantee.",
        "ru": "В этой сборке два потока, выполняющие простое `box[0] += 1`, не потеряли ни одного обновления: "
        "начиная с CPython 3.10 сборка с GIL переключает потоки только на вызовах и переходах назад, "
        "никогда внутри этого оператора. Это деталь реализации, а не гарантия.",
    },
    measure=plain_increment_figures,
    # premise broken: a thread switch forced between the read and the write
    control=lambda: plain_increment_figures(increment=increment_with_pause, times=PAUSE_TIMES, trials=1),
    expect=(exactly("lost_in_all_trials", 0, why="one switch inside the statement loses updates"),),
    requires=(needs_gil(), needs_python(3, 10)),
)


def free_threaded_increment_figures(increment=plain_increment, times=PLAIN_TIMES, trials=8, enough=1000):
    """Up to `trials` runs, until `enough` updates are lost: a busy machine may keep the second
    thread waiting until the first has finished, and then nothing overlaps."""
    lost = 0
    for trial in range(1, trials + 1):
        lost += lost_updates(increment, times, two_cpus())
        if lost >= enough:
            break
    return {"threads": 2, "additions_per_thread": times, "trials": trial, "lost_updates": lost}


PLAIN_INCREMENT_LOSES_UPDATES_FREE_THREADED = Claim(
    id="plain-increment-loses-updates-free-threaded",
    statement={
        "en": "Without the GIL, two threads doing a plain `box[0] += 1` at the same time lose updates: the "
        "read and the write of one thread interleave with the other's.",
        "ru": "Без GIL два потока, одновременно выполняющие простое `box[0] += 1`, теряют обновления: чтение и "
        "запись одного потока перемежаются с чтением и записью другого.",
    },
    measure=free_threaded_increment_figures,
    # premise broken: a lock makes each read-modify-write atomic
    control=lambda: free_threaded_increment_figures(increment=increment_with_pause_under_lock, times=PAUSE_TIMES,
                                                    trials=1),
    expect=(at_least("lost_updates", 100, why="a GIL build or a lock loses 0; overlapping threads lose thousands"),),
    requires=(needs_no_gil(), needs_cpus(2)),
)

def paused_increment_figures(increment=increment_with_pause, trials=4, enough=0.2):
    """Up to `trials` runs, keeping the one that lost most; stops once `enough` of the additions were lost."""
    lost = 0
    for trial in range(1, trials + 1):
        lost = max(lost, lost_updates(increment, PAUSE_TIMES, two_cpus()))
        if lost >= enough * 2 * PAUSE_TIMES:
            break
    return {"additions": 2 * PAUSE_TIMES, "trials": trial, "lost_updates": lost, "lost_share": lost / (2 * PAUSE_TIMES)}


READ_PAUSE_WRITE_LOSES_UPDATES = Claim(
    id="read-pause-write-loses-updates",
    statement={
        "en": "The GIL does not make your read-modify-write atomic: with a thread switch between reading and "
        "writing a shared counter, two threads lose updates.",
        "ru": "GIL не делает ваше «прочитать — изменить — записать» атомарным: если между чтением и записью "
        "общего счётчика поток переключается, два потока теряют обновления.",
    },
    measure=paused_increment_figures,
    control=lambda: paused_increment_figures(increment=increment_with_pause_under_lock, trials=1),  # premise broken
    expect=(at_least("lost_share", 0.2, why="measured ~0.5 (one thread's work); a lock loses none"),),
)

LOCK_PREVENTS_LOST_UPDATES = Claim(
    id="lock-prevents-lost-updates",
    statement={
        "en": "A `threading.Lock` held around the whole read-modify-write loses no update, even with a thread "
        "switch in the middle.",
        "ru": "`threading.Lock`, удерживаемый на всё «прочитать — изменить — записать», не теряет ни одного "
        "обновления, даже если поток переключается посередине.",
    },
    measure=lambda: paused_increment_figures(increment=increment_with_pause_under_lock, trials=1),
    control=paused_increment_figures,  # premise broken: the same code without the lock
    expect=(exactly("lost_updates", 0, why="without the lock about half of the additions are lost"),),
)

# --- Listings 1.5 and 1.6: fib in one thread, then in two ----------------------------------------

FIRST, SECOND = 29, 30  # the sizes of snippets/gil/fib_sequential.py and fib_threads.py (the book: 40, 41)


def fib_job(n):
    def job(cpu, ready):
        pin(cpu)
        ready.wait()
        measured = []
        fib_in_pieces(n, measured)
        return measured

    return job


def fib_listing_figures(kind="python", budget_s=0.3):
    """Listing 1.5, then listing 1.6 with the same calls, timed in pieces of fib(17) or less.

    kind="hash": the control, two threads hashing instead (hashlib releases the GIL).
    """
    sequential = time.perf_counter()
    fib_in_pieces(FIRST, [])
    fib_in_pieces(SECOND, [])
    sequential = time.perf_counter() - sequential
    jobs = (fib_job(FIRST), fib_job(SECOND)) if kind == "python" else (pieces_job("hash", 1, 300), pieces_job("hash", 1, 480))
    watched = watch_overlap(lambda: thread_round(*jobs, two_cpus()), budget_s=budget_s)
    return {
        "sequential_s": sequential,
        "two_threads_s": watched["fastest_round_s"],
        "speedup": sequential / watched["fastest_round_s"],
        "rounds": watched["rounds"],
        "cpu_per_wall_in_threads": watched["cpu_per_wall"],
        "both_running_ms": watched["both_running_ms"],
    }


FIB_THREADS_TAKE_TURNS = Claim(
    id="fib-listing-threads-take-turns",
    statement={
        "en": f"Listing 1.6 (fib({FIRST}) and fib({SECOND}) in two threads) gains nothing over listing 1.5: with the "
        "GIL the two threads take turns and are never seen running at the same instant.",
        "ru": f"Листинг 1.6 (fib({FIRST}) и fib({SECOND}) в двух потоках) ничего не выигрывает у листинга 1.5: при "
        "GIL два потока работают по очереди и ни разу не выполняются в один и тот же момент.",
    },
    measure=fib_listing_figures,
    control=lambda: fib_listing_figures(kind="hash", budget_s=1.0),  # premise broken: work that releases the GIL
    expect=(
        at_most("both_running_ms", 0.5, why="taking turns gives 0 ms; threads that release the GIL give 20 ms soon"),
        at_most("cpu_per_wall_in_threads", 1.15, why="two threads at once burn up to 2 CPU s per s; load only lowers it"),
    ),
    requires=(needs_gil(), needs_cpus(2), needs_switch_interval(0.001)),
)

# --- time.sleep releases the GIL -----------------------------------------------------------------

NAP = 0.1  # seconds


def sleep_holding_gil(seconds):
    """The C library's usleep(), called through ctypes.PyDLL, which keeps the GIL during the call."""
    libc = ctypes.PyDLL(ctypes.util.find_library("c"))
    libc.usleep(round(seconds * 1e6))


def sleep_figures(wait=time.sleep, rounds=5, enough=1.2):
    """Two threads start a wait together; from the first start to the last end, in waits.

    The shortest of up to `rounds` rounds: a busy machine can delay a thread's start, and so
    lengthen a round, but nothing can shorten two waits that take turns to below two waits.
    """
    best, cpu_used = float("inf"), 0.0
    for _ in range(rounds):
        ready, spans = threading.Barrier(2), []

        def waiter():
            ready.wait()
            start = time.perf_counter()
            wait(NAP)
            spans.append((start, time.perf_counter()))

        threads = [threading.Thread(target=waiter) for _ in range(2)]
        cpu = time.process_time()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        cpu = time.process_time() - cpu
        span = (max(end for _, end in spans) - min(start for start, _ in spans)) / NAP
        if span < best:
            best, cpu_used = span, cpu
        if best <= enough:
            break
    return {"one_wait_s": NAP, "both_waits_in_waits": best, "cpu_s": cpu_used}


SLEEP_RELEASES_GIL = Claim(
    id="sleep-releases-gil",
    statement={
        "en": "`time.sleep` releases the GIL: two threads sleeping 0.1 s each finish in about 0.1 s, not 0.2 s.",
        "ru": "`time.sleep` освобождает GIL: два потока, каждый из которых спит 0,1 с, заканчивают примерно за "
        "0,1 с, а не за 0,2 с.",
    },
    measure=sleep_figures,
    control=lambda: sleep_figures(wait=sleep_holding_gil, rounds=1),  # premise broken: the same wait keeps the GIL
    expect=(at_most("both_waits_in_waits", 1.5, why="overlapping waits cost ~1; taking turns costs 2"),),
    # Without the GIL every wait overlaps, released or not: the statement is about GIL builds.
    requires=(needs_gil(),),
)

# --- C code that releases the GIL ----------------------------------------------------------------


RELEASING_GIL = {"hash": "hash", "zlib": "zlib"}
# The same C work with the GIL kept: hashlib fed 1,000 bytes per call; zlib's compress2() through ctypes.PyDLL.
KEEPING_GIL = {"hash": "small-hash", "zlib": "zlib-holding-gil"}


def c_code_figures(work=RELEASING_GIL, budget_s=0.6):
    """hashlib and zlib, each in two threads; the speed-up compares one thread doing both jobs."""
    figures = {}
    for name, pieces in (("hash", 160), ("zlib", 100)):
        sequential = time.perf_counter()
        timed_pieces(work[name], 1, 2 * pieces)
        sequential = time.perf_counter() - sequential
        job = pieces_job(work[name], 1, pieces)
        watched = watch_overlap(lambda: thread_round(job, job, two_cpus()), budget_s=budget_s)
        figures |= {f"{name}_speedup": sequential / watched["fastest_round_s"],
                    f"{name}_cpu_per_wall": watched["cpu_per_wall"],
                    f"{name}_both_running_ms": watched["both_running_ms"]}
    return figures


C_CODE_RUNS_IN_PARALLEL = Claim(
    id="hashlib-zlib-threads-run-in-parallel",
    statement={
        "en": "hashlib (on inputs over 2,047 bytes) and zlib release the GIL while they compute, so two threads "
        "running them do run at the same time on two CPUs.",
        "ru": "hashlib (на входных данных больше 2047 байт) и zlib освобождают GIL на время вычислений, поэтому "
        "два потока с такой работой действительно выполняются одновременно на двух процессорах.",
    },
    measure=c_code_figures,
    control=lambda: c_code_figures(work=KEEPING_GIL, budget_s=0.3),  # premise broken: the same C work keeps the GIL
    expect=(
        at_least("hash_both_running_ms", 1, why="with the GIL kept 0 ms; an idle machine gives 20 ms in one round"),
        at_least("zlib_both_running_ms", 1, why="with the GIL kept 0 ms; an idle machine gives 20 ms in one round"),
    ),
    # Without the GIL there is nothing to release: the statement is about GIL builds.
    requires=(needs_gil(), needs_cpus(2)),
)


def small_hash_figures(kind="small-hash", budget_s=0.3):
    job = pieces_job(kind, 1, 160)
    watched = watch_overlap(lambda: thread_round(job, job, two_cpus()), budget_s=budget_s)
    return {"bytes_per_call": 1000 if kind == "small-hash" else 256 << 10, "rounds": watched["rounds"],
            "cpu_per_wall_in_threads": watched["cpu_per_wall"], "both_running_ms": watched["both_running_ms"]}


SMALL_HASHES_KEEP_GIL = Claim(
    id="hashlib-small-inputs-keep-gil",
    statement={
        "en": "Fed 1,000 bytes per call, hashlib keeps the GIL: two hashing threads take turns, as pure Python "
        "would.",
        "ru": "Если подавать hashlib по 1000 байт за вызов, он не освобождает GIL: два хеширующих потока "
        "работают по очереди, как чистый Python.",
    },
    measure=small_hash_figures,
    control=lambda: small_hash_figures(kind="hash", budget_s=1.0),  # premise broken: 256 KiB per call
    expect=(
        at_most("both_running_ms", 0.5, why="taking turns gives 0 ms; 256 KiB per call gives 20 ms soon"),
        at_most("cpu_per_wall_in_threads", 1.15, why="only threads running at once burn over 1 CPU s per s"),
    ),
    requires=(needs_gil_build(), needs_gil(), needs_cpus(2), needs_switch_interval(0.001)),
)

# --- The switch interval -------------------------------------------------------------------------


# Run in a fresh interpreter (-I): this process's interval may have been changed by its user.
WOKEN_THREAD_WAIT = """
import sys, threading, time
{before}

def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)

stop, computing_now, last_computed, late = threading.Event(), threading.Event(), [0.0], []

def compute():
    while not stop.is_set():
        fib(15)
        last_computed[0] = time.perf_counter()
        computing_now.set()

computing = threading.Thread(target=compute)
computing.start()
computing_now.wait()
give_up = time.perf_counter() + 10
# At least {naps} wake-ups; on a busy machine more, until one came within two intervals (10 s at most):
# the OS may keep either thread waiting for a CPU, which only ever makes a wake-up later.
while (len(late) < {naps} or min(late) > 2 * sys.getswitchinterval()) and time.perf_counter() < give_up:
    start = time.perf_counter()
    time.sleep(0.002)
    woke = time.perf_counter()
    # Counted only if the other thread computed after this one's timer ran out, so held the GIL
    # then: on a busy machine it may itself be waiting for a CPU, with the GIL free for the taking.
    if last_computed[0] > start + 0.002:
        late.append(woke - start - 0.002)
stop.set()
computing.join()
print(sys.getswitchinterval(), min(late, default=float("nan")), len(late))
"""


def switch_interval_figures(before="", naps=20):
    """The switch interval of a fresh interpreter, and how long a thread that wakes from a 2 ms sleep
    while another thread computes waits for the GIL: the fastest of `naps` wake-ups during which the
    other thread held it (a wake-up delayed by load only makes the fastest one harder to reach)."""
    code = WOKEN_THREAD_WAIT.format(before=before, naps=naps)
    # -I ignores PYTHON_GIL: a free-threaded build is told explicitly whether its GIL is on here.
    gil = ["-X", f"gil={int(sys._is_gil_enabled())}"] if sysconfig.get_config_var("Py_GIL_DISABLED") else []
    done = subprocess.run([sys.executable, "-I", *gil, "-c", code], capture_output=True, text=True, check=True)
    interval, fastest, counted = (float(word) for word in done.stdout.split())
    return {"switch_interval_s": interval, "woken_thread_waits_ms_fastest": fastest * 1000,
            "wake_ups_counted": int(counted)}


SWITCH_INTERVAL_DEFAULT = Claim(
    id="switch-interval-default-5-ms",
    statement={
        "en": "By default a thread that wants the GIL asks the running thread to give it up after 5 ms: in a "
        "fresh interpreter `sys.getswitchinterval()` is 0.005, and a thread that wakes from a sleep while "
        "another computes gets the GIL back 4.5–10 ms later (the fastest of at least 20 wake-ups).",
        "ru": "По умолчанию поток, которому нужен GIL, просит работающий поток отдать его через 5 мс: в свежем "
        "интерпретаторе `sys.getswitchinterval()` равен 0,005, а поток, проснувшийся, пока другой считает, "
        "получает GIL обратно через 4,5–10 мс (самое быстрое не менее чем из 20 пробуждений).",
    },
    measure=switch_interval_figures,
    control=lambda: switch_interval_figures(before="sys.setswitchinterval(0.001)"),  # a changed interval
    expect=(
        exactly("switch_interval_s", 0.005, why="the documented default; setswitchinterval changes it"),
        at_least("wake_ups_counted", 20, why="20 wake-ups while the other thread held the GIL, within 10 s"),
        at_least("woken_thread_waits_ms_fastest", 4.5, why="the waiter asks for the GIL only after a whole "
                 "interval; 0.5 ms for the timer's slack"),
        at_most("woken_thread_waits_ms_fastest", 10, why="once asked, the computing thread lets go at its next "
                "check, within microseconds; the fastest wake-up is late by one interval, not two"),
    ),
    requires=(needs_gil(),),
)

# --- Processes: one GIL each ---------------------------------------------------------------------


def process_round(cpus, size, pieces):
    """Two processes computing fib in pieces; each reports its own CPU time from os.times()."""
    import multiprocessing

    from snippets.gil.workers import send_timed_pieces

    ready, results = multiprocessing.Barrier(2), multiprocessing.Queue()
    processes = [multiprocessing.Process(target=send_timed_pieces, args=(results, "python", size, pieces, cpu, ready))
                 for cpu in cpus]
    wall = time.perf_counter()
    for process in processes:
        process.start()
    (pieces_a, cpu_a), (pieces_b, cpu_b) = (results.get() for _ in processes)
    for process in processes:
        process.join()
    return pieces_a, pieces_b, time.perf_counter() - wall, cpu_a + cpu_b


def threads_sharing_one_gil(cpus, size, pieces):
    """The same work in two threads of this process: one interpreter, one GIL between them."""
    job = pieces_job("python", size, pieces)
    return thread_round(job, job, cpus)


def one_gil_or_one_cpu(cpus, size, pieces):
    """The controls' broken premise: two threads of this interpreter, which share its GIL. With the
    GIL off (a free-threaded build) there is no GIL to share, so the two threads share one CPU."""
    gil_on = getattr(sys, "_is_gil_enabled", lambda: True)()
    return threads_sharing_one_gil(cpus if gil_on else same_cpu_twice(), size, pieces)


def process_figures(one_round=process_round, budget_s=1.2, size=17, pieces=250):
    sequential = time.perf_counter()
    timed_pieces("python", size, 2 * pieces)
    sequential = time.perf_counter() - sequential
    watched = watch_overlap(lambda: one_round(two_cpus(), size, pieces), budget_s=budget_s)
    return {"sequential_s": sequential, "two_processes_s": watched["fastest_round_s"],
            "speedup": sequential / watched["fastest_round_s"], "rounds": watched["rounds"],
            "children_cpu_per_wall": watched["cpu_per_wall"], "both_running_ms": watched["both_running_ms"]}


PROCESSES_RUN_IN_PARALLEL = Claim(
    id="processes-run-python-in-parallel",
    statement={
        "en": "Each process has its own interpreter and its own GIL: two processes computing pure-Python fib run "
        "at the same time.",
        "ru": "У каждого процесса свой интерпретатор и свой GIL: два процесса, вычисляющие fib на чистом Python, "
        "работают одновременно.",
    },
    measure=process_figures,
    # premise broken: the same work in two threads of one process, which share its one GIL (one
    # CPU where the GIL is off)
    control=lambda: process_figures(one_round=one_gil_or_one_cpu, budget_s=0.3),
    expect=(at_least("both_running_ms", 1, why="one GIL (or one CPU) between them gives 0 ms; two idle CPUs "
                     "20 ms in one round"),),
    requires=(needs_cpus(2),),
)

# --- asyncio does not need the GIL released ------------------------------------------------------

REPLY_DELAY = 0.1


async def wait_in_a_thread(port):
    """A negative control: the same wait handed to a helper thread."""
    await asyncio.to_thread(time.sleep, REPLY_DELAY)


def asyncio_thread_figures(in_threads=False):
    """The experiment in a process of its own: in this one, threads of the host (a server, a test
    runner) may start and end while it runs, and would count as the experiment's."""
    code = (
        "import json\nfrom snippets.gil.claims import asyncio_threads_here\n"
        f"print(json.dumps(asyncio_threads_here(in_threads={in_threads!r})))"
    )
    return json.loads(run_python(code))


def asyncio_threads_here(in_threads=False):
    """Threads started while three waits run. The waits connect to 127.0.0.1: a numeric address needs
    no name resolution, which loop.getaddrinfo() would run in a thread of the default executor."""
    wait = wait_in_a_thread if in_threads else socket_wait

    async def experiment():
        server = await asyncio.start_server(answer_after(REPLY_DELAY), "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        before = set(threading.enumerate())
        seen = set()
        waits = asyncio.gather(*(wait(port) for _ in range(3)))
        while not waits.done():
            seen |= set(threading.enumerate())
            await asyncio.sleep(0.01)
        await waits
        server.close()
        await server.wait_closed()
        return len(before), len(seen - before)

    threads_before, new_threads = run_async(experiment)
    return {"waits": 3, "threads_before": threads_before, "threads_started_during_waits": new_threads}


ASYNCIO_NEEDS_NO_EXTRA_THREAD = Claim(
    id="asyncio-socket-waits-start-no-thread",
    statement={
        "en": "While asyncio waits for three sockets connected to a numeric address (`127.0.0.1`), no other thread "
        "exists to take the GIL: the overlap comes from non-blocking sockets and the selector, not from releasing "
        "the GIL. A host name would start one: `loop.getaddrinfo()` resolves it in a thread of the default "
        "executor.",
        "ru": "Пока asyncio ждёт три сокета, подключённых по числовому адресу (`127.0.0.1`), нет ни одного другого "
        "потока, которому мог бы понадобиться GIL: перекрытие дают неблокирующие сокеты и селектор, а не "
        "освобождение GIL. Имя хоста запустило бы такой поток: `loop.getaddrinfo()` разрешает его в потоке "
        "исполнителя по умолчанию.",
    },
    measure=asyncio_thread_figures,
    control=lambda: asyncio_thread_figures(in_threads=True),  # premise broken: waits in helper threads
    expect=(exactly("threads_started_during_waits", 0, why="handing each wait to a thread starts 3"),),
)


# --- Experiments for the GIL lab -----------------------------------------------------------------


def threads_speedup_figures(kind="python", size=20, pieces=20, threads=2, rounds=3, switch_interval=None):
    """The same work done `threads` times: one after another, then in `threads` threads at once.

    kind: "python" (fib(size)), "hash" (size calls on 256 KiB), "small-hash" (the same in 1,000-byte
    calls), "zlib" (size × 16 KiB) or "sleep" (size ms); each job does `pieces` of them.
    """
    from snippets.gil.workers import WORK

    def job():
        for _ in range(pieces):
            WORK[kind](size)

    def one_after_another():
        for _ in range(threads):
            job()

    previous = sys.getswitchinterval()
    if switch_interval is not None:
        sys.setswitchinterval(switch_interval)
    try:
        job()  # warm up
        timings = interleaved({"sequential": one_after_another, "threads": in_threads(job, threads)}, rounds)
    finally:
        sys.setswitchinterval(previous)
    return {
        "sequential_s": median_wall(timings["sequential"]),
        "threads_s": median_wall(timings["threads"]),
        "speedup": median_ratio(timings["sequential"], timings["threads"]),
        "cpu_per_wall_in_threads": median_parallelism(timings["threads"]),
    }


def gil_wait_ms(switch_interval=None, naps=30, nap=0.002):
    """While another thread computes in pure Python, how late (median, in ms) this thread wakes
    from a `nap`-second sleep: with the GIL, it must wait for the other thread to let go."""
    import statistics

    from snippets.gil.workers import fib

    previous, stop, late = sys.getswitchinterval(), threading.Event(), []

    def compute():
        while not stop.is_set():
            fib(15)

    if switch_interval is not None:
        sys.setswitchinterval(switch_interval)
    computing = threading.Thread(target=compute)
    try:
        computing.start()
        for _ in range(naps):
            start = time.perf_counter()
            time.sleep(nap)
            late.append(time.perf_counter() - start - nap)
    finally:
        stop.set()
        computing.join()
        sys.setswitchinterval(previous)
    return statistics.median(late) * 1000


# What each figure is, for people: the id stays the key in claims.json.
FIGURE_LABELS = {
    "before": {"en": "reference count of a new list before storing one more reference",
               "ru": "счётчик ссылок нового списка до сохранения ещё одной ссылки"},
    "after_adding": {"en": "reference count after storing one more reference",
                     "ru": "счётчик ссылок после сохранения ещё одной ссылки"},
    "after_dropping": {"en": "reference count after that reference was dropped",
                       "ru": "счётчик ссылок после удаления этой ссылки"},
    "change_on_adding": {"en": "change in the count after adding a reference",
                         "ru": "изменение счётчика после добавления ссылки"},
    "change_on_dropping": {"en": "change in the count after dropping the reference",
                           "ru": "изменение счётчика после удаления ссылки"},
    "references_added": {"en": "new references stored to each object",
                         "ru": "новых ссылок, сохранённых на каждый объект"},
    "none_count_change": {"en": "change in None's reference count after those references",
                          "ru": "изменение счётчика ссылок None после этих ссылок"},
    "small_int_count_change": {"en": "change in the reference count of a small integer (7)",
                               "ru": "изменение счётчика ссылок маленького целого числа (7)"},
    "threads": {"en": "threads adding to the shared counter", "ru": "потоков, увеличивающих общий счётчик"},
    "additions_per_thread": {"en": "additions of 1 each thread made to the shared counter",
                             "ru": "прибавлений единицы к общему счётчику в каждом потоке"},
    "trials": {"en": "runs of the two-thread experiment", "ru": "прогонов опыта с двумя потоками"},
    "lost_in_all_trials": {"en": "additions lost, summed over all runs",
                           "ru": "потерянных прибавлений за все прогоны вместе"},
    "lost_updates": {"en": "additions to the shared counter that were lost",
                     "ru": "потерянных прибавлений к общему счётчику"},
    "additions": {"en": "additions of 1 made by both threads together",
                  "ru": "прибавлений единицы обоими потоками вместе"},
    "lost_share": {"en": "share of all additions that were lost", "ru": "доля потерянных прибавлений среди всех"},
    "sequential_s": {"en": "time of the same work done one job after the other, s",
                     "ru": "время той же работы, выполненной по очереди, с"},
    "two_threads_s": {"en": "time of the fastest round in two threads, s",
                      "ru": "время самого быстрого раунда в двух потоках, с"},
    "speedup": {"en": "time one after the other over the fastest round's time",
                "ru": "время работы по очереди, делённое на время самого быстрого раунда"},
    "rounds": {"en": "rounds run until enough overlap was seen or time ran out",
               "ru": "раундов, выполненных, пока не набралось достаточное перекрытие или не вышло время"},
    "cpu_per_wall_in_threads": {"en": "CPU seconds used per wall-clock second in two threads",
                                "ru": "секунд процессора на секунду реального времени в двух потоках"},
    "both_running_ms": {"en": "time both threads or processes ran at the same instant, ms",
                        "ru": "время одновременной работы обоих потоков или процессов, мс"},
    "one_wait_s": {"en": "length of one wait, s", "ru": "длительность одного ожидания, с"},
    "both_waits_in_waits": {"en": "time of the two waits together, in lengths of one wait",
                            "ru": "время двух ожиданий вместе, делённое на длительность одного"},
    "cpu_s": {"en": "CPU time the process used in the shortest round, s",
              "ru": "процессорное время процесса в самом коротком раунде, с"},
    "hash_speedup": {"en": "hashlib: speed-up of two threads over one doing both jobs",
                     "ru": "hashlib: ускорение двух потоков по сравнению с одним, выполняющим обе работы"},
    "hash_cpu_per_wall": {"en": "hashlib: CPU seconds per wall-clock second in two threads",
                          "ru": "hashlib: секунд процессора на секунду реального времени в двух потоках"},
    "hash_both_running_ms": {"en": "hashlib: time both threads ran at the same instant, ms",
                             "ru": "hashlib: время одновременной работы обоих потоков, мс"},
    "zlib_speedup": {"en": "zlib: speed-up of two threads over one doing both jobs",
                     "ru": "zlib: ускорение двух потоков по сравнению с одним, выполняющим обе работы"},
    "zlib_cpu_per_wall": {"en": "zlib: CPU seconds per wall-clock second in two threads",
                          "ru": "zlib: секунд процессора на секунду реального времени в двух потоках"},
    "zlib_both_running_ms": {"en": "zlib: time both threads ran at the same instant, ms",
                             "ru": "zlib: время одновременной работы обоих потоков, мс"},
    "bytes_per_call": {"en": "input hashlib gets in one call, bytes",
                       "ru": "объём данных для hashlib в одном вызове, байт"},
    "switch_interval_s": {"en": "switch interval of a fresh interpreter, s",
                          "ru": "интервал переключения в свежем интерпретаторе, с"},
    "woken_thread_waits_ms_fastest": {"en": "shortest wait for the GIL after a 2 ms sleep ended, ms",
                                      "ru": "самое короткое ожидание GIL после окончания сна в 2 мс, мс"},
    "wake_ups_counted": {"en": "wake-ups counted while the other thread held the GIL",
                         "ru": "пробуждений, пришедшихся на время, когда GIL держал другой поток"},
    "two_processes_s": {"en": "time of the fastest round in two processes, s",
                        "ru": "время самого быстрого раунда в двух процессах, с"},
    "children_cpu_per_wall": {"en": "CPU seconds the two child processes used per wall-clock second",
                              "ru": "секунд процессора двух дочерних процессов на секунду реального времени"},
    "waits": {"en": "socket waits run at the same time", "ru": "одновременных ожиданий сокетов"},
    "threads_before": {"en": "threads in the process before the waits began",
                       "ru": "потоков в процессе до начала ожиданий"},
    "threads_started_during_waits": {"en": "threads that appeared while the waits ran",
                                     "ru": "потоков, появившихся за время ожиданий"},
}
