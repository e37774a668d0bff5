"""The comparison chart: one line per speaker over shared months, drawn on the server.

The lines, grid and ticks are SVG; every word and number (the value axis, the years, the legend)
is HTML beside, under and below it, as on the speaker page (`webapp.charts`): text inside an SVG
image, over its shapes, is text whose contrast axe-core cannot decide, and it shrinks with the
picture on a phone, where HTML text keeps the page's size and colours.

Each series differs in three ways, so that no reader depends on colour: its colour (each at
least 3:1 against white, as WCAG asks of graphics), its dash pattern and its marker shape; the
legend shows all three beside the name, in a small key of its own. Every marker carries a title
with the month's count and share, which browsers show on hover and screen readers read.

A month in which a speaker said nothing has no share: the line breaks there instead of dropping
to zero. Long spans are drawn by quarter or by year (the JSON and the table keep every month),
since a share over a handful of passages swings too much to read month by month over decades.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from search.compare import Comparison, MonthShare, SpeakerSeries
from webapp.charts import AXIS_COLOUR, GRID_COLOUR, SVG_NS, month_name, tick_axis, value_axis

# The picture's own units (it scales to its container's width): the plot fills it, from the top
# grid line at 0 to the baseline at PLOT_HEIGHT, so that the HTML value axis, spread over the
# picture's height, stands beside the grid lines. Markers on the top line and the ticks under the
# baseline reach past it: the SVG's overflow is visible.
WIDTH, PLOT_HEIGHT, TICK = 640, 220, 5
GRID_LINES = 4  # above the baseline: 25%, 50%, 75% and 100% of the axis's top
KEY_WIDTH, KEY_HEIGHT = 40, 14  # a legend entry's key: a stretch of line with its marker
# Colour, dash pattern, marker: six series, each distinct without its colour.
STYLES = (
    ("#0b5cad", "", "circle"),
    ("#b34700", "7 4", "square"),
    ("#1b7a3d", "2 3", "triangle"),
    ("#8e3b8e", "9 3 2 3", "diamond"),
    ("#a3122b", "12 5", "cross"),
    ("#3d4a57", "4 2 1 2", "triangle-down"),
)
MEASURES = ("share", "count")
# Months shown as they are up to this many; quarters up to the second; years beyond.
MONTHS_UP_TO, QUARTERS_UP_TO = 48, 144


@dataclass(frozen=True)
class Bin:
    label: str  # "August 2021", "2021 Q3", "2021"
    tick: str  # what the axis says under it, when it says anything: the year
    count: int
    passages: int

    @property
    def share(self) -> float | None:
        return self.count / self.passages if self.passages else None


def bin_size(months: int) -> str:
    if months <= MONTHS_UP_TO:
        return "month"
    return "quarter" if months <= QUARTERS_UP_TO else "year"


def _bin_key(month: str, size: str) -> str:
    if size == "month":
        return month
    if size == "quarter":
        return f"{month[:4]} Q{(int(month[5:7]) - 1) // 3 + 1}"
    return month[:4]


def binned(months: Sequence[MonthShare], size: str) -> list[Bin]:
    """Months summed into bins of `size`: the share of a bin is of all its passages."""
    bins: dict[str, list[int]] = {}
    for m in months:
        totals = bins.setdefault(_bin_key(m.month, size), [0, 0])
        totals[0] += m.count
        totals[1] += m.passages
    return [
        Bin(month_name(key) if size == "month" else key, key[:4], count, passages)
        for key, (count, passages) in bins.items()
    ]


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _el(parent: ET.Element, tag: str, **attrs: str | float) -> ET.Element:
    return ET.SubElement(
        parent,
        tag,
        {
            k.rstrip("_").replace("_", "-"): v if isinstance(v, str) else _number(v)
            for k, v in attrs.items()
        },
    )


def _marker(parent: ET.Element, shape: str, x: float, y: float, size: float) -> ET.Element:
    """A marker centred on (x, y); `size` is its half-width."""
    s = size
    if shape == "circle":
        return _el(parent, "circle", cx=x, cy=y, r=s)
    if shape == "square":
        return _el(parent, "rect", x=x - s, y=y - s, width=2 * s, height=2 * s)
    corners = {
        "triangle": [(0, -1.2), (1.1, 0.9), (-1.1, 0.9)],
        "triangle-down": [(0, 1.2), (1.1, -0.9), (-1.1, -0.9)],
        "diamond": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
        "cross": [(-1, -1), (0, -0.35), (1, -1), (0.35, 0), (1, 1), (0, 0.35), (-1, 1), (-0.35, 0)],
    }[shape]
    points = " ".join(f"{_number(x + dx * s)},{_number(y + dy * s)}" for dx, dy in corners)
    return _el(parent, "polygon", points=points)


def _nice_top(peak: float, measure: str) -> float:
    """The value axis's top: a round number at or above the highest point."""
    if measure == "share":
        return next(
            t
            for t in (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0)
            if t >= peak - 1e-9
        )
    if peak <= 4:
        return 4
    magnitude = 10 ** math.floor(math.log10(peak))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= peak)


