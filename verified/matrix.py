"""Where else each claim was judged: the ledgers of other environments, measured on the same code.

A build shows, beside its own verdict, the verdicts of the ledgers in one folder (`make everywhere`
writes .cache/everywhere/; the Pages workflow gathers its judge jobs' ledgers). A ledger counts only
if it was measured on this very commit and code (`commit` and `sources` in the ledger); any other is
refused by name and shown nowhere. A build with no such folder says that nothing else was judged.
"""

from __future__ import annotations

import time
from pathlib import Path

from verified.environment import documented_start_method
from verified.publish import read_ledger, same_code

_accepted: list[dict] = []


def read_ledgers(folder: Path | None, *, commit: str | None, sources: str) -> tuple[list[dict], list[str]]:
    """The ledgers in `folder` measured on this commit and code, in display order, and why each other
    one was left out."""
    accepted, refused = [], []
    for path in sorted(folder.glob("*.json")) if folder is not None and folder.is_dir() else []:
        try:
            ledger = read_ledger(path)
        except ValueError as error:
            refused.append(str(error))
            continue
        if (stale := same_code(ledger, {"commit": commit, "sources": sources})) is not None:
            refused.append(f"{path}: {stale}: left out")
            continue
        accepted.append(ledger | {"name": path.stem})
    return sorted(accepted, key=lambda ledger: sort_key(ledger["environment"])), refused


def configure(folder: Path | None, *, commit: str | None, sources: str) -> tuple[list[dict], list[str]]:
    """Read the other environments' ledgers that this build shows; returns (accepted, refusals)."""
    accepted, refused = read_ledgers(folder, commit=commit, sources=sources)
    _accepted[:] = accepted
    return accepted, refused


def others() -> list[dict]:
    return list(_accepted)


def entry_of(ledger: dict, claim_id: str) -> dict | None:
    return next((entry for entry in ledger["claims"] if entry["id"] == claim_id), None)


# --- Describing an environment -----------------------------------------------------------------------

WORDS = {
    "en": {"gil build": "GIL build", "free-threaded": "free-threaded build", "gil on": "GIL on", "gil off": "GIL off",
           "cpus": "{} CPUs", "cpu": "1 CPU", "interval": "switch interval {:g} s"},
    "ru": {"gil build": "сборка с GIL", "free-threaded": "free-threaded сборка", "gil on": "GIL включён",
           "gil off": "GIL выключен", "cpus": "{} CPU", "cpu": "1 CPU", "interval": "интервал переключения {:g} с"},
}


def _default_start_method(env: dict) -> str:
    version = tuple(int(part) for part in env["python"].split(".")[:2])
    return documented_start_method(version, env.get("platform", "Linux").split()[0])


def describe(env: dict, lang: str) -> str:
    """The whole environment, in words: 'CPython 3.14.10 · GIL build · GIL on · 2 CPUs · forkserver'."""
    words = WORDS[lang]
    parts = [f"{env.get('implementation', 'CPython')} {env['python']}",
             words["free-threaded" if env["free_threaded_build"] else "gil build"],
             words["gil on" if env["gil_enabled"] else "gil off"],
             words["cpu"] if env["cpus"] == 1 else words["cpus"].format(env["cpus"]),
             env["start_method"]]
    interval = env.get("switch_interval_s", 0.005)
    if interval != 0.005:
        from verified.render import decimal  # render imports this module

        parts.append(decimal(words["interval"].format(interval), lang))
    if not env.get("platform", "Linux").startswith("Linux"):
        parts.append(env["platform"])
    return " · ".join(parts)


def short_label(env: dict) -> str:
    """A column heading: '3.14', '3.13t', '3.13t GIL on', '3.11 spawn', '3.14 1 CPU', '3.14 1e-06 s'."""
    label = ".".join(env["python"].split(".")[:2]) + ("t" if env["free_threaded_build"] else "")
    if env["free_threaded_build"] and env["gil_enabled"]:
        label += " GIL on"
    if env["start_method"] != _default_start_method(env):
        label += f" {env['start_method']}"
    if env["cpus"] == 1:
        label += " 1 CPU"
    interval = env.get("switch_interval_s", 0.005)
    if interval != 0.005:
        label += f" {interval:g} s"
    return label


def sort_key(env: dict) -> tuple:
    version = tuple(int(part) for part in env["python"].split(".")[:2])
    return (version, env["free_threaded_build"], env["gil_enabled"], env["start_method"] != _default_start_method(env),
            env["start_method"], -env["cpus"], env.get("switch_interval_s", 0.005) != 0.005)


# --- What decided a verdict ----------------------------------------------------------------------------


def deciding_check(entry: dict) -> dict | None:
    """The check that decided the verdict: the first that failed, else the one closest to its limit."""
    checks = entry.get("checks") or []
    if entry["verdict"] == "failed":
        return next((check for check in checks if not check["passed"]), None)
    bounded = [check for check in checks if check.get("margin") is not None]
    return min(bounded, key=lambda check: check["margin"]) if bounded else (checks[0] if checks else None)


def when(timestamp: str | None) -> str:
    """'2026-12-03 07:20 UTC' from a ledger's measured_at."""
    if not timestamp:
        return "?"
    try:
        return time.strftime("%Y-%m-%d %H:%M UTC", time.strptime(timestamp, "%Y-%m-%dT%H:%MZ"))
    except ValueError:
        return timestamp


def environment_record(ledger: dict, entry: dict, name: str) -> dict:
    """One environment's verdict on one claim, as claims.json lists it under `environments`."""
    return {
        "name": name,
        "environment": ledger["environment"],
        "label": short_label(ledger["environment"]),
        "verdict": entry["verdict"],
        "checks": entry["checks"],
        "reasons": entry["reasons"],
        "commit": ledger.get("commit"),
        "measured_at": ledger.get("measured_at"),
    }
