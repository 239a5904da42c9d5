"""The same three requests with blocking sockets: each one waits for its reply before the next starts."""

import socket
import socketserver
import threading
import time


class SlowHandler(socketserver.BaseRequestHandler):
    def handle(self):
        delay = float(self.request.recv(64))  # the client says how long the server should take
        time.sleep(delay)
        self.request.sendall(b"done in %.2f s" % delay)


def fetch(name, port, delay):
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"%.2f" % delay)
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
