"""Claims of the page "Processes and threads", with the experiments that back them."""

import multiprocessing
import os
import queue
import re
import tempfile
import threading

from snippets.processes import simultaneity, workers
from snippets.concurrency.claims import needs_cpu_pinning
from verified import Claim, at_least, at_most, exactly, needs_cpus, needs_gil, run_listing

# --- A process has its own memory; threads share their process's memory -------------------------


def _start_process(target, results):
    worker = multiprocessing.get_context().Process(target=target, args=(results,))
    worker.start()
    return worker


def _start_thread(target, results):
    worker = threading.Thread(target=target, args=(results,))
    worker.start()
    return worker


def change_in(start):
    """Let a process or a thread change workers.GREETING; return what it saw and what we see."""
    results = multiprocessing.get_context().Queue() if start is _start_process else queue.Queue()
    workers.GREETING[0] = "set by the parent"
    worker = start(workers.change_greeting, results)
    seen_inside = results.get(timeout=60)
    worker.join()
    seen_here = workers.GREETING[0]
    workers.GREETING[0] = "set by the parent"
    return seen_inside == "changed by the child", seen_here == "changed by the child"


def memory_figures(child=_start_process):
    child_saw, parent_saw_child = change_in(child)
    thread_saw, parent_saw_thread = change_in(_start_thread)
    return {
        "child_sees_its_change": int(child_saw),
        "parent_sees_child_change": int(parent_saw_child),
        "thread_sees_its_change": int(thread_saw),
        "parent_sees_thread_change": int(parent_saw_thread),
    }


PROCESS_OWN_MEMORY = Claim(
    id="child-process-has-own-memory",
    statement={
        "en": "A child process that changes a global variable changes its own copy: the parent does not see "
        "the change. A thread that does the same changes the one variable its process has.",
        "ru": "Дочерний процесс, меняя глобальную переменную, меняет свою копию: родитель изменения не видит. "
        "Поток, сделав то же самое, меняет ту единственную переменную, что есть у его процесса.",
    },
    measure=memory_figures,
    control=lambda: memory_figures(child=_start_thread),
    expect=(
        exactly("child_sees_its_change", 1, why="the child did change the variable, in its own memory"),
        exactly("parent_sees_child_change", 0, why="separate memory: nothing the child writes reaches the parent"),
        exactly("parent_sees_thread_change", 1, why="a thread writes into its process's memory"),
    ),
)

# --- Every process has a main thread -------------------------------------------------------------


def main_thread_figures(in_a_thread=False):
    """Ask a brand-new process (or, as a control, a thread of this one) which thread runs its code."""
    if in_a_thread:
        results = queue.Queue()
        _start_thread(workers.describe_threads, results).join()
    else:
        results = multiprocessing.get_context().Queue()
        child = _start_process(workers.describe_threads, results)
    seen = results.get(timeout=60)
    if not in_a_thread:
        child.join()
    return {
        "threads_in_new_process": seen["active_threads"],
        "code_runs_on_main_thread": int(seen["runs_on_main_thread"]),
        "main_thread_name": seen["main_thread_name"],
    }


MAIN_THREAD = Claim(
    id="new-process-runs-on-its-main-thread",
    statement={
        "en": "A new process has at least one thread, its main thread, and the process's code runs on it.",
        "ru": "У нового процесса есть по меньшей мере один поток — главный, и код процесса выполняется в нём.",
    },
    measure=main_thread_figures,
    control=lambda: main_thread_figures(in_a_thread=True),
    expect=(
        # threads_in_new_process is shown, not checked: code that reports it runs on a thread, so it is >= 1.
        exactly("code_runs_on_main_thread", 1, why="threading.current_thread() is threading.main_thread()"),
    ),
)

# --- The hello-thread listing: "2 thread(s)" is a race unless the thread is kept alive ------------


def count_with_hello_thread(out, keep_alive=True, finish_first=False):
    """One run of the hello-thread program, in this process; True if the count included the thread.

    `out` is a real, line-buffered file: each greeting is a write to the OS, as on a terminal.
    """
    counted = threading.Event()

    def hello_from_thread():
        print(f"Hello from thread {threading.current_thread()}!", file=out)
        if keep_alive:
            counted.wait()

    hello_thread = threading.Thread(target=hello_from_thread)
    hello_thread.start()
    if finish_first:  # the race's other outcome, forced: the thread is gone before the count
        counted.set()
        hello_thread.join()
    # active_count() is len(threading.enumerate()). Whether the hello thread is among the threads
    # it counts is the question; comparing two counts would also see the threads that a server
    # or a test runner in this process starts and ends meanwhile.
    included = hello_thread in threading.enumerate()
    counted.set()
    hello_thread.join()
    return included


