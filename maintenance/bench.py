"""Measure the feedback loop against its targets and print a Markdown table.

    python -m maintenance.bench                 # everything, 3 runs each (make bench)
    python -m maintenance.bench --runs 5 --only build,serve
    python -m maintenance.bench --against main  # side by side with another commit, as ratios

With --against, the build, the tests and the preview are measured in two fresh trees, this work
tree as it is and the given commit, taking turns run by run, so that both see the same load;
the table gives each median and their ratio.

Measures a cold strict build, `make test`, the time from saving an edit to the reloaded page
under `mkdocs serve` (a prose edit, and an edit to a module a claim imports), and the weight of
every built page against a bare mkdocs-material page holding the same text. Every file it edits
is restored, and the server it starts is stopped, whatever happens. The table also goes to
.cache/bench.md. Timings on a shared machine vary: read the medians, and the load column.
"""

from __future__ import annotations

import argparse
import html
import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from verified.project import ROOT

CACHE = ROOT / ".cache"
LOGS = CACHE / "bench"
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")

# The targets, in one place, so the table says what each figure is checked against.
TARGET_BUILD_S = 25.0
TARGET_TEST_S = 90.0
TARGET_SERVE_COLD_S = 30.0  # `make serve` to the first page, nothing cached
TARGET_SERVE_RESTART_S = 5.0  # `make serve` again with nothing changed
TARGET_PROSE_RELOAD_S = 1.5
TARGET_WEIGHT_RATIO = 1.3
TARGET_FIGURE_BYTES = 60 * 1024

PROSE_PAGE = Path("docs/index.md")
PROSE_URL = "/"
CLAIM_MODULE = Path("snippets/io_cpu/claims.py")
CLAIM_SOURCE = "snippets.io_cpu.claims"  # the ledger's "source" for that module's claims
CLAIM_URL = "/io-and-cpu-bound/"
SECTIONS = ("build", "test", "serve", "weight")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m maintenance.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="how many times to measure each timing (default 3)")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated subset of {','.join(SECTIONS)}")
    parser.add_argument("--report", type=Path, default=CACHE / "bench.md", help="where to write the table")
    parser.add_argument("--against", metavar="COMMIT",
                        help="measure build, test and serve side by side with this commit (e.g. main)")
    parser.add_argument(
        "--in-place", action="store_true",
        help="make the serve edits in this work tree instead of a private copy of it (others' edits and "
        "commits then see them for a moment)",
    )
    args = parser.parse_args(argv)
    only = [part.strip() for part in args.only.split(",") if part.strip()]
    if args.runs < 1 or not set(only) <= set(SECTIONS):
        parser.error(f"need --runs >= 1 and --only within {','.join(SECTIONS)}")
    LOGS.mkdir(parents=True, exist_ok=True)
    # `kill` must still restore the edited files and stop the server: run the finally blocks.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    rows: list[list[str]] = []
    notes: list[str] = []
    load_before = os.getloadavg()
    started = time.perf_counter()
    if args.against:
        return side_by_side(args.against, only, args.runs, args.report, load_before, started)
    if "build" in only:
        rows.append(timed_command("cold `make build`", ["make", "build"], args.runs, TARGET_BUILD_S, cold=True))
    if "test" in only:
        # Every test's duration goes to the log (.cache/bench/test-N.log), to see where the time goes.
        env = dict(ENV, PYTEST_ADDOPTS=(ENV.get("PYTEST_ADDOPTS", "") + " --durations=0 --durations-min=0").strip())
        rows.append(timed_command("`make test`", ["make", "test"], args.runs, TARGET_TEST_S, env=env))
        notes += test_time_by_file(args.runs)
    if "serve" in only:
        serve_rows, serve_notes = measure_serve(args.runs, in_place=args.in_place)
        rows += serve_rows
        notes += serve_notes
    weight_lines: list[str] = []
    if "weight" in only:
        weight_lines = measure_weight()

    lines = [
        "# Feedback loop, measured",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M')} · {os.cpu_count()} CPUs · Python {sys.version.split()[0]} · "
        f"load average (1 min) {load_before[0]:.1f} at start, {os.getloadavg()[0]:.1f} at end · "
        f"{time.perf_counter() - started:.0f} s in all · {args.runs} run(s) each",
        "",
    ]
    if rows:
        lines += [
            "| measure | target | median | min | max | load (1 min) | verdict |",
            "|---|---|---|---|---|---|---|",
            *("| " + " | ".join(row) + " |" for row in rows),
            "",
        ]
    lines += [f"- {note}" for note in notes]
    if notes:
        lines.append("")
    lines += weight_lines
    text = "\n".join(lines).rstrip() + "\n"
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(text, encoding="utf-8")
    print(text)
    print(f"(written to {args.report})", file=sys.stderr)
    return 0


