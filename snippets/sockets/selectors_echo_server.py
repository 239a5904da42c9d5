"""One thread, one selector, twenty slow clients at once: an echo server that never blocks."""

import selectors
import socket
import threading
import time

CLIENTS = 20
THINK = 0.1  # seconds each client keeps its connection open before it sends


def client(address):
    go.wait()  # all client threads are running by now: they connect together
    with socket.create_connection(address, timeout=5) as sock:
        sock.recv(64)  # the greeting: the server has accepted this connection
        time.sleep(THINK)
        sock.sendall(b"ping")
        assert sock.recv(64) == b"ping"


listener = socket.create_server(("127.0.0.1", 0), backlog=CLIENTS)
listener.setblocking(False)
selector = selectors.DefaultSelector()
selector.register(listener, selectors.EVENT_READ)

go = threading.Event()
clients = [threading.Thread(target=client, args=(listener.getsockname(),)) for _ in range(CLIENTS)]
for thread in clients:
    thread.start()
start = time.perf_counter()
go.set()

served = open_now = most_open = 0
server_threads = set()
while served < CLIENTS:
    for key, _ in selector.select():  # sleeps until some socket is ready
        server_threads.add(threading.get_ident())
        if key.fileobj is listener:
            connection, _ = listener.accept()
            connection.setblocking(False)
            connection.sendall(b"hello")
            selector.register(connection, selectors.EVENT_READ)
            open_now += 1
            most_open = max(most_open, open_now)
        elif data := key.fileobj.recv(64):
            key.fileobj.sendall(data)  # echo
        else:  # b"": the client closed its end
            selector.unregister(key.fileobj)
            key.fileobj.close()
            open_now -= 1
            served += 1
elapsed = time.perf_counter() - start

for thread in clients:
    thread.join()
selector.close()
listener.close()
print(f"{CLIENTS} clients, each thinking {THINK} s, served in {elapsed:.2f} s")
print(f"server code ran in {len(server_threads)} thread; up to {most_open} connections were open at once")
