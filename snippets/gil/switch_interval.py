"""How long a thread may keep the GIL once another thread asks for it."""

import sys

print(f"switch interval: {sys.getswitchinterval()} s")
