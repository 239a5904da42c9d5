"""Claims that a page makes, measured when the page is built."""

from verified.claims import (
    Claim,
    ClaimFailed,
    at_least,
    at_most,
    evaluate,
    exactly,
    needs_cpus,
    needs_switch_interval,
    needs_gil,
    needs_gil_build,
    needs_no_gil,
    needs_python,
)
from verified.environment import Environment
from verified.measure import (
    in_threads,
    interleaved,
    median_parallelism,
    median_ratio,
    median_wall,
    on_one_cpu,
    run_async,
    timed,
)
from verified.listings import run_listing, run_python
from verified.render import timeline_svg

__all__ = [
    "Claim",
    "ClaimFailed",
    "Environment",
    "at_least",
    "at_most",
    "evaluate",
    "exactly",
    "in_threads",
    "interleaved",
    "median_parallelism",
    "median_ratio",
    "median_wall",
    "needs_cpus",
    "needs_switch_interval",
    "needs_gil",
    "needs_gil_build",
    "needs_no_gil",
    "needs_python",
    "on_one_cpu",
    "run_async",
    "run_listing",
    "run_python",
    "timed",
    "timeline_svg",
]
