"""The notes' three tasks (compute, a web request, compute), first blocking, then on an asyncio event loop."""

import asyncio
import http.client
import http.server
import threading
import time

SERVER_DELAY = 0.15  # seconds the web server takes to answer
CPU_WORK = 0.02  # seconds of computing before and after each request


class SlowHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(SERVER_DELAY)
        body = b"hello\n"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # keep the terminal quiet
        pass


def compute(seconds):
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:  # stands for CPU-bound work: it never waits
        pass


def log(event):
    print(f"{time.perf_counter() - start:.2f} s  {event}")


def make_request(name, port):
    compute(CPU_WORK)  # cpu_bound_setup()
    connection = http.client.HTTPConnection("127.0.0.1", port)
    connection.request("GET", "/")  # io_bound_web_request(): the thread waits for the reply
    log(f"{name}: request sent")
    connection.getresponse().read()
    connection.close()
    log(f"{name}: reply received")
    compute(CPU_WORK)  # cpu_bound_postprocess()


async def make_request_async(name, port):
    compute(CPU_WORK)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    log(f"{name}: request sent")
    await reader.read()  # read to the end of the reply; the loop runs other tasks meanwhile
    writer.close()
    await writer.wait_closed()
    log(f"{name}: reply received")
    compute(CPU_WORK)


async def main(port):
    task_one = asyncio.create_task(make_request_async("task_one", port))
    task_two = asyncio.create_task(make_request_async("task_two", port))
    task_three = asyncio.create_task(make_request_async("task_three", port))
    await task_one
    await task_two
    await task_three


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SlowHandler)
threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}).start()
port = server.server_address[1]

print("blocking, one after another:")
start = time.perf_counter()
for name in ("task_one", "task_two", "task_three"):
    make_request(name, port)
log("done")

print("on the event loop:")
start = time.perf_counter()
asyncio.run(main(port))
log("done")

server.shutdown()
server.server_close()
