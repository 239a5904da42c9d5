"""Real socket I/O for experiments: a server on 127.0.0.1 that answers each request after a
delay, and a client request that waits for the answer without holding the thread."""

import asyncio


def answer_after(delay):
    """A connection handler for asyncio.start_server that replies `delay` seconds after a line."""

    async def answer(reader, writer):
        await reader.readline()
        await asyncio.sleep(delay)  # the server is busy elsewhere; the reply comes later
        writer.write(b"done\n")
        await writer.drain()
        writer.close()

    return answer


async def request(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"hello\n")
    await writer.drain()
    await reader.readline()
    writer.close()
    await writer.wait_closed()
