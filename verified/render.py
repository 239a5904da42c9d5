"""How verdicts, the ledger and measured timelines look on a page (Markdown and inline SVG)."""

from __future__ import annotations

import html
import math
import re
import sys
import time
from textwrap import indent

from verified import matrix
from verified.claims import REGISTRY, Result

WORDS = {
    "en": {
        "verified": "Verified",
        "not applicable": "Not applicable here",
        "failed": "Claim failed",
        "figure": "Measured",
        "value": "Value",
        "check": "Check",
        "margin": "margin",
        "measured on": "Measured on",
        "why na": "Not measured here: it",
        "claim": "Claim",
        "this build": "this build",
        "elsewhere": "Judged in {n} more environments: {summary}",
        "elsewhere one": "Judged in {n} more environment: {summary}",
        "elsewhere none": "No other environment was judged alongside this build (`make everywhere` before the "
        "build adds them).",
        "counts": {"verified": "{} verified", "not applicable": "{} not applicable", "failed": "{} failed"},
        "symbol": {"verified": "verified", "not applicable": "not applicable", "failed": "failed"},
    },
    "ru": {
        "verified": "Проверено",
        "not applicable": "Здесь неприменимо",
        "failed": "Утверждение не подтвердилось",
        "figure": "Величина",
        "value": "Значение",
        "check": "Проверка",
        "margin": "запас",
        "measured on": "Измерено в окружении",
        "why na": "Здесь не измерялось: утверждению",
        "claim": "Утверждение",
        "this build": "эта сборка",
        "elsewhere": "Утверждение проверялось ещё в {n} окружениях: {summary}",
        "elsewhere one": "Утверждение проверялось ещё в {n} окружении: {summary}",
        "elsewhere none": "Вместе с этой сборкой другие окружения не проверялись (их добавляет `make everywhere`, "
        "запущенный перед сборкой).",
        # After "Утверждение проверялось ещё в N окружениях:" — "подтвердилось в 11, не подтвердилось в 1".
        "counts": {"verified": "подтвердилось в {}", "not applicable": "неприменимо в {}",
                   "failed": "не подтвердилось в {}"},
        "symbol": {"verified": "подтверждено", "not applicable": "неприменимо", "failed": "не подтвердилось"},
    },
}

# A timeline's units and bar kinds, in the page's language (tooltips and axis ticks).
TIMELINE_WORDS = {
    "en": {"s": "s", "ms": "ms", "cpu": "computing", "wait": "waiting"},
    "ru": {"s": "с", "ms": "мс", "cpu": "вычисления", "wait": "ожидание"},
}

ADMONITION = {"verified": "success", "not applicable": "info", "failed": "failure"}
SYMBOL = {"verified": "✓", "not applicable": "–", "failed": "✗"}


def figure_label(claim_id: str, figure: str, lang: str) -> str:
    """What a figure is, in words (the claims module's FIGURE_LABELS), or its id where none is given."""
    claim = REGISTRY.get(claim_id)
    labels = getattr(sys.modules.get(claim.module if claim else ""), "FIGURE_LABELS", {})
    return labels.get(figure, {}).get(lang, figure)


def verdict_symbol(verdict: str, lang: str) -> str:
    """A verdict as a symbol, with its word for screen readers and as a tooltip."""
    word = WORDS[lang]["symbol"][verdict]
    return (f'<span class="verdict-symbol verdict-{verdict.replace(" ", "-")}" title="{word}">'
            f'<span aria-hidden="true">{SYMBOL[verdict]}</span><span class="visually-hidden">{word}</span></span>')


def _check_text(claim_id: str, check: dict, lang: str) -> str:
    label = figure_label(claim_id, check["figure"], lang)
    return (f"{html.escape(label)}: {format_value(check['measured'], lang)} "
            f"({check['op']} {format_value(float(check['limit']), lang)})")


