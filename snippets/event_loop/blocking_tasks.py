"""The same three requests with blocking sockets: each one waits for its reply before the next starts."""

import socket
import socketserver
import threading
import time


class SlowHandler(socketserver.BaseRequestHandler):
    def handle(self):
        name, delay = self.request.recv(64).decode().split()  # who asks, and how long to take
        time.sleep(float(delay))
        log(f"server: answers {name}")
        self.request.sendall(f"done in {delay} s".encode())


def fetch(name, port, delay):
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(f"{name} {delay:.2f}".encode())
        log(f"{name}: request sent")
        log(f"{name}: reply {sock.recv(64).decode()!r}")  # the thread waits here


def log(event):
    print(f"{time.perf_counter() - start:.2f} s  {event}")


server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SlowHandler)
threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}).start()
port = server.server_address[1]

start = time.perf_counter()
for name, delay in [("A", 0.20), ("B", 0.05), ("C", 0.12)]:
    fetch(name, port, delay)
log("all three requests done, one after another")

server.shutdown()
server.server_close()
