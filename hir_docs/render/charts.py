"""Charts for the reports: PNG images made with matplotlib, byte for byte reproducible.

The Agg backend, the DejaVu Sans font that ships with matplotlib, a fixed size and
resolution, and no "Software" text chunk: the same numbers give the same bytes on every
machine, so a rendered report stays byte-identical. Each chart carries a short text
alternative (``Chart.description``, the Word picture description); the numbers are in a
table beside it in the report.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt  # noqa: E402  (after choosing the backend)

from hir_docs.formatting import number, percent  # noqa: E402

_STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "svg.hashsalt": "hir-docs",
    "path.simplify": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
DPI = 150
MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


@dataclass(frozen=True)
class Chart:
    """A PNG chart for a report: the image, its text alternative and its width in mm."""

    png: bytes
    description: str
    width_mm: int = 160

    def __bool__(self) -> bool:  # an empty chart is left out of the report
        return bool(self.png)


def _png(fig: plt.Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def _n(value: float) -> str:
    """A limit or target as the report's text shows it: '15', '17,5'."""
    return number(value, 0 if float(value).is_integer() else 1)


def month_label(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day:%y}"


# Lines of the caseworkers over the limit (the rest are the grey band of all).
HIGHLIGHT = ["#C00000", "#7030A0", "#0070C0", "#00B050", "#ED7D31", "#833C0B", "#2F5597"]
HIGHLIGHT += ["#BF8F00"]


def _over_text(series: dict[str, dict[dt.date, float]], over: list[str], limit: float) -> str:
    parts = []
    for name in over:
        months = [d for d, v in sorted(series[name].items()) if v > limit + 1e-9]
        top = max(series[name].values())
        parts.append(f"{name} ({', '.join(month_label(d) for d in months)}; højst {_n(top)})")
    return "; ".join(parts)


def caseload_chart(
    series: dict[str, dict[dt.date, float]],
    band: tuple[float, float],
    title: str,
    table_note: str = "Tallene står i tabellen.",
) -> Chart:
    """Cases per full-time post on each month end: the range of all caseworkers (lowest
    to highest, a grey band), the limit band and line, and a named line for each
    caseworker above the limit; the legend to the right of the plot, outside the data.
    Readable with 10-14 caseworkers: only those over the limit get a line of their own."""
    dates = sorted({d for values in series.values() for d in values})
    if not dates:
        return Chart(b"", "")
    limit = band[1]
    over = sorted(
        name for name, values in series.items() if any(v > limit + 1e-9 for v in values.values())
    )
    lows = [min(v[d] for v in series.values() if d in v) for d in dates]
    highs = [max(v[d] for v in series.values() if d in v) for d in dates]
    with plt.rc_context(_STYLE):  # type: ignore[arg-type]
        fig, ax = plt.subplots(figsize=(6.3, 3.0))
        fig.subplots_adjust(left=0.09, right=0.70, top=0.89, bottom=0.12)
        x = list(range(len(dates)))
        xs = [-0.25, 0.25] if len(dates) == 1 else x
        ax.axhspan(
            band[0],
            band[1],
            color="#F4B183",
            alpha=0.35,
            lw=0,
            label=f"Loftet {_n(band[0])}-{_n(band[1])} sager",
        )
        ax.axhline(limit, color="#C55A11", lw=1)
        ax.fill_between(
            xs,
            lows * len(xs) if len(dates) == 1 else lows,
            highs * len(xs) if len(dates) == 1 else highs,
            color="#7F7F7F",
            alpha=0.35,
            lw=0,
            label=f"Alle {len(series)}: laveste-højeste",
        )
        if over:
            ax.plot([], [], lw=0, label="Over loftet:")
        for k, name in enumerate(over):
            values = series[name]
            ax.plot(
                [i for i, d in zip(x, dates, strict=True) if d in values],
                [values[d] for d in dates if d in values],
                marker="o",
                ms=3,
                lw=1.4,
                color=HIGHLIGHT[k % len(HIGHLIGHT)],
                label=name,
            )
        many = len(dates) > 8  # a long period: month and year on two lines
        ax.set_xticks(
            x, [month_label(d).replace(" ", "\n") if many else month_label(d) for d in dates]
        )
        ax.set_xlim(-0.5, len(dates) - 0.5)
        ax.set_ylabel("Sager pr. fuldtidsstilling")
        ax.set_ylim(0, max([limit] + highs) * 1.15)
        ax.set_title(title, loc="left")
        ax.legend(
            fontsize=6.5, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False
        )  # fmt: skip
        png = _png(fig)
    lo, hi = (_n(v) for v in band)
    verdict = (
        f"Over loftet (fremhævet med navn): {_over_text(series, over, limit)}."
        if over
        else "Ingen er over loftet i perioden."
    )
    text = (
        f"Kurvediagram: sager pr. fuldtidsstilling for {len(series)} koordinerende "
        f"sagsbehandlere, {month_label(dates[0])} til {month_label(dates[-1])}: spændet fra "
        f"laveste til højeste (gråt bånd) og loftet {lo}-{hi} sager. {verdict} {table_note}"
    )
    return Chart(png, text)


def passive_share_chart(
    values: dict[str, float | None],
    target: tuple[float, float] | None,
    name: str = "Andel passive borgere",
) -> Chart:
    """Bars for a share (``name``; HIR: the passive share) at start, midway and end against
    the target band."""
    points = [(label, v) for label, v in values.items() if v is not None]
    if not points:
        return Chart(b"", "")
    with plt.rc_context(_STYLE):  # type: ignore[arg-type]
        fig, ax = plt.subplots(figsize=(5.0, 2.6))
        if target is not None:
            ax.axhspan(target[0], target[1], color="#A9D18E", alpha=0.5, lw=0)
        labels = [label for label, _ in points]
        bars = ax.bar(labels, [v for _, v in points], color="#4472C4", width=0.5)
        ax.bar_label(bars, labels=[percent(v) for _, v in points])
        ax.set_ylabel(f"{name} (%)")
        ax.set_ylim(0, max([v for _, v in points] + [target[1] if target else 0]) * 1.25)
        fig.tight_layout()
        png = _png(fig)
    shown = ", ".join(f"{label.lower()} {percent(v)}" for label, v in points)
    goal = f" Målet er {_n(target[0])}-{_n(target[1])} % (grønt bånd)." if target else ""
    return Chart(png, f"Søjlediagram: {name[:1].lower()}{name[1:]}, {shown}.{goal}", 120)