def elsewhere_markdown(claim_id: str, lang: str) -> str:
    """The collapsible list of the other environments' verdicts on this claim (verified/matrix.py)."""
    words = WORDS[lang]
    rows = [(ledger, entry) for ledger in matrix.others() if (entry := matrix.entry_of(ledger, claim_id))]
    if not rows:
        return f"<small>{words['elsewhere none']}</small>"
    counts = {v: sum(entry["verdict"] == v for _, entry in rows) for v in ("verified", "not applicable", "failed")}
    summary = ", ".join(words["counts"][v].format(n) for v, n in counts.items() if n)
    # A list, not a table: it wraps on a phone instead of scrolling (a scrolling box needs focus).
    items = []
    for ledger, entry in rows:
        if entry["verdict"] == "not applicable":
            decided = html.escape("; ".join(entry["reasons"][lang]))
        else:
            check = matrix.deciding_check(entry)
            decided = _check_text(claim_id, check, lang) if check else "—"
        items.append(f"- {verdict_symbol(entry['verdict'], lang)} **{html.escape(matrix.describe(ledger['environment'], lang))}**"
                     f": {decided} <small>({matrix.when(ledger.get('measured_at'))})</small>")
    # "1 more environment", "в 21 окружении": the singular where the number calls for it.
    one = len(rows) == 1 if lang == "en" else len(rows) % 10 == 1 and len(rows) % 100 != 11
    title = words["elsewhere one" if one else "elsewhere"].format(n=len(rows), summary=summary)
    return f'??? abstract "{title}"\n\n' + indent("\n".join(items), "    ")


def decimal(text: str, lang: str) -> str:
    """A number already formatted the English way, as that language writes it: 16,261.5 / 16 261,5."""
    return text.replace(",", "\u00a0").replace(".", ",") if lang == "ru" else text


