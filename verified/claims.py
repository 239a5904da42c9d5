"""Claims: a statement, the measurement that backs it, and the verdict a page shows.

A claim lives in a `claims.py` module under `snippets/`; a page reports it with
`CLAIM.report()` in an executed block. The measurement runs once per build (and
once per test session), so both languages show the same figures.
"""

from __future__ import annotations

import math
import operator
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from verified.environment import Environment

LANGUAGES = ("en", "ru")

# Which page is being rendered: set by the MkDocs hooks and by the pytest plugin.
context: dict[str, str | None] = {"lang": "en", "page": None, "url": None}

REGISTRY: dict[str, Claim] = {}
_results: dict[str, Result] = {}
# claim id -> {lang: page url} where the claim is reported
_reported_at: dict[str, dict[str, str]] = {}


class ClaimFailed(AssertionError):
    """A claim whose premise holds here was measured and did not hold."""


class ClaimDefinitionError(ValueError):
    """A claim is declared wrongly (bad id, missing language, unknown figure)."""


# What a premise is about. A claim is "not applicable" where its SUBJECT premise fails: the statement is
# about another Python, build or OS. Where a MACHINE premise fails, the statement may well hold, but this
# machine cannot show it (one CPU, no way to pin a process): a verdict that a publish must not accept.
SUBJECT = "subject"
MACHINE = "machine"


@dataclass(frozen=True)
class Requirement:
    """A premise about the environment; where it does not hold the claim is not applicable."""

    holds: Callable[[Environment], bool]
    text: Mapping[str, str]  # what is needed, per language
    key: str  # machine-readable, for claims.json
    kind: str = SUBJECT  # SUBJECT or MACHINE

    def __post_init__(self) -> None:
        if self.kind not in (SUBJECT, MACHINE):
            raise ClaimDefinitionError(f"requirement '{self.key}' has kind {self.kind!r}: use SUBJECT or MACHINE")

    def reason(self, env: Environment, lang: str) -> str:
        return self.text[lang].format(env=env)


def needs_gil() -> Requirement:
    return Requirement(
        lambda env: env.gil_enabled,
        {"en": "needs the GIL enabled (it is off here)", "ru": "нужен включённый GIL (здесь он выключен)"},
        "gil-enabled",
    )


def needs_gil_build() -> Requirement:
    return Requirement(
        lambda env: not env.free_threaded_build,
        {
            "en": "needs a standard build with the GIL (this is a {env.build} build, whose C code may let go of a "
            "re-enabled GIL where a standard build keeps it)",
            "ru": "нужна обычная сборка с GIL (здесь сборка {env.build}: её код на C может отпускать снова "
            "включённый GIL там, где обычная сборка его держит)",
        },
        "gil-build",
    )


def needs_no_gil() -> Requirement:
    return Requirement(
        lambda env: not env.gil_enabled,
        {
            "en": "needs a free-threaded build with the GIL off (this is a {env.build} build, GIL on)",
            "ru": "нужна free-threaded сборка с выключенным GIL (здесь сборка {env.build}, GIL включён)",
        },
        "gil-disabled",
    )


def needs_switch_interval(at_least: float) -> Requirement:
    """Measurements that tell threads taking turns from threads running at once, by CPU time."""
    return Requirement(
        lambda env: env.switch_interval_s >= at_least,
        {
            "en": f"needs a switch interval of {at_least:g} s or more (here {{env.switch_interval_s:g}} s: the GIL "
            "changes hands so often that the waiting thread's CPU time for each hand-off looks like running at once)",
            "ru": f"нужен интервал переключения не меньше {at_least:g} с (здесь {{env.switch_interval_s:g}} с: GIL "
            "переходит из рук в руки так часто, что процессорное время ждущего потока на каждую передачу "
            "выглядит как одновременная работа)",
        },
        f"switch-interval>={at_least:g}",
    )


def needs_cpus(count: int) -> Requirement:
    return Requirement(
        lambda env: env.cpus >= count,
        {
            "en": f"needs at least {count} CPUs (this process may use {{env.cpus}})",
            "ru": f"нужно не меньше {count} CPU (этому процессу доступно {{env.cpus}})",
        },
        f"cpus>={count}",
        MACHINE,
    )


def needs_python(major: int, minor: int) -> Requirement:
    return Requirement(
        lambda env: tuple(int(part) for part in env.python.split(".")[:2]) >= (major, minor),
        {
            "en": f"needs Python {major}.{minor} or newer (this is {{env.python}})",
            "ru": f"нужен Python {major}.{minor} или новее (здесь {{env.python}})",
        },
        f"python>={major}.{minor}",
    )


