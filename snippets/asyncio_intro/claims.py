"""Claims of the page "What asyncio is", with the experiments that back them."""

import asyncio
import threading
import time
import types
from concurrent.futures import ProcessPoolExecutor

from snippets.asyncio_intro.workers import count_primes
from verified import Claim, at_least, at_most, exactly, needs_python, run_async

# --- A coroutine pauses at an await and resumes where it stopped --------------------------------


@types.coroutine
def pause():
    reply = yield "paused"
    return reply


async def returns_at_once():
    return "no pause"


def driven_by_hand(awaited=pause):
    """Drive a coroutine with send() and record what ran when."""
    log = []

    async def greet():
        log.append("started")
        reply = await awaited()
        log.append(f"resumed with {reply}")
        return "finished"

    coroutine = greet()
    ran_before_first_send = len(log)
    finished_on_first_send = False
    try:
        coroutine.send(None)
    except StopIteration:
        finished_on_first_send = True
    ran_before_resume = len(log)
    finished_on_resume = False
    if not finished_on_first_send:
        try:
            coroutine.send("hello")
        except StopIteration as stop:
            finished_on_resume = stop.value == "finished"
    return {
        "steps_run_before_first_send": ran_before_first_send,
        "finished_on_first_send": int(finished_on_first_send),
        "steps_run_while_paused": ran_before_resume,
        "resumed_with_the_value_sent": int("resumed with hello" in log),
        "finished_on_resume": int(finished_on_resume),
    }


COROUTINE_PAUSES = Claim(
    id="coroutine-pauses-at-await-and-resumes",
    statement={
        "en": "A coroutine runs only when it is resumed: it stops at an await that pauses, hands control back to "
        "its caller, and later continues from that point with the value it is resumed with.",
        "ru": "Сопрограмма выполняется, только когда её возобновляют: она останавливается на await, который "
        "приостанавливает её, возвращает управление вызывающему, а позже продолжает с того же места со "
        "значением, переданным при возобновлении.",
    },
    measure=driven_by_hand,
    control=lambda: driven_by_hand(awaited=returns_at_once),
    expect=(
        exactly("steps_run_before_first_send", 0, why="creating a coroutine object runs none of its code"),
        exactly("finished_on_first_send", 0, why="it stops at the await instead of running to the end"),
        exactly("steps_run_while_paused", 1, why="only the code before the await has run"),
        exactly("finished_on_resume", 1, why="the second send() resumes it after the await, to its end"),
    ),
)

# --- The event loop runs every task on one thread ------------------------------------------------


def loop_thread_figures(tasks=100, off_the_loop=False):
    async def record(idents):
        for _ in range(3):
            if off_the_loop:  # the control: ask from a worker thread instead
                idents.append(await asyncio.to_thread(threading.get_ident))
            else:
                idents.append(threading.get_ident())
            await asyncio.sleep(0)

    async def main():
        idents = []
        await asyncio.gather(*(record(idents) for _ in range(tasks)))
        return threading.get_ident(), idents

    loop_thread, idents = run_async(main)
    return {
        "tasks": tasks,
        "steps_recorded": len(idents),
        "distinct_threads": len(set(idents)),
        "all_on_the_loop_thread": int(set(idents) == {loop_thread}),
    }


LOOP_ONE_THREAD = Claim(
    id="event-loop-runs-all-tasks-on-one-thread",
    statement={
        "en": "The event loop runs every task on one thread, the thread that runs the loop: 100 tasks, paused "
        "and resumed three times each, all report the same threading.get_ident().",
        "ru": "Цикл событий выполняет все задачи в одном потоке — в том, где работает сам цикл: 100 задач, каждая "
        "трижды приостановленная и возобновлённая, сообщают один и тот же threading.get_ident().",
    },
    measure=loop_thread_figures,
    control=lambda: loop_thread_figures(off_the_loop=True),
    expect=(
        exactly("distinct_threads", 1, why="one loop, one thread"),
        exactly("all_on_the_loop_thread", 1, why="the thread is the one that called asyncio.run()"),
    ),
)

# --- Python 3.4's generator-based coroutines are gone ---------------------------------------------


def old_style_figures(module=asyncio):
    pending = asyncio.sleep(0)

    def old_style_coroutine():  # the body @asyncio.coroutine used to decorate, without the decorator
        yield from pending

    try:
        module.run(old_style_coroutine())
        old_style_runs = 1
    except (TypeError, ValueError):
        # 3.11 runs the generator, which fails: "cannot 'yield from' a coroutine object in a
        # non-coroutine generator"; later versions refuse it up front ("a coroutine was expected",
        # or "an awaitable is required" where asyncio.run() accepts any awaitable)
        old_style_runs = 0
    finally:
        pending.close()  # never awaited on purpose: closing it spares a RuntimeWarning
    return {
        "has_asyncio_coroutine": int(hasattr(module, "coroutine")),
        "old_style_coroutine_runs": old_style_runs,
        "has_asyncio_run": int(hasattr(module, "run")),
        "has_task_group": int(hasattr(module, "TaskGroup")),
    }


