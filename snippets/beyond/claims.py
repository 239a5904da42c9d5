"""Claims of the page "Beyond the chapter": newer CPython, each gated on the build it needs."""

import asyncio
import os
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

from snippets.gil.claims import one_gil_or_one_cpu, two_cpus, watch_overlap
from verified import Claim, at_least, exactly, needs_cpus, needs_python, run_async
from verified.claims import Requirement

ROOT = Path(__file__).resolve().parents[2]


def _python_version(env):
    return tuple(int(part) for part in env.python.split(".")[:2])


def needs_free_threaded_build():
    return Requirement(
        lambda env: env.free_threaded_build,
        {"en": "needs a free-threaded build (this is a {env.build} build)",
         "ru": "нужна free-threaded сборка (здесь сборка {env.build})"},
        "free-threaded-build",
    )


def needs_linux():
    return Requirement(
        lambda env: env.platform.startswith("Linux"),
        {"en": "needs Linux (this is {env.platform})", "ru": "нужен Linux (здесь {env.platform})"},
        "linux",
    )


def needs_python_before(major, minor):
    return Requirement(
        lambda env: _python_version(env) < (major, minor),
        {"en": f"needs Python older than {major}.{minor} (this is {{env.python}})",
         "ru": f"нужен Python до {major}.{minor} (здесь {{env.python}})"},
        f"python<{major}.{minor}",
    )


def _has_interpreter_pool():
    try:
        from concurrent.futures import InterpreterPoolExecutor  # noqa: F401  (Python 3.14+)
    except ImportError:
        return False
    return True


def needs_interpreter_pool():
    return Requirement(
        lambda env: _has_interpreter_pool(),
        {"en": "needs concurrent.futures.InterpreterPoolExecutor (Python 3.14+)",
         "ru": "нужен concurrent.futures.InterpreterPoolExecutor (Python 3.14+)"},
        "interpreter-pool",
    )


def ask_fresh_python(code, *options, env=None):
    """Run `code` in a new interpreter and return what it printed, or None if it failed to start."""
    done = subprocess.run([sys.executable, *options, "-c", code], capture_output=True, text=True, env=env)
    return done.stdout.strip() if done.returncode == 0 else None


# --- Switching the GIL back on in a free-threaded build ------------------------------------------

GIL_STATE = "import sys; print(int(sys._is_gil_enabled()))"


def gil_switch_figures(on="1", off="0"):
    """Whether the GIL is on in a fresh interpreter started with PYTHON_GIL=`on`, =`off`, and -X gil=`on`.
    -1: the interpreter refused to start (a build with the GIL cannot turn it off)."""
    plain = {k: v for k, v in os.environ.items() if k != "PYTHON_GIL"}

    def state(*options, **extra):
        printed = ask_fresh_python(GIL_STATE, *options, env=plain | extra)
        return int(printed) if printed is not None else -1

    return {
        "gil_on_with_PYTHON_GIL_1": state(PYTHON_GIL=on),
        "gil_on_with_PYTHON_GIL_0": state(PYTHON_GIL=off),
        "gil_on_with_X_gil_1": state("-X", f"gil={on}"),
        "gil_on_by_default": state(),
    }


GIL_CAN_BE_SWITCHED_BACK_ON = Claim(
    id="free-threaded-gil-switch",
    statement={
        "en": "A free-threaded build can run with the GIL after all: `PYTHON_GIL=1` or `-X gil=1` turns it on "
        "for the whole process, `PYTHON_GIL=0` keeps it off.",
        "ru": "Free-threaded сборку всё же можно запустить с GIL: `PYTHON_GIL=1` или `-X gil=1` включают его для "
        "всего процесса, `PYTHON_GIL=0` оставляет выключенным.",
    },
    measure=gil_switch_figures,
    control=lambda: gil_switch_figures(on="0", off="1"),  # premise broken: the settings swapped
    expect=(
        exactly("gil_on_with_PYTHON_GIL_1", 1, why="1 asks for the GIL"),
        exactly("gil_on_with_X_gil_1", 1, why="the command-line twin of PYTHON_GIL=1"),
        exactly("gil_on_with_PYTHON_GIL_0", 0, why="0 asks for no GIL"),
    ),
    requires=(needs_free_threaded_build(),),
)

