"""A client and a server exchange bytes through sockets on this machine (127.0.0.1)."""

import socket
import threading

listener = socket.socket()  # a TCP socket: AF_INET, SOCK_STREAM
listener.bind(("127.0.0.1", 0))  # port 0: the OS picks a free port
listener.listen()
address = listener.getsockname()


def serve_one_client():
    connection, _ = listener.accept()  # a new socket, connected to this one client
    with connection:
        request = connection.recv(1024)
        print(f"server: received {request!r}")
        connection.sendall(b"HTTP/1.0 200 OK\r\n\r\nhello from " + address[0].encode())


server = threading.Thread(target=serve_one_client)
server.start()

with socket.socket() as client:
    client.connect(address)
    client.sendall(b"GET / HTTP/1.0\r\n\r\n")  # write the request into the socket...
    reply = b""
    while chunk := client.recv(1024):  # ...and read until the server closes its end
        reply += chunk
print(f"client: received {reply!r}")

server.join()
listener.close()