_OPERATORS = {">=": operator.ge, "<=": operator.le, "==": operator.eq}


@dataclass(frozen=True)
class Expect:
    """One threshold a figure must meet. `why` justifies the limit for a reviewer."""

    figure: str
    op: str
    limit: float
    why: str = ""

    def passes(self, value: float) -> bool:
        return _OPERATORS[self.op](value, self.limit)

    def margin(self, value: float) -> float:
        """How far the value is inside the limit, as a fraction of the limit (negative: outside)."""
        if self.op == "==":  # an exact check has no margin to speak of: it holds or not
            return math.inf if value == self.limit else -math.inf
        if self.limit == 0:
            return math.inf if self.passes(value) else -math.inf
        distance = value - self.limit if self.op == ">=" else self.limit - value
        return distance / abs(self.limit)

    def describe(self) -> str:
        return f"{self.figure} {self.op} {self.limit:g}"


def at_least(figure: str, limit: float, why: str = "") -> Expect:
    return Expect(figure, ">=", limit, why)


def at_most(figure: str, limit: float, why: str = "") -> Expect:
    return Expect(figure, "<=", limit, why)


def exactly(figure: str, value: float, why: str = "") -> Expect:
    return Expect(figure, "==", value, why)


@dataclass
class Check:
    expect: Expect
    value: float
    passed: bool
    margin: float


@dataclass
class Result:
    claim: Claim
    verdict: str  # "verified" | "not applicable" | "failed"
    environment: Environment
    figures: dict = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    reasons: list[Requirement] = field(default_factory=list)
    seconds: float = 0.0
    ended: float = field(default_factory=time.time)  # when it was judged (seconds since the epoch)

    @property
    def scalar_figures(self) -> dict[str, float | int | str | bool]:
        return {k: v for k, v in self.figures.items() if isinstance(v, (int, float, str, bool))}

    def __reduce__(self):
        # Kept on disk by the preview (verified_mkdocs/preview_cache.py): the claim, its premises and
        # expectations by reference, since their functions cannot be pickled.
        checks = [(self.claim.expect.index(c.expect), c.value, c.passed, c.margin) for c in self.checks]
        reasons = [self.claim.requires.index(r) for r in self.reasons]
        state = (self.claim, self.verdict, self.environment, self.figures, checks, reasons, self.seconds, self.ended)
        return _restore_result, state

    def failure_message(self) -> str:
        failed = [c for c in self.checks if not c.passed]
        details = "; ".join(f"{c.expect.describe()} but measured {c.value:.4g}" for c in failed)
        return f"claim '{self.claim.id}' does not hold: {details} [{self.environment.summary()}]"


Figures = dict


def _restore_result(claim, verdict, environment, figures, checks, reasons, seconds, ended) -> Result:
    return Result(claim, verdict, environment, figures,
                  [Check(claim.expect[i], value, passed, margin) for i, value, passed, margin in checks],
                  [claim.requires[i] for i in reasons], seconds, ended)


def _claim_by_id(claim_id: str, module: str) -> Claim:
    import importlib

    importlib.import_module(module)  # declares its claims
    return REGISTRY[claim_id]


@dataclass(eq=False)
class Claim:
    """A statement about Python's behaviour, checked by measuring it.

    measure: runs the experiment and returns named figures (numbers, plus any series
        that `draw` needs).
    expect: thresholds over those figures; all must pass for "verified".
    control: the same experiment with the claim's premise broken (a CPU spin instead of
        a wait, C code that releases the GIL, one CPU instead of two); the checks must
        then fail, which proves they can (tests/test_claims.py).
    requires: premises about the environment; if one fails, "not applicable here".
    draw: optional; turns the figures into an inline SVG for the page.
    """

    id: str
    statement: Mapping[str, str]
    measure: Callable[[], Figures]
    expect: tuple[Expect, ...]
    control: Callable[[], Figures]
    requires: tuple[Requirement, ...] = ()
    draw: Callable[[Figures, str], str] | None = None

    def __post_init__(self) -> None:
        if not self.id or not self.id.replace("-", "").isalnum() or self.id != self.id.lower():
            raise ClaimDefinitionError(f"claim id {self.id!r} must be lower-case words joined by '-'")
        missing = [lang for lang in LANGUAGES if not self.statement.get(lang)]
        if missing:
            raise ClaimDefinitionError(f"claim '{self.id}' has no statement in {', '.join(missing)}")
        if not self.expect:
            raise ClaimDefinitionError(f"claim '{self.id}' has no expectation: it could never fail")
        self.expect = tuple(self.expect)
        self.requires = tuple(self.requires)
        earlier = REGISTRY.get(self.id)
        if earlier is not None and earlier.module != self.module:
            raise ClaimDefinitionError(f"claim id '{self.id}' is declared in {earlier.module} and {self.module}")
        REGISTRY[self.id] = self

    def __reduce__(self):
        return _claim_by_id, (self.id, self.module)

    @property
    def module(self) -> str:
        return getattr(self.measure, "__module__", "?")

    def run(self) -> Result:
        """Measure (once per build or test session) and judge."""
        if self.id not in _results:
            _results[self.id] = evaluate(self)
        return _results[self.id]

    def report(self) -> str:
        """The verdict for the current page, as Markdown; raises if the claim fails.

        Pages print it: markdown-exec captures only the block's own print().
        """
        result = self.run()
        lang = context["lang"] or "en"
        if context["url"] is not None:
            _reported_at.setdefault(self.id, {})[lang] = context["url"]
        from verified.render import verdict_markdown

        if result.verdict == "failed":
            raise ClaimFailed(result.failure_message())
        return verdict_markdown(result, lang)


