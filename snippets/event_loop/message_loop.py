"""A message loop that works: a real deque, first in first out, and an end when the queue is empty."""

from collections import deque


def process_message(message):
    print(f"processing {message}")
    if message == "first":
        messages.append("reply to first")  # processing may queue new messages


messages = deque(["first", "second", "third"])

while messages:  # stops when nothing is left; a real event loop would wait here instead
    process_message(messages.popleft())  # popleft(): the oldest message first

print(f"queue empty: {messages}")