# --- Subinterpreters, one GIL each ----------------------------------------------------------------


def interpreter_figures(budget_s=1.2, size=17, pieces=250, one_interpreter=False):
    """Two subinterpreters (Python 3.14's InterpreterPoolExecutor) computing fib in pieces; or, as the
    control, two threads of this one interpreter, which share its GIL (one CPU where it is off)."""
    if one_interpreter:
        watched = watch_overlap(lambda: one_gil_or_one_cpu(two_cpus(), size, pieces), budget_s=budget_s)
        return {"rounds": watched["rounds"], "cpu_per_wall": watched["cpu_per_wall"],
                "both_running_ms": watched["both_running_ms"]}
    if not _has_interpreter_pool():  # an older Python: nothing can run, so nothing overlaps
        return {"rounds": 0, "cpu_per_wall": 0.0, "both_running_ms": 0.0}
    import site
    from concurrent.futures import InterpreterPoolExecutor

    from snippets.beyond.workers import timed_fib

    # Each worker interpreter builds its own sys.path; give it the project's root so that it can
    # import the worker module the function is pickled by reference to.
    with InterpreterPoolExecutor(max_workers=2, initializer=site.addsitedir, initargs=(str(ROOT),)) as pool:

        def one_round():
            wall, used = time.perf_counter(), time.process_time()
            futures = [pool.submit(timed_fib, size, pieces, cpu) for cpu in two_cpus()]
            pieces_a, pieces_b = (future.result() for future in futures)
            return pieces_a, pieces_b, time.perf_counter() - wall, time.process_time() - used

        watched = watch_overlap(one_round, budget_s=budget_s)
    return {"rounds": watched["rounds"], "cpu_per_wall": watched["cpu_per_wall"],
            "both_running_ms": watched["both_running_ms"]}


INTERPRETERS_RUN_IN_PARALLEL = Claim(
    id="interpreters-run-python-in-parallel",
    statement={
        "en": "Since Python 3.14, two subinterpreters in one process (`InterpreterPoolExecutor`) run pure-Python "
        "code at the same time: on a build with the GIL each has its own (PEP 684, PEP 734); a free-threaded "
        "build, with its GIL off, has none to share.",
        "ru": "Начиная с Python 3.14 два подинтерпретатора в одном процессе (`InterpreterPoolExecutor`) выполняют "
        "чистый Python одновременно: в сборке с GIL у каждого он свой (PEP 684, PEP 734), а в free-threaded "
        "сборке с выключенным GIL делить нечего.",
    },
    measure=interpreter_figures,
    # premise broken: one interpreter, so one GIL, for the two workers (threads of it; one CPU
    # where the GIL is off)
    control=lambda: interpreter_figures(one_interpreter=True, budget_s=0.3),
    expect=(at_least("both_running_ms", 1, why="one GIL (or one CPU) between them gives 0 ms; two idle CPUs "
                     "20 ms at once"),),
    requires=(needs_python(3, 14), needs_interpreter_pool(), needs_cpus(2)),
)

# --- The default start method ---------------------------------------------------------------------


def start_method_figures(chosen_first=""):
    """The start method a fresh interpreter uses when the program does not choose one.

    Asked in a new process: calling get_start_method() here would fix the default for this one.
    """
    choose = f"m.set_start_method({chosen_first!r}); " if chosen_first else ""
    method = ask_fresh_python(f"import multiprocessing as m; {choose}print(m.get_start_method())", "-I")
    return {"default_start_method": method, "is_forkserver": int(method == "forkserver"),
            "is_fork": int(method == "fork")}


