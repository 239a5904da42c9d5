"""The same program without the race: the hello thread stays alive until it has been counted."""

import threading

greeted = threading.Event()
counted = threading.Event()


def hello_from_thread():
    print(f"Hello from thread {threading.current_thread()}!")
    greeted.set()
    counted.wait()  # still alive while the main thread counts


hello_thread = threading.Thread(target=hello_from_thread)
hello_thread.start()
greeted.wait()  # and print after the greeting, so the lines come out in one order

total_threads = threading.active_count()
thread_name = threading.current_thread().name
counted.set()

print(f"Python is currently running {total_threads} thread(s)")
print(f"The current thread is {thread_name}")

hello_thread.join()
