"""The facts about the running interpreter and machine that a claim may depend on."""

from __future__ import annotations

import multiprocessing
import os
import platform
import sys
import sysconfig
from dataclasses import asdict, dataclass


def usable_cpus() -> int:
    """CPUs this process may run on: respects `taskset` and container limits, unlike os.cpu_count()."""
    if hasattr(os, "process_cpu_count"):  # Python 3.13+
        return os.process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def default_start_method() -> str:
    """The start method multiprocessing uses here, without fixing it as a side effect.

    `multiprocessing.get_start_method()` would lock the default in; asking with
    allow_none=True and falling back to the documented per-platform default does not.
    """
    chosen = multiprocessing.get_start_method(allow_none=True)
    return chosen or documented_start_method(sys.version_info[:2], platform.system())


def documented_start_method(version: tuple[int, int], system: str) -> str:
    """The default the multiprocessing docs give for a Python version on a system ('Linux', 'Darwin', …)."""
    if system in ("Windows", "Darwin"):
        return "spawn"
    return "forkserver" if version >= (3, 14) else "fork"


def gil_enabled() -> bool:
    """Whether the GIL is on right now (a free-threaded build can turn it back on)."""
    is_enabled = getattr(sys, "_is_gil_enabled", None)
    return True if is_enabled is None else is_enabled()


@dataclass(frozen=True)
class Environment:
    python: str
    implementation: str
    free_threaded_build: bool
    gil_enabled: bool
    cpus: int
    start_method: str
    platform: str
    switch_interval_s: float

    @classmethod
    def current(cls) -> Environment:
        return cls(
            python=platform.python_version(),
            implementation=platform.python_implementation(),
            free_threaded_build=bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
            gil_enabled=gil_enabled(),
            cpus=usable_cpus(),
            start_method=default_start_method(),
            platform=f"{platform.system()} {platform.machine()}",
            switch_interval_s=sys.getswitchinterval(),
        )

    @property
    def build(self) -> str:
        return "free-threaded" if self.free_threaded_build else "GIL"

    def as_dict(self) -> dict:
        return asdict(self) | {"build": self.build}

    def summary(self) -> str:
        gil = "on" if self.gil_enabled else "off"
        interval = "" if self.switch_interval_s == 0.005 else f", switch interval {self.switch_interval_s:g} s"
        return (
            f"{self.implementation} {self.python} ({self.build} build), GIL {gil}{interval}, "
            f"{self.cpus} CPU(s), start method {self.start_method}, {self.platform}"
        )