def hello_thread_figures(runs=200, finish_first=False):
    with tempfile.TemporaryFile("w", buffering=1) as out:
        kept_alive = sum(count_with_hello_thread(out, finish_first=finish_first) for _ in range(runs))
        finished = sum(count_with_hello_thread(out, finish_first=True) for _ in range(runs))
        # The notes' program as written, for comparison: no threshold, its result is not guaranteed.
        as_in_notes = sum(count_with_hello_thread(out, keep_alive=False) for _ in range(runs))
    return {"runs": runs, "runs_counting_kept_alive_thread": kept_alive, "runs_counting_finished_thread": finished,
            "runs_counting_notes_thread": as_in_notes}


HELLO_THREAD_COUNTED = Claim(
    id="kept-alive-thread-is-always-counted",
    statement={
        "en": "active_count() counts only the threads still alive: a hello thread that has finished is never "
        "counted, and one that waits on an Event until the main thread has counted is counted in every run. "
        "The notes' version, whose thread may or may not have finished, gives no such guarantee.",
        "ru": "active_count() считает только ещё живые потоки: завершившийся поток-приветствие не учитывается "
        "никогда, а ждущий Event, пока главный поток не посчитает потоки, учитывается в каждом запуске. "
        "Версия из конспекта, где поток мог завершиться, а мог и нет, такой гарантии не даёт.",
    },
    measure=hello_thread_figures,
    control=lambda: hello_thread_figures(finish_first=True),  # premise broken: the thread is not kept alive
    expect=(
        exactly("runs_counting_finished_thread", 0, why="a joined thread has left threading.enumerate(): 0 of 200"),
        exactly("runs_counting_kept_alive_thread", 200, why="a thread blocked on an Event is alive: 200 of 200"),
    ),
)

# --- The hello-process listing under every start method -----------------------------------------

PID = re.compile(r"pid (\d+)")


def hello_process_output(start_method):
    return run_listing("snippets/processes/hello_process.py", start_method=start_method)


def hello_in_this_process(start_method):
    """A control: the 'child' is this very process, so both lines carry the same pid."""
    return f"The parent process, pid {os.getpid()}, starts a child\nHello from the child process, pid {os.getpid()}\n"


def hello_process_figures(run=hello_process_output):
    methods = multiprocessing.get_all_start_methods()
    separate = 0
    for method in methods:
        parent, child = (int(pid) for pid in PID.findall(run(method)))
        separate += parent != child
    return {
        "start_methods_tried": len(methods),
        "start_methods": " ".join(methods),
        "start_methods_without_separate_child": len(methods) - separate,
    }


HELLO_PROCESS = Claim(
    id="hello-process-runs-under-every-start-method",
    statement={
        "en": "The hello-process program runs under every start method this platform offers, and its child is "
        "always a separate process, with a pid of its own.",
        "ru": "Программа с приветствием из дочернего процесса работает при любом способе запуска, который есть "
        "на этой платформе, и дочерний процесс всегда отдельный — со своим pid.",
    },
    measure=hello_process_figures,
    control=lambda: hello_process_figures(run=hello_in_this_process),
    expect=(
        at_least("start_methods_tried", 1, why="every platform offers at least spawn"),
        exactly("start_methods_without_separate_child", 0, why="the child's pid differs from the parent's"),
    ),
)

# --- CPU-bound work: two processes compute at once; two threads take turns (with the GIL) ----------


def parallel_figures(same_cpu=False):
    """Two processes, each on a CPU of its own (or, as the control, both on one), then two threads.

    Pinned because on a busy machine the OS may queue two free processes on one CPU for a whole
    run; the threads are left free, which can only help them overlap.
    """
    allowed = sorted(os.sched_getaffinity(0))
    cpus = (allowed[0], allowed[0]) if same_cpu else (allowed[0], allowed[1])
    processes = simultaneity.best_of(lambda: simultaneity.run_pair("processes", cpus=cpus))
    threads = simultaneity.analyse(simultaneity.run_pair("threads"))
    return {
        "processes_wall_s": processes["wall_s"],
        "processes_cpu_per_wall": processes["cpu_per_wall"],
        "processes_simultaneous_s": processes["simultaneous_s"],
        "processes_attempts": processes["attempts"],
        "threads_wall_s": threads["wall_s"],
        "threads_cpu_per_wall": threads["cpu_per_wall"],
        "threads_simultaneous_s": threads["simultaneous_s"],
    }


