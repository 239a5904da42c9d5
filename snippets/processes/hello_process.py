"""A second process says hello: multiprocessing starts a new Python process and runs a function in it."""

import multiprocessing
import os


def hello_from_process():
    print(f"Hello from the child process, pid {os.getpid()}")


if __name__ == "__main__":  # spawn and forkserver run this file again as __mp_main__
    hello_process = multiprocessing.Process(target=hello_from_process)
    # flush: a line still in this process's buffer could reach a pipe after the child's
    print(f"The parent process, pid {os.getpid()}, starts a child", flush=True)
    hello_process.start()
    hello_process.join()
    print(f"The child finished with exit code {hello_process.exitcode}")
