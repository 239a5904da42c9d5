"""A new socket is blocking: recv() holds the thread until the other side sends something."""

import socket
import threading
import time

DELAY = 0.1  # seconds the other side waits before it sends

with socket.create_server(("127.0.0.1", 0)) as listener:
    client = socket.socket()
    print(f"getblocking(): {client.getblocking()}, gettimeout(): {client.gettimeout()}")
    client.connect(listener.getsockname())
    peer, _ = listener.accept()


def send_later():
    time.sleep(DELAY)
    print(f"{time.perf_counter() - start:.2f} s  peer: sends")
    peer.sendall(b"finally")


start = time.perf_counter()
threading.Thread(target=send_later).start()
print(f"{time.perf_counter() - start:.2f} s  client: calls recv()")
data = client.recv(1024)  # nothing has arrived yet: the thread sleeps here
print(f"{time.perf_counter() - start:.2f} s  client: recv() returned {data!r}")

client.close()
peer.close()