def fork_lock_figures(held_at_fork=True, wait_s=0.3):
    """Fork while another thread holds a lock; can the child take that lock?"""
    lock, taken, done = threading.Lock(), threading.Event(), threading.Event()

    def holder():
        with lock:
            taken.set()
            done.wait()

    thread = threading.Thread(target=holder)
    if held_at_fork:
        thread.start()
        taken.wait()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # Python 3.12+ warns about exactly this
        pid = os.fork()
    if pid == 0:  # the child: only the thread that forked exists here
        os._exit(0 if lock.acquire(timeout=wait_s) else 1)
    done.set()
    if held_at_fork:
        thread.join()
    _, status = os.waitpid(pid, 0)
    return {"lock_held_at_fork": int(held_at_fork), "child_waited_s": wait_s,
            "child_took_the_lock": int(os.waitstatus_to_exitcode(status) == 0)}


FORK_COPIES_HELD_LOCK = Claim(
    id="fork-copies-a-held-lock",
    statement={
        "en": "fork copies a lock that another thread holds at that moment; in the child no thread will ever "
        "release it.",
        "ru": "fork копирует блокировку, которую в этот момент держит другой поток; в дочернем процессе её уже "
        "никто никогда не отпустит.",
    },
    measure=fork_lock_figures,
    control=lambda: fork_lock_figures(held_at_fork=False),  # premise broken: nobody holds the lock at fork
    expect=(exactly("child_took_the_lock", 0, why="a lock free at fork time is taken at once"),),
    requires=(needs_linux(),),
)

FORKSERVER_DEFAULT = Claim(
    id="forkserver-default-start-method-linux",
    statement={
        "en": "Since Python 3.14, multiprocessing on Linux starts processes with *forkserver* by default.",
        "ru": "Начиная с Python 3.14 multiprocessing в Linux по умолчанию запускает процессы методом *forkserver*.",
    },
    measure=start_method_figures,
    control=lambda: start_method_figures(chosen_first="fork"),  # premise broken: a program that chose fork
    expect=(exactly("is_forkserver", 1, why="any other method means the default is not forkserver"),),
    requires=(needs_python(3, 14), needs_linux()),
)

FORK_DEFAULT_BEFORE_314 = Claim(
    id="fork-default-start-method-before-314",
    statement={
        "en": "Before Python 3.14, multiprocessing on Linux starts processes with *fork* by default.",
        "ru": "До Python 3.14 multiprocessing в Linux по умолчанию запускает процессы методом *fork*.",
    },
    measure=start_method_figures,
    control=lambda: start_method_figures(chosen_first="spawn"),  # premise broken: a program that chose spawn
    expect=(exactly("is_fork", 1, why="any other method means the default is not fork"),),
    requires=(needs_python_before(3, 14), needs_linux()),
)

# --- Blocking calls off the event loop ------------------------------------------------------------

TICK = 0.01  # seconds between the ticker's ticks
BLOCKING = 0.2  # seconds the blocking call takes


async def in_a_thread_with_to_thread():
    await asyncio.to_thread(time.sleep, BLOCKING)


async def in_a_thread_with_run_in_executor():
    await asyncio.get_running_loop().run_in_executor(None, time.sleep, BLOCKING)


async def on_the_loop(*_):
    time.sleep(BLOCKING)  # blocks the only thread the loop has


def ticker_figures(ways=(in_a_thread_with_to_thread, in_a_thread_with_run_in_executor)):
    """How often a 10 ms ticker ticked while a blocking call ran, for each way of making the call."""

    async def ticks_during(blocking_call):
        ticks = []

        async def ticker():
            while True:
                ticks.append(time.perf_counter())
                await asyncio.sleep(TICK)

        task = asyncio.create_task(ticker())
        await asyncio.sleep(0)  # let the ticker start
        start = time.perf_counter()
        await blocking_call()
        end = time.perf_counter()
        task.cancel()
        return sum(start < tick < end for tick in ticks)

    async def experiment():
        return [await ticks_during(way) for way in ways]

    to_thread, executor = run_async(experiment)
    return {"blocking_call_s": BLOCKING, "tick_every_s": TICK,
            "ticks_with_to_thread": to_thread, "ticks_with_run_in_executor": executor}


