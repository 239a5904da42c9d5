"""How verdicts, the ledger and measured timelines look on a page (Markdown and inline SVG)."""

from __future__ import annotations

import html
import math
from textwrap import indent

from verified.claims import Result

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
        "page": "Where",
        "verdict": "Verdict",
        "statement": "Statement",
    },
    "ru": {
        "verified": "Проверено",
        "not applicable": "Здесь неприменимо",
        "failed": "Утверждение не подтвердилось",
        "figure": "Измерено",
        "value": "Значение",
        "check": "Проверка",
        "margin": "запас",
        "measured on": "Измерено на",
        "why na": "Здесь не измерялось: утверждению",
        "claim": "Утверждение",
        "page": "Где",
        "verdict": "Вердикт",
        "statement": "Формулировка",
    },
}

# A timeline's units and bar kinds, in the page's language (tooltips and axis ticks).
TIMELINE_WORDS = {
    "en": {"s": "s", "ms": "ms", "cpu": "computing", "wait": "waiting"},
    "ru": {"s": "с", "ms": "мс", "cpu": "вычисления", "wait": "ожидание"},
}

ADMONITION = {"verified": "success", "not applicable": "info", "failed": "failure"}


def format_value(value) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


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
        body += [f"| `{name}` | {format_value(value)} |" for name, value in result.scalar_figures.items()]
        body.append("")
        for check in result.checks:
            margin = "" if math.isinf(check.margin) else f" ({words['margin']} {check.margin:.0%})"
            mark = "✔" if check.passed else "✘"
            body.append(
                f"{mark} {words['check']}: `{check.expect.describe()}` → {format_value(check.value)}{margin}  "
            )
    body += ["", f"<small>{words['measured on']}: {html.escape(result.environment.summary())}</small>"]
    text = f'!!! {ADMONITION[result.verdict]} "{title}"\n\n' + indent("\n".join(body), "    ") + "\n"
    if claim.draw is not None and result.verdict != "not applicable":
        text += "\n" + claim.draw(result.figures, lang) + "\n"
    return text


def ledger_html(entries: list[dict], lang: str, url_prefix: str) -> str:
    """The claims ledger table; `url_prefix` leads from the ledger page to the site root."""
    words = WORDS[lang]
    rows = []
    for entry in sorted(entries, key=lambda e: e["id"]):
        page = entry["pages"].get(lang)
        where = (
            f'<a href="{url_prefix}{page}#claim-{entry["id"]}">{html.escape(page or "/")}</a>'
            if page is not None
            else "—"
        )
        rows.append(
            f"<tr><td><code>{entry['id']}</code></td><td>{html.escape(entry['statement'][lang])}</td>"
            f"<td>{words[entry['verdict']]}</td><td>{where}</td></tr>"
        )
    head = f"<tr><th>{words['claim']}</th><th>{words['statement']}</th><th>{words['verdict']}</th><th>{words['page']}</th></tr>"
    return f'<table class="claims-ledger">\n<thead>{head}</thead>\n<tbody>\n' + "\n".join(rows) + "\n</tbody></table>"


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
        text = format(value, spec)
        return text.replace(".", ",") if lang == "ru" else text

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
