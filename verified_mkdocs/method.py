"""The table of every claim's thresholds and premises, for the page "How the claims are verified"."""

from __future__ import annotations

from verified.__main__ import load_all_claims
from verified_mkdocs.fences import DOCS

HEADINGS = {
    "en": ("Claim", "Thresholds (and why)", "Needs", "Negative control"),
    "ru": ("Утверждение", "Пороги (и почему)", "Требует", "Отрицательный контроль"),
}


def thresholds_table(lang: str) -> str:
    """A Markdown table built from the claims themselves, so it cannot drift from them."""
    rows = [f"| {' | '.join(HEADINGS[lang])} |", "|---|---|---|---|"]
    for claim_id, claim in sorted(load_all_claims().items()):
        checks = "<br>".join(
            f"`{e.describe()}`" + (f" — {e.why}" if e.why else "") for e in claim.expect
        )
        needs = ", ".join(f"`{r.key}`" for r in claim.requires) or "—"
        control = getattr(claim.control, "__doc__", None) or ""
        control = control.strip().splitlines()[0] if control.strip() else _source_of(claim.control)
        rows.append(f"| [`{claim_id}`]({_url_of(claim_id)}) | {checks} | {needs} | {control} |")
    return "\n".join(rows)


def _url_of(claim_id: str) -> str:
    """Where the claim is made, relative to this page's URL in either language.

    MkDocs rewrites `page.md` links only in the page's own Markdown, not in what an executed
    block prints, so this builds the directory URL itself (both languages share the layout).
    """
    block = f'id="claim-{claim_id}"'
    for page in sorted(DOCS.glob("*.md")):
        if not page.name.endswith(".ru.md") and block in page.read_text(encoding="utf-8"):
            return f"../{page.stem}/#claim-{claim_id}"
    raise LookupError(f"claim '{claim_id}' is not reported on any page")


def _source_of(function) -> str:
    import inspect

    try:
        source = inspect.getsource(function).strip()
    except (OSError, TypeError):
        return "—"
    if "lambda" in source:
        source = source[source.index("lambda") :].rstrip(",")
    return f"`{source}`" if len(source) < 110 else f"`{source[:107]}…`"


ENVIRONMENT_HEADINGS = {
    "en": ("Where", "Python", "Start method", "CPUs", "What it judges"),
    "ru": ("Где", "Python", "Способ запуска", "Процессоры", "Что проверяется"),
}
WHERE = {
    "everywhere": {"en": "our machines, `make everywhere`", "ru": "наши машины, `make everywhere`"},
    "ci.yml": {"en": "GitHub, every pull request and push", "ru": "GitHub, каждый pull request и push"},
    "pages.yml": {"en": "GitHub, the publish", "ru": "GitHub, публикация"},
}
WHAT = {
    "everywhere": {"en": "every claim", "ru": "все утверждения"},
    "ci.yml": {"en": "every claim, page block and test", "ru": "все утверждения, блоки страниц и тесты"},
    "pages.yml": {"en": "every claim: **the verdicts this site shows**",
                  "ru": "все утверждения: **вердикты, которые показывает этот сайт**"},
}
DEFAULT_METHOD = {"en": "default", "ru": "по умолчанию"}
ONE_CPU = {"en": "1 (pinned)", "ru": "1 (закреплён)"}
ALL_CPUS = {"en": "all (2 here, 4 on GitHub)", "ru": "все (здесь 2, на GitHub 4)"}


SWITCH_INTERVAL = {"en": "switch interval {:g} s", "ru": "интервал переключения {:g} с"}


def _python_label(version: str, place=None, lang: str = "en") -> str:
    label = f"{version.rstrip('t')} free-threaded" if version.endswith("t") else version
    if place is not None and place.gil is not None:
        label += f", `PYTHON_GIL={place.gil}`"
    if place is not None and place.switch_interval is not None:
        label += ", " + SWITCH_INTERVAL[lang].format(place.switch_interval)
    return label


def environments_table(lang: str) -> str:
    """Where the claims are judged, from `make everywhere`'s list and the GitHub workflows themselves."""
    from maintenance.everywhere import PLACES
    from maintenance.rehearse import WORKFLOWS, workflow_pythons

    rows = [(WHERE["everywhere"][lang], _python_label(p.python, p, lang), p.start_method or DEFAULT_METHOD[lang],
             ONE_CPU[lang] if p.one_cpu else ALL_CPUS[lang], WHAT["everywhere"][lang]) for p in PLACES]
    for name in ("ci.yml", "pages.yml"):
        rows += [(WHERE[name][lang], _python_label(version), DEFAULT_METHOD[lang], ALL_CPUS[lang], WHAT[name][lang])
                 for version in workflow_pythons(WORKFLOWS / name)]
    lines = [f"| {' | '.join(ENVIRONMENT_HEADINGS[lang])} |", "|---|---|---|---|---|"]
    return "\n".join([*lines, *(f"| {' | '.join(row)} |" for row in rows)])