# --- Timings ------------------------------------------------------------------------------------


def row(measure: str, target: str, samples: list[float], loads: list[float], meets: bool | None, extra: str = "") -> list[str]:
    finite = [s for s in samples if s != float("inf")]
    if finite:
        figures = [f"{statistics.median(samples):.2f} s" if len(finite) == len(samples) else "—",
                   f"{min(finite):.2f} s", f"{max(finite):.2f} s"]
    else:
        figures = ["—", "—", "—"]
    load = f"{min(loads):.1f}–{max(loads):.1f}" if loads else "—"
    verdict = "n/a" if meets is None else ("meets" if meets else "**misses**")
    return [measure, target, *figures, load, verdict + (f" ({extra})" if extra else "")]


def timed_command(name: str, command: list[str], runs: int, target: float, *, cold: bool = False, env=None) -> list[str]:
    samples, loads, failures = [], [], 0
    for run in range(runs):
        if cold:  # dependencies stay installed; the site and the notebook cache go
            shutil.rmtree(ROOT / "site", ignore_errors=True)
            shutil.rmtree(CACHE / "mkdocs-jupyter", ignore_errors=True)
        loads.append(os.getloadavg()[0])
        log = LOGS / f"{command[-1]}-{run + 1}.log"
        begun = time.perf_counter()
        with log.open("w") as out:
            done = subprocess.run(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env or ENV)
        samples.append(time.perf_counter() - begun)
        failures += done.returncode != 0
        print(f"{name} run {run + 1}/{runs}: {samples[-1]:.1f} s, exit {done.returncode} (log {log})", file=sys.stderr)
    median = statistics.median(samples)
    extra = f"{failures}/{runs} runs exited non-zero, see {LOGS.relative_to(ROOT)}/" if failures else ""
    # A run that failed meets no target, however fast it was.
    return row(name, f"≤ {target:g} s", samples, loads, median <= target and not failures, extra)


_DURATION = re.compile(r"^([0-9.]+)s (?:setup|call|teardown)\s+([^:\s]+)(?:::|\s)", re.M)


def test_time_by_file(runs: int) -> list[str]:
    """pytest's durations summed per test file, median over the runs: where `make test` goes."""
    per_run = []
    for run in range(runs):
        log = LOGS / f"test-{run + 1}.log"
        totals: dict[str, float] = {}
        for seconds, path in _DURATION.findall(log.read_text(errors="replace") if log.exists() else ""):
            totals[path] = totals.get(path, 0.0) + float(seconds)
        per_run.append(totals)
    files = {path for totals in per_run for path in totals}
    medians = sorted(((statistics.median(t.get(f, 0.0) for t in per_run), f) for f in files), reverse=True)
    if not medians:
        return []
    top = ", ".join(f"`{f}` {s:.0f} s" for s, f in medians[:8])
    return [f"`make test`, median seconds per test file (setup + call + teardown): {top}"]


# --- Side by side with another commit ---------------------------------------------------------