# The control: an asyncio as it was before 3.11, still with the 3.4 decorator (and a runner that accepts anything).
LEGACY_ASYNCIO = types.SimpleNamespace(coroutine=lambda function: function, run=lambda awaitable: None,
                                       TaskGroup=object)

OLD_STYLE_GONE = Claim(
    id="asyncio-coroutine-decorator-removed",
    statement={
        "en": "Python 3.4's way of writing coroutines no longer runs: asyncio.coroutine does not exist, a "
        "generator that does `yield from` a coroutine fails under asyncio.run(), and the async/await API "
        "(asyncio.run, asyncio.TaskGroup) is what remains.",
        "ru": "Способ писать сопрограммы из Python 3.4 больше не работает: asyncio.coroutine не существует, "
        "генератор, делающий `yield from` сопрограммы, падает в asyncio.run(), а остаётся API на async/await "
        "(asyncio.run, asyncio.TaskGroup).",
    },
    measure=old_style_figures,
    control=lambda: old_style_figures(module=LEGACY_ASYNCIO),
    expect=(
        exactly("has_asyncio_coroutine", 0, why="removed in Python 3.11 (deprecated since 3.8)"),
        exactly("old_style_coroutine_runs", 0, why="without the decorator a generator cannot await a coroutine"),
        exactly("has_task_group", 1, why="added in Python 3.11"),
    ),
    requires=(needs_python(3, 11),),
)

# --- CPU work in a process pool leaves the event loop free -----------------------------------------

TICK_S = 0.01
PRIMES_UP_TO = 150_000  # about 0.2 s of pure-Python work


def responsiveness_figures(in_a_process=True):
    async def main():
        loop = asyncio.get_running_loop()
        ticks = 0

        async def ticker():
            nonlocal ticks
            while True:
                await asyncio.sleep(TICK_S)
                ticks += 1

        with ProcessPoolExecutor(max_workers=1) as pool:
            await loop.run_in_executor(pool, count_primes, 10)  # the worker process is up before timing
            ticking = asyncio.create_task(ticker())
            await asyncio.sleep(0)
            before, wall, cpu = ticks, time.perf_counter(), time.process_time()
            if in_a_process:
                await loop.run_in_executor(pool, count_primes, PRIMES_UP_TO)
            else:  # the control: the same call, on the loop's own thread
                count_primes(PRIMES_UP_TO)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            during = ticks - before
            ticking.cancel()
        return during, wall, cpu

    during, wall, cpu = run_async(main)
    return {
        "computing_s": wall,
        "ticks_while_computing": during,
        "ticks_if_never_blocked": int(wall / TICK_S),
        "loop_process_cpu_per_wall": cpu / wall,
    }


PROCESS_POOL_KEEPS_LOOP_FREE = Claim(
    id="process-pool-keeps-event-loop-responsive",
    statement={
        "en": "CPU-bound work handed to a process pool with loop.run_in_executor() does not block the event loop: "
        "a ticker task keeps ticking while it runs, and the loop's process hardly uses the CPU meanwhile.",
        "ru": "Счётная работа, переданная пулу процессов через loop.run_in_executor(), не блокирует цикл событий: "
        "задача-тикер продолжает тикать, пока она идёт, а процесс цикла тем временем почти не нагружает CPU.",
    },
    measure=responsiveness_figures,
    control=lambda: responsiveness_figures(in_a_process=False),
    expect=(
        at_least("ticks_while_computing", 5, why="a free loop ticks every 10 ms (~20 in 0.2 s); a blocked one: 0"),
        at_most("loop_process_cpu_per_wall", 0.5, why="the work runs in another process: measured ~0.01-0.05"),
    ),
)

# --- A coroutine is not a thread: no other task of its loop runs while it computes ----------------

HOG_S = 0.05


def busy_for(seconds):
    """Compute for `seconds` of this thread's CPU time (time spent switched out does not count)."""
    deadline = time.thread_time() + seconds
    while time.thread_time() < deadline:
        pass


def others_during(log):
    """How many 'other' entries fall between 'hog starts' and 'hog ends'."""
    start, end = log.index("hog starts"), log.index("hog ends")
    return sum(1 for entry in log[start:end] if entry == "other")