def format_value(value, lang: str = "en") -> str:
    """A figure as a reader of that language writes numbers: 0.215 and 16,261 / 0,215 and 16 261."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        text = f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    elif isinstance(value, int):
        text = f"{value:,}"
    else:
        return str(value)
    return decimal(text, lang)


def verdict_markdown(result: Result, lang: str) -> str:
    words = WORDS[lang]
    claim = result.claim
    title = f"{words[result.verdict]}: {claim.id}"
    body = [f'<span id="claim-{claim.id}"></span>{claim.statement[lang]}', ""]
    if result.verdict == "not applicable":
        reasons = "; ".join(req.reason(result.environment, lang) for req in result.reasons)
        body.append(f"{words['why na']} {reasons}.")
    else:
        body += [f"| {words['figure']} | {words['value']} |", "|---|---|"]
        body += [f'| <span title="{name}">{html.escape(figure_label(claim.id, name, lang))}</span> | '
                 f"{format_value(value, lang)} |" for name, value in result.scalar_figures.items()]
        body.append("")
        for check in result.checks:
            margin = "" if math.isinf(check.margin) else f" ({words['margin']} {check.margin:.0%})"
            mark = "✔" if check.passed else "✘"
            label = html.escape(figure_label(claim.id, check.expect.figure, lang))
            body.append(f"{mark} {words['check']}: {label} {check.expect.op} "
                        f"{format_value(float(check.expect.limit), lang)} → {format_value(check.value, lang)}{margin}  ")
    measured_at = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(result.ended))
    where = matrix.describe(result.environment.as_dict(), lang)
    body += ["", f"<small>{words['measured on']}: {html.escape(where)}, {measured_at}</small>",
             "", elsewhere_markdown(claim.id, lang)]
    text = f'!!! {ADMONITION[result.verdict]} "{title}"\n\n' + indent("\n".join(body), "    ") + "\n"
    if claim.draw is not None and result.verdict != "not applicable":
        text += "\n" + claim.draw(result.figures, lang) + "\n"
    return text


_CODE_SPAN = re.compile(r"`([^`]+)`")


def inline_markdown(text: str) -> str:
    """A statement as HTML: claims use Markdown only for code spans."""
    return _CODE_SPAN.sub(lambda m: f"<code>{m.group(1)}</code>", html.escape(text, quote=False))


def ledger_html(entries: list[dict], lang: str, url_prefix: str, order: list[tuple[str, str]]) -> str:
    """The claims matrix: one table per page that makes claims, in reading order (`order`: each page's
    URL and title), one row per claim, one column for this build and one per other environment
    (verified/matrix.py). `url_prefix` leads from the ledger page to the site root."""
    words = WORDS[lang]
    others = matrix.others()
    head = [f"<th>{words['claim']}</th>", f'<th title="{html.escape(words["this build"])}">{words["this build"]}</th>']
    head += [f'<th title="{html.escape(matrix.describe(ledger["environment"], lang))}">'
             f'{html.escape(matrix.short_label(ledger["environment"]))}</th>' for ledger in others]
    by_page: dict[str, list[dict]] = {}
    for entry in entries:
        by_page.setdefault(entry["pages"].get(lang) or "", []).append(entry)
    titles = dict(order)
    pages = [url for url, _ in order if url in by_page] + sorted(set(by_page) - set(titles))
    parts = []
    for url in pages:
        title = titles.get(url) or url or "—"
        parts.append(f'<h2><a href="{url_prefix}{url}">{html.escape(title)}</a></h2>' if url else f"<h2>{title}</h2>")
        rows = []
        for entry in sorted(by_page[url], key=lambda e: e["id"]):
            link = f'{url_prefix}{url}#claim-{entry["id"]}'
            cells = [f'<td><a href="{link}">{entry["id"]}</a><br>{inline_markdown(entry["statement"][lang])}</td>',
                     f"<td>{verdict_symbol(entry['verdict'], lang)}</td>"]
            for ledger in others:
                other = matrix.entry_of(ledger, entry["id"])
                cells.append(f"<td>{verdict_symbol(other['verdict'], lang) if other else '—'}</td>")
            rows.append(f"<tr>{''.join(cells)}</tr>")
        parts.append(f'<div class="claims-matrix"><table>\n<thead><tr>{"".join(head)}</tr></thead>\n<tbody>\n'
                     + "\n".join(rows) + "\n</tbody></table></div>")
    return "\n".join(parts)


def timeline_svg(lanes: list[tuple[str, list[tuple[float, float, str]]]], *, title: str, description: str,
                 caption: str, lang: str, unit: str = "s") -> str:
    """A timeline figure: one lane per label, bars from start to end, coloured by kind.

    kinds: "cpu" (the thread runs Python code) and "wait" (it waits for I/O or sleeps).
    Colours come from CSS (docs/stylesheets/figures.css), so the figure follows the
    light and dark themes.
    """
    words = TIMELINE_WORDS[lang]
    unit_word = words[unit]

    def number(value: float, spec: str) -> str:
        return decimal(format(value, spec), lang)

    end = max((stop for _, bars in lanes for _, stop, _ in bars), default=1.0) or 1.0
    label_width, width, lane_height, top = 150, 640, 26, 10
    scale = (width - label_width - 20) / end
    height = top + lane_height * len(lanes) + 34
    parts = [
        f'<svg class="timeline" viewBox="0 0 {width} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{html.escape(title)}</title><desc>{html.escape(description)}</desc>",
    ]
    for index, (label, bars) in enumerate(lanes):
        y = top + index * lane_height
        parts.append(f'<text x="0" y="{y + 16}" class="label">{html.escape(label)}</text>')
        for start, stop, kind in bars:
            x = label_width + start * scale
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 3}" width="{max((stop - start) * scale, 1.5):.1f}" '
                f'height="{lane_height - 8}" class="{kind}"><title>{words[kind]}: {number(start, ".3f")}–{number(stop, ".3f")} {unit_word}</title></rect>'
            )
    axis_y = top + lane_height * len(lanes) + 4
    parts.append(f'<line x1="{label_width}" y1="{axis_y}" x2="{width - 20}" y2="{axis_y}" class="axis"/>')
    for tick in _ticks(end):
        x = label_width + tick * scale
        parts.append(f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 4}" class="axis"/>')
        parts.append(f'<text x="{x:.1f}" y="{axis_y + 18}" class="tick">{number(tick, "g")} {unit_word}</text>')
    parts.append("</svg>")
    svg = "".join(parts)
    return f'<figure class="measured">{svg}<figcaption>{html.escape(caption)}</figcaption></figure>'


def _ticks(end: float) -> list[float]:
    step = 10 ** math.floor(math.log10(end)) if end > 0 else 1
    if end / step < 3:
        step /= 2
    count = int(end / step) + 1
    return [round(i * step, 6) for i in range(count)]
