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


def caseload_chart(
    series: dict[str, dict[dt.date, float]], band: tuple[float, float], title: str
) -> Chart:
    """One line per caseworker (cases per full-time caseworker on each month end) against
    the band of the caseload limit (shaded)."""
    dates = sorted({d for values in series.values() for d in values})
    if not dates:
        return Chart(b"", "")
    with plt.rc_context(_STYLE):  # type: ignore[arg-type]
        fig, ax = plt.subplots(figsize=(6.3, 3.0))
        ax.axhspan(band[0], band[1], color="#F4B183", alpha=0.35, lw=0)
        ax.axhline(band[1], color="#C55A11", lw=1)
        x = list(range(len(dates)))
        for name, values in series.items():
            ys = [values.get(d) for d in dates]
            ax.plot(
                [i for i, y in zip(x, ys, strict=True) if y is not None],
                [y for y in ys if y is not None],
                marker="o",
                ms=3,
                lw=1.2,
                label=name,
            )
        ax.set_xticks(x, [month_label(d) for d in dates])
        ax.set_ylabel("Sager pr. fuldtidsstilling")
        top = max([band[1]] + [v for values in series.values() for v in values.values()])
        ax.set_ylim(0, top * 1.15)
        ax.set_title(title, loc="left")
        ax.legend(fontsize=6, ncol=3, loc="lower left", frameon=False)
        fig.tight_layout()
        png = _png(fig)
    lo, hi = (_n(v) for v in band)
    over = sorted(
        name for name, values in series.items() if any(v > band[1] for v in values.values())
    )
    verdict = f"Over loftet: {', '.join(over)}." if over else "Ingen er over loftet i perioden."
    text = (
        f"Kurvediagram: sager pr. fuldtidsstilling for {len(series)} koordinerende "
        f"sagsbehandlere, {month_label(dates[0])} til {month_label(dates[-1])}, med loftet "
        f"{lo}-{hi} sager markeret. {verdict} Tallene står i tabellen."
    )
    return Chart(png, text)


def passive_share_chart(
    values: dict[str, float | None], target: tuple[float, float] | None
) -> Chart:
    """Bars for the passive share at start, midway and end against the target band."""
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
        ax.set_ylabel("Andel passive borgere (%)")
        ax.set_ylim(0, max([v for _, v in points] + [target[1] if target else 0]) * 1.25)
        fig.tight_layout()
        png = _png(fig)
    shown = ", ".join(f"{label.lower()} {percent(v)}" for label, v in points)
    goal = f" Målet er {_n(target[0])}-{_n(target[1])} % (grønt bånd)." if target else ""
    return Chart(png, f"Søjlediagram: andel passive borgere, {shown}.{goal}", 120)