def preemption_figures(hog_awaits=False):
    task_log = []

    async def hog():
        task_log.append("hog starts")
        busy_for(HOG_S / 2)
        if hog_awaits:  # the control: a single pause lets the other tasks in
            await asyncio.sleep(0)
        busy_for(HOG_S / 2)
        task_log.append("hog ends")

    async def other():
        task_log.append("other")

    async def main():
        await asyncio.gather(hog(), other(), other())

    run_async(main)

    thread_log, hog_started = [], threading.Event()

    def hog_thread():
        thread_log.append("hog starts")
        hog_started.set()
        # Never pauses: the others get in only by preemption (with the GIL) or on another CPU
        # (without it). It computes until they have run (or 10 s), not for a fixed time: on a busy
        # free-threaded build the others could otherwise start after a short computation ended.
        give_up = time.monotonic() + 10
        busy_for(HOG_S * 2)
        while thread_log.count("other") < 2 and time.monotonic() < give_up:
            busy_for(0.001)
        thread_log.append("hog ends")

    hog = threading.Thread(target=hog_thread)
    others = [threading.Thread(target=thread_log.append, args=("other",)) for _ in range(2)]
    hog.start()
    hog_started.wait()  # the others start while the hog computes, never before it began
    for thread in others:
        thread.start()
    for thread in (hog, *others):
        thread.join()
    return {
        "tasks_run_while_coroutine_computes": others_during(task_log),
        "threads_run_while_thread_computes": others_during(thread_log),
    }


COROUTINE_NOT_PREEMPTED = Claim(
    id="coroutine-is-not-preempted",
    statement={
        "en": "A coroutine is not a thread: while it computes without an await, no other task runs. A thread "
        "that computes the same way does not hold the other threads up: they run before it has finished (with "
        "the GIL it is made to hand the lock over; without the GIL they run beside it).",
        "ru": "Сопрограмма — не поток: пока она считает без await, никакая другая задача не выполняется. Поток, "
        "который считает так же, другие потоки не задерживает: они выполняются, пока он ещё не закончил (при "
        "GIL его заставляют отдать блокировку, без GIL они работают одновременно с ним).",
    },
    measure=preemption_figures,
    control=lambda: preemption_figures(hog_awaits=True),
    expect=(
        exactly("tasks_run_while_coroutine_computes", 0, why="the loop cannot take control from a running coroutine"),
        at_least("threads_run_while_thread_computes", 1,
                 why="threads are preempted: with the GIL after 5 ms (sys.getswitchinterval()); without it they run at once"),
    ),
)


# What each figure is, for people: the id stays the key in claims.json.
FIGURE_LABELS = {
    "steps_run_before_first_send": {"en": "steps of the coroutine run before the first send()",
                                    "ru": "шагов сопрограммы, выполненных до первого send()"},
    "finished_on_first_send": {"en": "1 if the first send() ran the coroutine to its end",
                               "ru": "1, если первый send() довёл сопрограмму до конца"},
    "steps_run_while_paused": {"en": "steps run by the time the coroutine paused",
                               "ru": "шагов, выполненных к моменту приостановки сопрограммы"},
    "resumed_with_the_value_sent": {"en": "1 if the coroutine resumed with the value passed to send()",
                                    "ru": "1, если сопрограмма продолжила работу со значением, переданным в send()"},
    "finished_on_resume": {"en": "1 if the second send() ran the coroutine to its end",
                           "ru": "1, если второй send() довёл сопрограмму до конца"},
    "tasks": {"en": "tasks run on the loop", "ru": "задач в цикле событий"},
    "steps_recorded": {"en": "thread ids recorded, three per task",
                       "ru": "записанных идентификаторов потоков, по три на задачу"},
    "distinct_threads": {"en": "different threads the tasks' steps ran on",
                         "ru": "разных потоков, в которых выполнялись шаги задач"},
    "all_on_the_loop_thread": {"en": "1 if every step ran on the thread that runs the loop",
                               "ru": "1, если все шаги выполнялись в потоке цикла событий"},
    "has_asyncio_coroutine": {"en": "1 if asyncio.coroutine exists", "ru": "1, если asyncio.coroutine существует"},
    "old_style_coroutine_runs": {"en": "1 if a generator-based coroutine runs under asyncio.run()",
                                 "ru": "1, если сопрограмма на основе генератора выполняется в asyncio.run()"},
    "has_asyncio_run": {"en": "1 if asyncio.run exists", "ru": "1, если asyncio.run существует"},
    "has_task_group": {"en": "1 if asyncio.TaskGroup exists", "ru": "1, если asyncio.TaskGroup существует"},
    "computing_s": {"en": "time the CPU-bound call took, s", "ru": "время счётного вызова, с"},
    "ticks_while_computing": {"en": "ticker ticks while the CPU-bound call ran",
                              "ru": "тиков задачи-тикера за время счётного вызова"},
    "ticks_if_never_blocked": {"en": "ticks a never-blocked loop would fit into that time",
                               "ru": "тиков, которые незаблокированный цикл уместил бы в это время"},
    "loop_process_cpu_per_wall": {"en": "CPU seconds per wall-clock second used by the loop's process meanwhile",
                                  "ru": "секунд процессора на секунду реального времени у процесса цикла за это время"},
    "tasks_run_while_coroutine_computes": {"en": "other tasks that ran while a coroutine computed",
                                           "ru": "других задач, успевших выполниться, пока сопрограмма считала"},
    "threads_run_while_thread_computes": {"en": "other threads that ran while a thread computed",
                                          "ru": "других потоков, успевших выполниться, пока поток считал"},
}
