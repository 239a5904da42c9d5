"""Reference counting: CPython counts the references to every object."""

import sys

numbers = [1, 2, 3]  # a new object; getrefcount's own argument is one more reference
print(f"references to numbers:     {sys.getrefcount(numbers)}")

alias = numbers
print(f"after alias = numbers:     {sys.getrefcount(numbers)}")

del alias
print(f"after del alias:           {sys.getrefcount(numbers)}")

# Immortal since Python 3.12 (PEP 683): a huge fixed count that references do not change.
print(f"references to None:        {sys.getrefcount(None)}")