@contextmanager
def two_trees(against: str):
    """Fresh copies of this work tree and of `against`, without caches, sites or environments: both
    run with this tree's installed environment, each tree's own code first on the path."""
    resolved = subprocess.run(["git", "rev-parse", "--verify", f"{against}^{{commit}}"], cwd=ROOT,
                              capture_output=True, text=True)
    if resolved.returncode != 0:
        sys.exit(f"bench: {against!r} is not a commit here")
    with tempfile.TemporaryDirectory(prefix="bench-trees-") as temp:
        here, there = Path(temp) / "here" / ROOT.name, Path(temp) / "there" / ROOT.name
        shutil.copytree(ROOT, here, symlinks=True,
                        ignore=shutil.ignore_patterns(".venv", ".tools", ".cache", "site", "__pycache__"))
        subprocess.run(["git", "worktree", "add", "--detach", "--quiet", str(there), resolved.stdout.strip()],
                       cwd=ROOT, check=True)
        try:
            yield {"this tree": here, against: there}
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(there)], cwd=ROOT, check=False)


def tree_env(tree: Path) -> dict:
    path = os.pathsep.join([str(ROOT / ".venv" / "bin"), str(ROOT / ".tools" / "bin"), ENV.get("PATH", "")])
    return dict(ENV, PYTHONPATH=str(tree), PATH=path, VIRTUAL_ENV=str(ROOT / ".venv"))


def timed_in(tree: Path, command: list[str], log: Path, env: dict | None = None) -> float:
    begun = time.perf_counter()
    with log.open("w") as out:
        done = subprocess.run(command, cwd=tree, stdout=out, stderr=subprocess.STDOUT, env=env or tree_env(tree))
    seconds = time.perf_counter() - begun
    return seconds if done.returncode == 0 else float("inf")  # a failed run meets nothing


def serve_times(tree: Path, runs: int) -> dict[str, list[float]]:
    """Cold first page, then prose edits, then restarts with nothing changed."""
    shutil.rmtree(tree / ".cache", ignore_errors=True)
    times: dict[str, list[float]] = {"cold": [], "prose": [], "restart": []}
    server = Server(tree)
    try:
        times["cold"].append(server.first_build())
        for _ in range(runs):
            token = f"bench-{uuid.uuid4().hex[:12]}"
            with appended(tree / PROSE_PAGE, f"\n\nThis sentence checks the preview, {token}.\n"):
                state, seconds = server.wait(lambda: token in (fetch(server.base, PROSE_URL, 15) or ""), 300)
            times["prose"].append(seconds if state == "done" else float("inf"))
            server.wait(lambda: token not in (fetch(server.base, PROSE_URL, 15) or token), 300)
    finally:
        server.stop()
    for _ in range(runs):
        server = Server(tree)
        try:
            times["restart"].append(server.first_build())
        finally:
            server.stop()
    return times


