"""Three requests to a slow server: first one after another, then all at once, in one thread."""

import asyncio
import time

DELAY = 0.2  # how long the server takes to answer, in seconds


async def answer_slowly(reader, writer):
    await reader.readline()
    await asyncio.sleep(DELAY)  # the server is busy elsewhere; the reply comes later
    writer.write(b"done\n")
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def request(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"hello\n")
    await writer.drain()
    reply = await reader.readline()  # while the reply is on its way, this thread is free
    writer.close()
    await writer.wait_closed()
    return reply


async def main():
    server = await asyncio.start_server(answer_slowly, "127.0.0.1", 0)  # port 0: any free port
    port = server.sockets[0].getsockname()[1]
    async with server:
        start = time.perf_counter()
        for _ in range(3):
            await request(port)
        print(f"one after another: {time.perf_counter() - start:.2f} s")

        start = time.perf_counter()
        await asyncio.gather(*(request(port) for _ in range(3)))
        print(f"all at once:       {time.perf_counter() - start:.2f} s")


asyncio.run(main())