PROCESSES_FOR_CPU_WORK = Claim(
    id="processes-compute-at-once-threads-take-turns",
    statement={
        "en": "With the GIL, two processes running pure-Python code, one on each of two CPUs, compute at the "
        "same instants; two threads doing the same work never do.",
        "ru": "При GIL два процесса с чистым Python-кодом, по одному на каждом из двух CPU, считают в одни и те "
        "же моменты; два потока с той же работой — никогда.",
    },
    measure=parallel_figures,
    control=lambda: parallel_figures(same_cpu=True),
    expect=(
        at_least("processes_simultaneous_s", 0.001,
                 why="idle: ~0.1 s of a ~0.1 s run; one CPU: always 0.0; busy CPUs shorten it: best of up to 3 runs"),
        at_most("threads_simultaneous_s", 0.0005, why="with the GIL one thread runs Python at a time: always 0.0"),
    ),
    requires=(needs_gil(), needs_cpus(2), needs_cpu_pinning),
)


# What each figure is, for people: the id stays the key in claims.json.
FIGURE_LABELS = {
    "child_sees_its_change": {"en": "1 if the child process sees its own change",
                              "ru": "1, если дочерний процесс видит своё изменение"},
    "parent_sees_child_change": {"en": "1 if the parent sees the child process's change",
                                 "ru": "1, если родитель видит изменение дочернего процесса"},
    "thread_sees_its_change": {"en": "1 if the thread sees its own change", "ru": "1, если поток видит своё изменение"},
    "parent_sees_thread_change": {"en": "1 if the parent sees the thread's change",
                                  "ru": "1, если родитель видит изменение потока"},
    "threads_in_new_process": {"en": "threads alive in a brand-new process",
                               "ru": "живых потоков в только что запущенном процессе"},
    "code_runs_on_main_thread": {"en": "1 if the process's code runs on its main thread",
                                 "ru": "1, если код процесса выполняется в главном потоке"},
    "main_thread_name": {"en": "name of the main thread", "ru": "имя главного потока"},
    "runs": {"en": "runs of each version of the hello-thread program",
             "ru": "запусков каждой версии программы с потоком-приветствием"},
    "runs_counting_kept_alive_thread": {"en": "runs whose count included the kept-alive thread",
                                        "ru": "запусков, в которых учтён поток, удерживаемый живым"},
    "runs_counting_finished_thread": {"en": "runs whose count included the already finished thread",
                                      "ru": "запусков, в которых учтён уже завершившийся поток"},
    "runs_counting_notes_thread": {"en": "runs whose count included the thread of the notes' version",
                                   "ru": "запусков, в которых учтён поток версии из конспекта"},
    "start_methods_tried": {"en": "start methods tried", "ru": "опробованных способов запуска"},
    "start_methods": {"en": "the start methods this platform offers",
                      "ru": "способы запуска, доступные на этой платформе"},
    "start_methods_without_separate_child": {
        "en": "start methods whose child had the parent's pid",
        "ru": "способов запуска, при которых у дочернего процесса тот же pid, что у родителя",
    },
    "processes_wall_s": {"en": "wall-clock time of the two processes, s",
                         "ru": "реальное время работы двух процессов, с"},
    "processes_cpu_per_wall": {"en": "CPU seconds per wall-clock second in two processes",
                               "ru": "секунд процессора на секунду реального времени в двух процессах"},
    "processes_simultaneous_s": {"en": "time both processes computed at the same instant, s",
                                 "ru": "время одновременных вычислений обоих процессов, с"},
    "processes_attempts": {"en": "process runs made to find the longest overlap (up to 3)",
                           "ru": "прогонов процессов в поисках самого длинного перекрытия (до 3)"},
    "threads_wall_s": {"en": "wall-clock time of the two threads, s", "ru": "реальное время работы двух потоков, с"},
    "threads_cpu_per_wall": {"en": "CPU seconds per wall-clock second in two threads",
                             "ru": "секунд процессора на секунду реального времени в двух потоках"},
    "threads_simultaneous_s": {"en": "time both threads computed at the same instant, s",
                               "ru": "время одновременных вычислений обоих потоков, с"},
}
