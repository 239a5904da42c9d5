"""Where the project is: the engine finds the snippets and the code it digests from here."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
