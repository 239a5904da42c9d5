"""Ask the OS which sockets are ready instead of trying them: a selector."""

import selectors
import socket
import threading
import time

DELAY = 0.1  # seconds the other side waits before it sends

with socket.create_server(("127.0.0.1", 0)) as listener:
    client = socket.create_connection(listener.getsockname())
    peer, _ = listener.accept()
client.setblocking(False)

selector = selectors.DefaultSelector()  # kqueue, epoll, devpoll or poll, whichever exists first; else select
print(f"selector: {type(selector).__name__}")
selector.register(client, selectors.EVENT_READ)

print(f"ready right now: {selector.select(timeout=0)}")  # timeout=0: just look, do not wait

start = time.perf_counter()
threading.Timer(DELAY, peer.sendall, args=[b"ping"]).start()
for key, events in selector.select():  # no timeout: sleep until the OS reports a ready socket
    readable = key.fileobj is client and events & selectors.EVENT_READ
    print(f"{time.perf_counter() - start:.2f} s  the client socket is readable: {bool(readable)}")
print(f"recv() now returns at once: {client.recv(1024)!r}")

selector.close()
client.close()
peer.close()