TO_THREAD_KEEPS_LOOP_RUNNING = Claim(
    id="to-thread-keeps-event-loop-running",
    statement={
        "en": "A blocking call handed to `asyncio.to_thread` or `loop.run_in_executor` runs in another thread, and "
        "the event loop keeps running meanwhile: a ticker keeps ticking.",
        "ru": "Блокирующий вызов, переданный в `asyncio.to_thread` или `loop.run_in_executor`, выполняется в другом "
        "потоке, а цикл событий тем временем продолжает работать: задача-тикер продолжает тикать.",
    },
    measure=ticker_figures,
    control=lambda: ticker_figures(ways=(on_the_loop, on_the_loop)),  # premise broken: the call blocks the loop
    expect=(
        at_least("ticks_with_to_thread", 5, why="~20 ticks fit into 0.2 s; a blocked loop ticks 0 times"),
        at_least("ticks_with_run_in_executor", 5, why="~20 ticks fit into 0.2 s; a blocked loop ticks 0 times"),
    ),
)


# What each figure is, for people: the id stays the key in claims.json.
FIGURE_LABELS = {
    "gil_on_with_PYTHON_GIL_1": {"en": "GIL on with PYTHON_GIL=1 (1 on, 0 off, -1 Python did not start)",
                                 "ru": "GIL включён при PYTHON_GIL=1 (1 — да, 0 — нет, -1 — Python не запустился)"},
    "gil_on_with_PYTHON_GIL_0": {"en": "GIL on with PYTHON_GIL=0 (1 on, 0 off, -1 Python did not start)",
                                 "ru": "GIL включён при PYTHON_GIL=0 (1 — да, 0 — нет, -1 — Python не запустился)"},
    "gil_on_with_X_gil_1": {"en": "GIL on with -X gil=1 (1 on, 0 off, -1 Python did not start)",
                            "ru": "GIL включён при -X gil=1 (1 — да, 0 — нет, -1 — Python не запустился)"},
    "gil_on_by_default": {"en": "GIL on with no setting (1 on, 0 off, -1 Python did not start)",
                          "ru": "GIL включён без настроек (1 — да, 0 — нет, -1 — Python не запустился)"},
    "rounds": {"en": "rounds run until enough overlap was seen or time ran out",
               "ru": "раундов, выполненных, пока не набралось достаточное перекрытие или не вышло время"},
    "cpu_per_wall": {"en": "CPU seconds per wall-clock second in two subinterpreters",
                     "ru": "секунд процессора на секунду реального времени в двух подинтерпретаторах"},
    "both_running_ms": {"en": "time both subinterpreters ran at the same instant, ms",
                        "ru": "время одновременной работы обоих подинтерпретаторов, мс"},
    "default_start_method": {"en": "start method of a fresh interpreter",
                             "ru": "способ запуска процессов в свежем интерпретаторе"},
    "is_forkserver": {"en": "1 if that start method is forkserver", "ru": "1, если этот способ запуска — forkserver"},
    "is_fork": {"en": "1 if that start method is fork", "ru": "1, если этот способ запуска — fork"},
    "lock_held_at_fork": {"en": "1 if another thread held the lock at fork time",
                          "ru": "1, если в момент fork блокировку держал другой поток"},
    "child_waited_s": {"en": "how long the child process would wait for the lock, s",
                       "ru": "сколько дочерний процесс готов был ждать блокировку, с"},
    "child_took_the_lock": {"en": "1 if the child process could take the lock",
                            "ru": "1, если дочерний процесс смог захватить блокировку"},
    "blocking_call_s": {"en": "length of the blocking call, s", "ru": "длительность блокирующего вызова, с"},
    "tick_every_s": {"en": "time between the ticker's ticks, s", "ru": "интервал между тиками, с"},
    "ticks_with_to_thread": {"en": "ticks during the call made with asyncio.to_thread",
                             "ru": "тиков во время вызова через asyncio.to_thread"},
    "ticks_with_run_in_executor": {"en": "ticks during the call made with loop.run_in_executor",
                                   "ru": "тиков во время вызова через loop.run_in_executor"},
}
