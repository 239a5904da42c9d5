"""A non-blocking socket never waits: with nothing to read, recv() raises BlockingIOError."""

import select
import socket
import time

with socket.create_server(("127.0.0.1", 0)) as listener:
    client = socket.create_connection(listener.getsockname())
    peer, _ = listener.accept()

client.setblocking(False)
print(f"getblocking(): {client.getblocking()}, gettimeout(): {client.gettimeout()}")

start = time.perf_counter()
try:
    client.recv(1024)
except BlockingIOError as error:
    print(f"nothing to read yet: {error!r} after {time.perf_counter() - start:.6f} s")

peer.sendall(b"here it is")
select.select([client], [], [], 1.0)  # wait until readable: the OS tells us (see below)
print(f"after the peer sent: recv() returned {client.recv(1024)!r}")

client.close()
peer.close()
