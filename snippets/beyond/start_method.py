"""The start method multiprocessing uses in this program."""

import multiprocessing
import sys

print(f"Python {sys.version.split()[0]} on {sys.platform}: {multiprocessing.get_start_method()}")
