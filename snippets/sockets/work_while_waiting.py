"""One loop, two sockets: try recv(); if nothing has arrived, do a slice of other work and try again."""

import socket
import threading
import time

DELAY = 0.2  # seconds until the reply arrives
SLICE = 0.01  # seconds of other work between two attempts


def other_work(seconds):
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:  # stands for useful computing
        pass


def wait_for_reply(blocking):
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.create_connection(listener.getsockname())
        peer, _ = listener.accept()
    client.setblocking(blocking)
    reply_later = threading.Timer(DELAY, peer.sendall, args=[b"reply"])
    start = time.perf_counter()
    reply_later.start()
    slices = 0
    while True:
        try:
            client.recv(1024)
            break
        except BlockingIOError:  # only a non-blocking socket gets here
            other_work(SLICE)
            slices += 1
    mode = "blocking" if blocking else "non-blocking"
    print(f"{mode:>12} socket: reply after {time.perf_counter() - start:.2f} s, "
          f"{slices} slices of other work done meanwhile")
    reply_later.join()
    client.close()
    peer.close()


wait_for_reply(blocking=True)
wait_for_reply(blocking=False)