def evaluate(claim: Claim, measure: Callable[[], Figures] | None = None, *, premises: bool = True) -> Result:
    """Judge a claim. `measure` replaces its experiment; premises=False judges it even
    where its requirements do not hold (negative controls use both)."""
    env = Environment.current()
    unmet = [req for req in claim.requires if premises and not req.holds(env)]
    if unmet:
        return Result(claim, "not applicable", env, reasons=unmet)
    started = time.perf_counter()
    figures = dict((measure or claim.measure)())
    seconds = time.perf_counter() - started
    checks = []
    for expect in claim.expect:
        if expect.figure not in figures:
            raise ClaimDefinitionError(
                f"claim '{claim.id}' expects figure '{expect.figure}', but the measurement "
                f"returned only {sorted(figures)}"
            )
        value = figures[expect.figure]
        checks.append(Check(expect, value, expect.passes(value), expect.margin(value)))
    verdict = "verified" if all(check.passed for check in checks) else "failed"
    return Result(claim, verdict, env, figures, checks, seconds=seconds)


def reset() -> None:
    """Forget measured results (a new build measures afresh)."""
    _results.clear()
    _reported_at.clear()


def results() -> dict[str, Result]:
    return dict(_results)


def reported_at() -> dict[str, dict[str, str]]:
    return {claim_id: dict(pages) for claim_id, pages in _reported_at.items()}


def ledger_entry(result: Result) -> dict:
    """One claim as it appears in claims.json."""
    claim = result.claim
    return {
        "id": claim.id,
        "statement": dict(claim.statement),
        "pages": _reported_at.get(claim.id, {}),
        "verdict": result.verdict,
        "figures": result.scalar_figures,
        "checks": [
            {
                "figure": c.expect.figure,
                "op": c.expect.op,
                "limit": c.expect.limit,
                "measured": c.value,
                "margin": None if math.isinf(c.margin) else round(c.margin, 4),
                "passed": c.passed,
                "why": c.expect.why,
            }
            for c in result.checks
        ],
        "requires": [req.key for req in claim.requires],
        "machine_requires": [req.key for req in claim.requires if req.kind == MACHINE],
        "unmet": [req.key for req in result.reasons],
        "not_applicable_because": [req.reason(result.environment, "en") for req in result.reasons],
        "reasons": {lang: [req.reason(result.environment, lang) for req in result.reasons] for lang in LANGUAGES},
        "seconds": round(result.seconds, 3),
        "environment": result.environment.as_dict(),
        "source": claim.module,
    }


def _measured_at(results: list[Result]) -> str:
    """When the measurements ended (UTC, to the minute), or now if nothing was measured."""
    ended = max((r.ended for r in results), default=time.time())
    return time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime(ended))


def ledger(results: list[Result]) -> dict:
    """The ledger of one environment, as claims.json and `python -m verified --json` write it: the claims,
    and what they were measured on (the interpreter and machine, the commit, and a digest of the code
    that measures them, which a commit id alone does not pin while the work tree has changes)."""
    from verified.provenance import commit, sources_digest

    return {
        "environment": Environment.current().as_dict(),
        "commit": commit(),
        "sources": sources_digest(),
        "measured_at": _measured_at(results),
        "claims": sorted((ledger_entry(r) for r in results), key=lambda e: e["id"]),
    }
