"""A toy event loop: tasks are generators, a selector says which one can go on."""

import selectors
import socket
import socketserver
import threading
import time
from collections import deque


class SlowHandler(socketserver.BaseRequestHandler):
    def handle(self):
        name, delay = self.request.recv(64).decode().split()  # who asks, and how long to take
        time.sleep(float(delay))
        log(f"server: answers {name}")
        self.request.sendall(f"done in {delay} s".encode())


def fetch(name, port, delay):
    """A task: send a request, yield until the reply can be read, read it."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setblocking(False)
    sock.sendall(f"{name} {delay:.2f}".encode())
    log(f"{name}: request sent")
    yield "read", sock  # suspend here; the loop resumes this task when `sock` is readable
    log(f"{name}: reply {sock.recv(64).decode()!r}")
    sock.close()


def run(tasks):
    """The loop: run ready tasks until they yield; when none is ready, ask the OS which socket is."""
    ready = deque(tasks)
    selector = selectors.DefaultSelector()
    while ready or selector.get_map():
        if not ready:
            for key, _ in selector.select():  # sleeps until at least one socket is readable
                selector.unregister(key.fileobj)
                ready.append(key.data)  # the task that waits for this socket
        task = ready.popleft()
        try:
            _, sock = next(task)  # run the task up to its next yield
        except StopIteration:
            continue  # the task has finished
        selector.register(sock, selectors.EVENT_READ, data=task)
    selector.close()


def log(event):
    print(f"{time.perf_counter() - start:.2f} s  {event}")


server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SlowHandler)
threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}).start()
port = server.server_address[1]

start = time.perf_counter()
run([fetch("A", port, 0.20), fetch("B", port, 0.05), fetch("C", port, 0.12)])
log("all three tasks done, in one thread")

server.shutdown()
server.server_close()