def _value_text(value: float, measure: str) -> str:
    return f"{value * 100:.3g}%" if measure == "share" else f"{value:,.0f}"


def _point_title(name: str, b: Bin) -> str:
    share = f" ({b.share * 100:.1f}%)" if b.share is not None else ""
    said = f"{b.count} of {b.passages} passage{'' if b.passages == 1 else 's'}{share}"
    return f"{name}, {b.label}: {said}"


def _series(
    svg: ET.Element,
    index: int,
    who: SpeakerSeries,
    bins: list[Bin],
    measure: str,
    slot: float,
    top: float,
) -> None:
    colour, dash, shape = STYLES[index]
    group = _el(svg, "g", class_=f"series series-{index + 1}", stroke=colour, fill=colour)
    ET.SubElement(group, "title").text = who.name

    def point(i: int, b: Bin) -> tuple[float, float] | None:
        value = b.share if measure == "share" else (b.count if b.passages else None)
        if value is None:
            return None
        return (i + 0.5) * slot, PLOT_HEIGHT * (1 - value / top)

    points = [point(i, b) for i, b in enumerate(bins)]
    runs: list[list[tuple[float, float]]] = [[]]
    for p in points:
        if p is None:
            runs.append([])
        else:
            runs[-1].append(p)
    for run in runs:
        if len(run) > 1:
            path = " ".join(f"{_number(x)},{_number(y)}" for x, y in run)
            line = _el(group, "polyline", points=path, fill="none", stroke_width=2)
            if dash:
                line.set("stroke-dasharray", dash)
    size = 4.5 if slot >= 8 else 3
    for b, p in zip(bins, points, strict=True):
        if p is not None:
            mark = _marker(group, shape, p[0], p[1], size)
            ET.SubElement(mark, "title").text = _point_title(who.name, b)


def _key(style: tuple[str, str, str]) -> ET.Element:
    """A small SVG of a series' line and marker, for its legend entry."""
    colour, dash, shape = style
    key = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {KEY_WIDTH} {KEY_HEIGHT}",
            "width": str(KEY_WIDTH),
            "height": str(KEY_HEIGHT),
            "class": "key",
            "aria-hidden": "true",
            "focusable": "false",
        },
    )
    group = _el(key, "g", stroke=colour, fill=colour)
    middle = KEY_HEIGHT / 2
    sample = _el(group, "line", x1=2, y1=middle, x2=KEY_WIDTH - 2, y2=middle, stroke_width=2)
    if dash:
        sample.set("stroke-dasharray", dash)
    _marker(group, shape, KEY_WIDTH / 2, middle, 4.5)
    return key


def _axes(svg: ET.Element, bins: list[Bin], slot: float) -> dict[int, str]:
    """The grid lines, the baseline and a tick under the first bin of each year; returns the
    ticks' labels (bin index → year) for the HTML under the picture."""
    for step in range(GRID_LINES + 1):
        y = PLOT_HEIGHT * (1 - step / GRID_LINES)
        colour = AXIS_COLOUR if step == 0 else GRID_COLOUR
        _el(svg, "line", x1=0, y1=y, x2=WIDTH, y2=y, stroke=colour)
    ticks = {i: b.tick for i, b in enumerate(bins) if i == 0 or b.tick != bins[i - 1].tick}
    for i in ticks:
        x = max(i * slot, 0.5)  # the first tick stays inside the picture
        _el(svg, "line", x1=x, y1=PLOT_HEIGHT, x2=x, y2=PLOT_HEIGHT + TICK, stroke=AXIS_COLOUR)
    return ticks