def side_by_side(against: str, only: list[str], runs: int, report: Path, load_before, started) -> int:
    samples: dict[str, dict[str, list[float]]] = {}  # measure -> tree -> seconds
    env_test = {"PYTEST_ADDOPTS": "--durations=0 --durations-min=0"}
    with two_trees(against) as trees:
        for run in range(runs):
            order = list(trees.items()) if run % 2 == 0 else list(trees.items())[::-1]  # take turns first
            for name, tree in order:
                label = "here" if name == "this tree" else "against"
                if "build" in only:
                    shutil.rmtree(tree / "site", ignore_errors=True)
                    shutil.rmtree(tree / ".cache", ignore_errors=True)
                    seconds = timed_in(tree, [str(ROOT / ".venv/bin/mkdocs"), "build"], LOGS / f"build-{label}-{run + 1}.log")
                    samples.setdefault("cold `mkdocs build`", {}).setdefault(name, []).append(seconds)
                if "test" in only:
                    shutil.rmtree(tree / ".cache", ignore_errors=True)
                    seconds = timed_in(tree, [str(ROOT / ".venv/bin/pytest")], LOGS / f"test-{label}-{run + 1}.log",
                                       dict(tree_env(tree), **env_test))
                    samples.setdefault("`pytest` (`make test`)", {}).setdefault(name, []).append(seconds)
                print(f"run {run + 1}/{runs} in {name} done", file=sys.stderr)
        if "serve" in only:
            for name, tree in trees.items():
                for measure, values in serve_times(tree, runs).items():
                    samples.setdefault(f"`mkdocs serve`: {measure}", {})[name] = values
    targets = {"cold `mkdocs build`": TARGET_BUILD_S, "`pytest` (`make test`)": TARGET_TEST_S,
               "`mkdocs serve`: cold": TARGET_SERVE_COLD_S, "`mkdocs serve`: restart": TARGET_SERVE_RESTART_S,
               "`mkdocs serve`: prose": TARGET_PROSE_RELOAD_S}
    names = {"`mkdocs serve`: cold": "`mkdocs serve`: first page, nothing cached",
             "`mkdocs serve`: restart": "`mkdocs serve` again, nothing changed: first page",
             "`mkdocs serve`: prose": f"prose edit → reloaded page (`{PROSE_PAGE}`)"}
    lines = [
        f"# Feedback loop, side by side with {against}", "",
        f"{time.strftime('%Y-%m-%d %H:%M')} · {os.cpu_count()} CPUs · Python {sys.version.split()[0]} · "
        f"load average (1 min) {load_before[0]:.1f} at start, {os.getloadavg()[0]:.1f} at end · "
        f"{time.perf_counter() - started:.0f} s in all · {runs} run(s) each, taking turns", "",
        f"| measure | target | this tree (median) | {against} (median) | ratio | this tree, all runs | verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    for measure, by_tree in samples.items():
        here, there = by_tree.get("this tree", []), by_tree.get(against, [])
        mine, theirs = statistics.median(here), statistics.median(there)
        ratio = f"{mine / theirs:.2f}" if math.isfinite(mine) and math.isfinite(theirs) and theirs else "—"
        target = targets[measure]
        verdict = "meets" if mine <= target else "**misses**"
        if not all(map(math.isfinite, here)):
            verdict += " (a run failed, see .cache/bench/)"
        lines.append(f"| {names.get(measure, measure)} | ≤ {target:g} s | {mine:.1f} s | {theirs:.1f} s | {ratio} | "
                     f"{', '.join(f'{x:.1f}' for x in here)} | {verdict} |")
    text = "\n".join(lines) + "\n"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(text, encoding="utf-8")
    print(text)
    print(f"(written to {report})", file=sys.stderr)
    return 0


# --- Under `mkdocs serve` -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(base: str, path: str, timeout: float = 15) -> str | None:
    # The dev server holds each request while it rebuilds, and for good after a failed rebuild:
    # poll with short requests so that a failure is noticed.
    try:
        with urllib.request.urlopen(base + path, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def wait_for(predicate, timeout: float, interval: float = 0.05):
    """Poll until predicate() returns something truthy; return (value, seconds) or (None, inf)."""
    begun = time.perf_counter()
    while time.perf_counter() - begun < timeout:
        value = predicate()
        if value:
            return value, time.perf_counter() - begun
        time.sleep(interval)
    return None, float("inf")


@contextmanager
def appended(path: Path, text: str):
    """Append text to a file and take exactly that text out again afterwards, keeping any edit
    someone else saved meanwhile (others may be editing the same tree)."""
    with path.open("a", encoding="utf-8") as out:
        out.write(text)
    try:
        yield
    finally:
        current = path.read_text(encoding="utf-8")
        if text in current:
            head, _, tail = current.rpartition(text)
            path.write_text(head + tail, encoding="utf-8")


class Server:
    """`mkdocs serve` as `make serve` runs it, on a free port, in its own process group so that
    stopping it also stops the notebook kernels it started."""

    def __init__(self, root: Path, extra: tuple[str, ...] = ()):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = LOGS / "serve.log"
        self.log = self.log_path.open("w")
        command = [str(ROOT / ".venv/bin/mkdocs"), "serve", "-a", f"127.0.0.1:{self.port}", *extra]
        # PYTHONPATH: the tree served, not the one the environment was installed from, provides
        # verified/ and snippets/ (to the server, its children and the notebook kernels).
        env = dict(ENV, PYTHONPATH=os.pathsep.join(filter(None, [str(root), ENV.get("PYTHONPATH")])))
        self.process = subprocess.Popen(
            command, cwd=root, stdout=self.log, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )

    def first_build(self, timeout: float = 900) -> float:
        def ready():
            if self.process.poll() is not None:
                return "exited"
            return fetch(self.base, PROSE_URL, timeout=5) and "up"

        state, seconds = wait_for(ready, timeout, interval=0.2)
        return seconds if state == "up" else float("inf")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()

    def builds(self) -> int:
        return self.log_text().count("Building documentation...")

    def failures(self) -> int:
        return self.log_text().count("An error happened during the rebuild")

    def wait(self, predicate, timeout: float) -> tuple[str, float]:
        """Poll until predicate() holds ("done"), a rebuild fails ("failed"), or time runs out."""
        failures = self.failures()

        def settled():
            if self.failures() > failures:
                return "failed"
            return predicate() and "done"

        state, seconds = wait_for(settled, timeout)
        return (state or "timed out"), (seconds if state == "done" else float("inf"))

    def log_text(self) -> str:
        self.log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def claim_state(base: str) -> dict | None:
    """What the served ledger says about the measured claims of CLAIM_SOURCE: a re-executed
    claim has new figures or a new measuring time (claims not applicable here have neither)."""
    text = fetch(base, "/claims.json", timeout=15)
    try:
        entries = json.loads(text)["claims"] if text else None
    except ValueError:
        return None
    if entries is None:
        return None
    return {
        e["id"]: (e["seconds"], json.dumps(e["figures"], sort_keys=True))
        for e in entries
        if e["source"] == CLAIM_SOURCE and e["figures"]
    }


def ledger_size(base: str) -> int | None:
    text = fetch(base, "/claims.json")
    try:
        return len(json.loads(text)["claims"]) if text else None
    except ValueError:
        return None


def claim_blocks(page: str | None, ids) -> dict[str, str]:
    """The verdict each claim shows on the page: from its anchor to the end of its admonition."""
    blocks = {}
    for claim_id in ids:
        at = (page or "").find(f'id="claim-{claim_id}"')
        blocks[claim_id] = (page or "")[at : page.find("</div>", at)] if at >= 0 else ""
    return blocks


@contextmanager
def served_tree(in_place: bool):
    """The tree `mkdocs serve` runs in. By default a private copy (with .git, for the page dates):
    the lead commits while others edit, and a commit taken during a measurement would otherwise
    capture the sentence or comment the measurement adds for a few seconds. It also keeps others'
    edits from triggering rebuilds in the middle of a measurement."""
    if in_place:
        yield ROOT
        return
    with tempfile.TemporaryDirectory(prefix="bench-tree-") as temp:
        copy = Path(temp) / ROOT.name
        shutil.copytree(ROOT, copy, symlinks=True,
                        ignore=shutil.ignore_patterns(".venv", ".tools", ".cache", "site", "__pycache__"))
        yield copy


def measure_serve(runs: int, in_place: bool = False) -> tuple[list[list[str]], list[str]]:
    with served_tree(in_place) as root:
        rows, notes = _measure_serve(runs, root)
    where = "this work tree" if in_place else "a private copy of the work tree"
    return rows, [f"`mkdocs serve` ran as `make serve` runs it, in {where}", *notes]


def _measure_serve(runs: int, root: Path) -> tuple[list[list[str]], list[str]]:
    rows, notes = [], []
    prose_page, claim_module = root / PROSE_PAGE, root / CLAIM_MODULE
    server = Server(root)
    try:
        load = os.getloadavg()[0]
        first = server.first_build()
        if first == float("inf") and "Aborted with" in server.log_text():
            # The tree has strict warnings (someone's edit in progress): the timing is the same
            # without strict, which only decides the exit status at the end.
            notes.append("the tree did not pass the strict build while serving; `mkdocs serve` ran with --no-strict")
            server.stop()
            server = Server(root, ("--no-strict",))
            load = os.getloadavg()[0]
            first = server.first_build()
        if first == float("inf"):
            notes.append(f"`mkdocs serve` never served a page; see {server.log_path.relative_to(ROOT)}")
            return rows, notes
        rows.append(row("`mkdocs serve`: first build", "—", [first], [load], None))
        ledger_first = ledger_size(server.base)

        prose, loads, crowded, failed = [], [], 0, 0
        for run in range(runs):
            token = f"bench-{uuid.uuid4().hex[:12]}"
            loads.append(os.getloadavg()[0])
            builds = server.builds()
            with appended(prose_page, f"\n\nThis sentence checks the preview, {token}.\n"):
                state, seconds = server.wait(lambda: token in (fetch(server.base, PROSE_URL, 15) or ""), 300)
                crowded += server.builds() - builds > 1
            failed += state == "failed"
            prose.append(seconds)
            print(f"prose edit {run + 1}/{runs}: {seconds:.2f} s ({state})", file=sys.stderr)
            server.wait(lambda: token not in (fetch(server.base, PROSE_URL, 15) or token), 300)  # restored, rebuilt
        notes.append(f"served ledger (claims.json): {ledger_first} claims after the first build, "
                     f"{ledger_size(server.base)} after the prose-edit rebuilds")
        rows.append(row(f"prose edit → reloaded page (`{PROSE_PAGE}`)", f"≤ {TARGET_PROSE_RELOAD_S:g} s", prose, loads,
                        statistics.median(prose) <= TARGET_PROSE_RELOAD_S,
                        "; ".join(filter(None, [_crowded(crowded, runs), _failed(failed, runs)]))))

        claim, loads, reran, redrawn, crowded, failed = [], [], 0, 0, 0, 0
        for run in range(runs):
            before = claim_state(server.base)
            if not before:
                notes.append(f"no measured claim of {CLAIM_SOURCE} in the served claims.json")
                break
            page_before = claim_blocks(fetch(server.base, CLAIM_URL), before)
            loads.append(os.getloadavg()[0])
            builds = server.builds()
            with appended(claim_module, f"# {uuid.uuid4().hex[:12]}: an edit that changes no behaviour\n"):
                state, seconds = server.wait(
                    lambda: (now := claim_state(server.base)) and all(now.get(k) != v for k, v in before.items()), 600
                )
                crowded += server.builds() - builds > 1
            claim.append(seconds)
            failed += state == "failed"
            if state == "done":
                reran += 1
                redrawn += claim_blocks(fetch(server.base, CLAIM_URL), before) != page_before
            after = claim_state(server.base)
            print(f"claim edit {run + 1}/{runs}: {seconds:.2f} s ({state})", file=sys.stderr)
            server.wait(lambda: (now := claim_state(server.base)) and now != after, 600)  # restored, rebuilt
        rows.append(row(f"claim-module edit → claims re-executed (`{CLAIM_MODULE}`)",
                        "claim re-executes", claim, loads, bool(claim) and reran == len(claim),
                        "; ".join(filter(None, [
                            f"re-measured in {reran}/{len(claim)} runs, page figures changed in {redrawn}/{len(claim)}",
                            _crowded(crowded, len(claim)), _failed(failed, len(claim))]))))
    finally:
        server.stop()
    return rows, notes


def _failed(failed: int, runs: int) -> str:
    # Under load a claim or a lab cell can fail its check (it measures the machine); the strict
    # server then keeps the last good site until a later rebuild passes.
    return f"{failed}/{runs} rebuilds failed, see .cache/bench/serve.log" if failed else ""


def _crowded(crowded: int, runs: int) -> str:
    # Others editing the same tree make the server rebuild too; an edit saved during such a
    # rebuild waits for it to finish.
    return f"{crowded}/{runs} samples overlapped a rebuild for someone else's edit" if crowded else ""


# --- Page weight --------------------------------------------------------------------------------


class _Page(HTMLParser):
    """What a page makes the browser load, and the visible text of its article."""

    BLOCKS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "figure", "figcaption",
              "blockquote", "details", "summary", "dt", "dd", "br", "section"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.assets: list[tuple[str, str]] = []  # (kind, url)
        self.text: list[str] = []
        self._article = 0
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").lower().split()
        if tag == "link" and attrs.get("href") and {"stylesheet", "icon", "preload", "modulepreload"} & set(rel):
            self.assets.append(("css" if "stylesheet" in rel else "other", attrs["href"]))
        elif tag == "script" and attrs.get("src"):
            self.assets.append(("js", attrs["src"]))
        elif tag == "img" and attrs.get("src"):
            self.assets.append(("img", attrs["src"]))
        if tag == "article":
            self._article += 1
        if tag in ("script", "style"):
            self._skip += 1
        if self._article and tag in self.BLOCKS:
            self.text.append("\n\n")

    def handle_endtag(self, tag):
        if tag == "article":
            self._article -= 1
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if self._article and not self._skip:
            self.text.append(data)

    def markdown(self) -> str:
        text = "".join(self.text)
        text = re.sub(r"[ \t]+", " ", text)
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        escaped = [html.escape(re.sub(r"([\\`*_\[\]#|!{}-])", r"\\\1", p), quote=False) for p in paragraphs]
        return "\n\n".join(escaped) + "\n"


def page_weight(site: Path, page: Path) -> dict:
    source = page.read_text(encoding="utf-8", errors="replace")
    parser = _Page()
    parser.feed(source)
    url = "/" + page.relative_to(site).as_posix()
    local, external, scripts = {}, [], []
    for kind, ref in parser.assets:
        if urlsplit(ref).scheme or ref.startswith("//"):
            external.append(ref)
            continue
        target = site / urljoin(url, urlsplit(ref).path).lstrip("/")
        if target.is_file():
            local[target] = kind
            if kind == "js":
                scripts.append(target.name)
    figures = [len(m.group(0).encode()) for m in
               re.finditer(r'<figure[^>]*class="[^"]*\bmeasured\b[^"]*"[^>]*>.*?</figure>', source, re.S)]
    figures += [f.stat().st_size for f, kind in local.items() if kind == "img" and "assets/images/favicon" not in str(f)]
    styles = sum(len(m.group(0).encode()) for m in re.finditer(r"<style[^>]*>.*?</style>", source, re.S))
    return {
        "html": len(source.encode()),
        "assets": sum(f.stat().st_size for f in local),
        "scripts": scripts,
        "external": external,
        "figures": figures,
        "inline_css": styles,
        "mermaid": 'class="mermaid"' in source,
        "pyodide": "pyodide" in "".join(parser.text).lower() or 'class="pyodide' in source,
        "text": parser.markdown(),
    }


def _mermaid_bytes() -> int:
    """The size of the mermaid script the site serves on pages with a diagram (verified_mkdocs/mermaid.py)."""
    from verified_mkdocs import mermaid

    return mermaid.CACHED.stat().st_size if mermaid.CACHED.is_file() else 0


MERMAID_BYTES = _mermaid_bytes()


def measure_weight() -> list[str]:
    site = ROOT / "site"
    if not (site / "index.html").is_file():
        with (LOGS / "build-for-weight.log").open("w") as out:
            subprocess.run(["make", "build"], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=ENV)
    pages = sorted(p for p in site.rglob("index.html") if p.parent != site / "404")
    measured = {page.relative_to(site): page_weight(site, page) for page in pages}

    # The bare page: the same visible text in a project that has nothing but `theme: material`.
    # One project holds every page, at the same paths, so each bare page also carries a nav.
    with tempfile.TemporaryDirectory(prefix="bare-material-") as bare:
        docs = Path(bare) / "docs"
        for rel, figures in measured.items():
            target = docs / (rel.parent.as_posix() + ".md" if rel.parent != Path(".") else "index.md")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(figures["text"], encoding="utf-8")
        (Path(bare) / "mkdocs.yml").write_text("site_name: Bare page\ntheme: material\n", encoding="utf-8")
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(Path(bare) / "mkdocs.yml")],
                       cwd=bare, check=True, env=ENV, capture_output=True)
        bare_site = Path(bare) / "site"
        bare_weight = {rel: page_weight(bare_site, bare_site / rel) for rel in measured}

    lines = [
        f"## Page weight: each page ≤ {TARGET_WEIGHT_RATIO:g}× a bare mkdocs-material page with the same text; "
        f"each figure ≤ {TARGET_FIGURE_BYTES // 1024} KB",
        "",
        "Weight = the HTML plus the local CSS, JS and images it links (external fonts not counted, listed below).",
        "",
        "| page | HTML KB | + assets KB | total KB | bare KB | ratio | figures (largest KB) | verdict | why |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    misses = figure_misses = 0
    bare_scripts = {name for w in bare_weight.values() for name in w["scripts"]}
    for rel, w in measured.items():
        b = bare_weight[rel]
        total, bare_total = w["html"] + w["assets"], b["html"] + b["assets"]
        ratio = total / bare_total
        big_figures = [f for f in w["figures"] if f > TARGET_FIGURE_BYTES]
        ok = ratio <= TARGET_WEIGHT_RATIO and not big_figures
        misses += ratio > TARGET_WEIGHT_RATIO
        figure_misses += len(big_figures)
        why = []
        if w["inline_css"] > 20_000:
            why.append(f"inline notebook CSS {w['inline_css'] / 1024:.0f} KB")
        extra_js = [s for s in w["scripts"] if s not in bare_scripts]
        if extra_js:
            used = " (used)" if w["pyodide"] else " (no pyodide fence on the page)"
            names = [f"{n} ×{extra_js.count(n)}" if extra_js.count(n) > 1 else n for n in dict.fromkeys(extra_js)]
            why.append("extra JS " + ", ".join(names) + used)
        if w["mermaid"]:
            with_mermaid = (total + MERMAID_BYTES) / bare_total if MERMAID_BYTES else None
            why.append("mermaid diagrams: the site's mermaid.min.js, loaded on this page, not counted"
                       + (f" (≈{MERMAID_BYTES / 1024:.0f} KB; {with_mermaid:.1f}× with it)" if with_mermaid else ""))
        if w["html"] > 2 * b["html"] and w["inline_css"] <= 20_000:
            why.append(f"HTML {w['html'] / b['html']:.1f}× bare")
        page_name = "/" if rel.parent == Path(".") else f"/{rel.parent.as_posix()}/"
        figures = f"{len(w['figures'])} ({max(w['figures']) / 1024:.1f})" if w["figures"] else "0"
        lines.append(
            f"| `{page_name}` | {w['html'] / 1024:.1f} | {w['assets'] / 1024:.1f} | {total / 1024:.1f} | "
            f"{bare_total / 1024:.1f} | {ratio:.2f}× | {figures} | {'meets' if ok else '**misses**'} | {'; '.join(why)} |"
        )
    externals = sorted({e for w in measured.values() for e in w["external"]})
    lines += [
        "",
        f"{misses} of {len(measured)} pages exceed {TARGET_WEIGHT_RATIO:g}×; {figure_misses} figures exceed "
        f"{TARGET_FIGURE_BYTES // 1024} KB.",
        "",
        "External assets (loaded by the browser, not counted): " + (", ".join(f"`{e}`" for e in externals) or "none"),
    ]
    return lines


if __name__ == "__main__":
    sys.exit(main())
