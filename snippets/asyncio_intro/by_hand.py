"""A coroutine driven by hand: it runs to its first pause, hands control back, and resumes later."""

import types


@types.coroutine
def pause():
    reply = yield "paused"  # control goes back to whoever called send()
    return reply


async def greet():
    print("  coroutine: started")
    reply = await pause()
    print(f"  coroutine: resumed with {reply!r}")
    return "finished"


coroutine = greet()
print("caller: the coroutine object exists; none of its code has run")
signal = coroutine.send(None)
print(f"caller: the coroutine paused and handed back {signal!r}; the caller is free")
try:
    coroutine.send("hello")
except StopIteration as finished:
    print(f"caller: the coroutine finished and returned {finished.value!r}")