def legend_label(who: SpeakerSeries) -> str:
    share = f"{who.share * 100:.1f}%" if who.share is not None else "no passages"
    return f"{who.name} ({who.matching} of {who.passages}, {share})"


def _legend(speakers: Sequence[SpeakerSeries]) -> Markup:
    items = Markup("").join(
        Markup('<li class="series-{}">{}<span>{}</span></li>').format(
            i + 1, Markup(ET.tostring(_key(STYLES[i]), encoding="unicode")), legend_label(who)
        )
        for i, who in enumerate(speakers)
    )
    return Markup('<ul class="chart-legend" aria-label="Legend">{}</ul>').format(items)


@dataclass(frozen=True)
class Drawn:
    svg: str  # the picture: lines, grid, ticks; no text but its title, description and titles
    values: list[str]  # the value axis's labels, top first
    ticks: dict[int, str]  # bin index → the year written under it
    bins: int


def _draw(comparison: Comparison, measure: str) -> Drawn:
    speakers = comparison.speakers
    size = bin_size(len(comparison.months))
    series_bins = [binned(s.months, size) for s in speakers]
    bins = series_bins[0] if series_bins else []
    unit = {"share": "share of each speaker’s passages", "count": "passages"}[measure]
    title = f"“{comparison.query}”: {unit} by {size}"
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {WIDTH} {PLOT_HEIGHT}",
            "width": "100%",
            "overflow": "visible",
            "role": "img",
            "aria-label": title,
            "class": "chart compare-chart",
        },
    )
    ET.SubElement(svg, "title").text = title
    ET.SubElement(svg, "desc").text = _description(comparison, size, bins)
    if not bins:
        return Drawn(ET.tostring(svg, encoding="unicode"), [], {}, 0)
    values = [(b.share if measure == "share" else b.count) or 0 for sb in series_bins for b in sb]
    top = _nice_top(max(values, default=0), measure)
    slot = WIDTH / len(bins)
    ticks = _axes(svg, bins, slot)
    for i, (who, own) in enumerate(zip(speakers, series_bins, strict=True)):
        _series(svg, i, who, own, measure, slot, top)
    labels = [_value_text(top * step / GRID_LINES, measure) for step in range(GRID_LINES, -1, -1)]
    return Drawn(ET.tostring(svg, encoding="unicode"), labels, ticks, len(bins))


def comparison_chart_svg(comparison: Comparison, measure: str = "share") -> str:
    """The picture alone, as SVG: it scales to its container's width (viewBox)."""
    return _draw(comparison, measure).svg


def comparison_chart(comparison: Comparison, measure: str = "share") -> Markup:
    """The whole chart as HTML: the picture, its value axis to the left, the years under it and
    the legend below, all of them text the page's CSS sets and a contrast checker can read."""
    drawn = _draw(comparison, measure)
    svg = Markup(drawn.svg)
    if not drawn.bins:
        empty = Markup('<p class="chart-empty">No passages to show</p>')
        return Markup('<div class="line-chart">{}{}</div>').format(svg, empty)
    return Markup('<div class="line-chart">{}{}{}{}</div>').format(
        value_axis(drawn.values),
        svg,
        tick_axis(drawn.ticks, drawn.bins),
        _legend(comparison.speakers),
    )


def _description(comparison: Comparison, size: str, bins: list[Bin]) -> str:
    if not bins:
        return "None of these speakers has a passage under these filters."
    parts = [
        f"{s.name}: {s.matching} of {s.passages} passages"
        + (f" ({s.share * 100:.1f}%)" if s.share is not None else "")
        for s in comparison.speakers
    ]
    span = f"{bins[0].label} to {bins[-1].label}" if len(bins) > 1 else bins[0].label
    return f"One line per speaker, by {size}, {span}. " + "; ".join(parts) + "."
