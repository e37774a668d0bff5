"""The comparison chart: one line per speaker over shared months, as server-side SVG.

Each series differs in three ways, so that no reader depends on colour: its colour (each at
least 3:1 against white, as WCAG asks of graphics), its dash pattern and its marker shape; the
legend inside the chart shows all three beside the name. Every marker carries a title with the
month's count and share, which browsers show on hover and screen readers read.

A month in which a speaker said nothing has no share: the line breaks there instead of dropping
to zero. Long spans are drawn by quarter or by year (the JSON and the table keep every month),
since a share over a handful of passages swings too much to read month by month over decades.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from search.compare import Comparison, MonthShare, SpeakerSeries
from webapp.charts import AXIS_COLOUR, GRID_COLOUR, SVG_NS, month_name

# Narrower than the speaker page's chart: on a phone the text shrinks less.
WIDTH = 640
LEFT, RIGHT, TOP, PLOT_HEIGHT, AXIS_SPACE = 52, 16, 14, 220, 30
LEGEND_ROW = 22
# Two legend entries a row when the longest fits half the width.
LEGEND_TWO_UP = 30
FONT = "14"
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


def _label(parent: ET.Element, x: float, y: float, text: str, anchor: str = "start") -> None:
    _el(parent, "text", x=x, y=y, text_anchor=anchor, font_size=FONT, fill=AXIS_COLOUR).text = text


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
    baseline = TOP + PLOT_HEIGHT

    def point(i: int, b: Bin) -> tuple[float, float] | None:
        value = b.share if measure == "share" else (b.count if b.passages else None)
        if value is None:
            return None
        return LEFT + (i + 0.5) * slot, baseline - PLOT_HEIGHT * value / top

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


def _axes(svg: ET.Element, bins: list[Bin], slot: float, top: float, measure: str) -> None:
    baseline, right = TOP + PLOT_HEIGHT, WIDTH - RIGHT
    for step in range(5):
        y = baseline - PLOT_HEIGHT * step / 4
        _el(
            svg,
            "line",
            x1=LEFT,
            y1=y,
            x2=right,
            y2=y,
            stroke=AXIS_COLOUR if step == 0 else GRID_COLOUR,
        )
        _label(svg, LEFT - 6, y + 4, _value_text(top * step / 4, measure), "end")
    # A year under the first bin of each year, from the right, where it clears its neighbour.
    free_until = WIDTH
    for i in reversed(range(len(bins))):
        if i and bins[i].tick == bins[i - 1].tick:
            continue
        x = LEFT + i * slot
        _el(svg, "line", x1=x, y1=baseline, x2=x, y2=baseline + 4, stroke=AXIS_COLOUR)
        left = min(x + 2, WIDTH - 36)
        if left + 36 <= free_until:
            _label(svg, left, baseline + 18, bins[i].tick)
            free_until = left


def _legend_label(who: SpeakerSeries) -> str:
    share = f"{who.share * 100:.1f}%" if who.share is not None else "no passages"
    return f"{who.name} ({who.matching} of {who.passages}, {share})"


def _legend_columns(speakers: Sequence[SpeakerSeries]) -> int:
    return 2 if max((len(_legend_label(s)) for s in speakers), default=0) <= LEGEND_TWO_UP else 1


def _legend(svg: ET.Element, speakers: Sequence[SpeakerSeries], y0: float) -> None:
    legend = _el(svg, "g", class_="legend")
    columns = _legend_columns(speakers)
    column_width = (WIDTH - LEFT - RIGHT) / columns
    for i, who in enumerate(speakers):
        colour, dash, shape = STYLES[i]
        x = LEFT + (i % columns) * column_width
        y = y0 + (i // columns) * LEGEND_ROW
        item = _el(legend, "g", stroke=colour, fill=colour)
        sample = _el(item, "line", x1=x, y1=y, x2=x + 36, y2=y, stroke_width=2)
        if dash:
            sample.set("stroke-dasharray", dash)
        _marker(item, shape, x + 18, y, 4.5)
        _label(legend, x + 44, y + 4, _legend_label(who))


def comparison_chart_svg(comparison: Comparison, measure: str = "share") -> str:
    """The whole comparison as one SVG: scales to its container's width (viewBox)."""
    speakers = comparison.speakers
    size = bin_size(len(comparison.months))
    series_bins = [binned(s.months, size) for s in speakers]
    bins = series_bins[0] if series_bins else []
    unit = {"share": "share of each speaker’s passages", "count": "passages"}[measure]
    title = f"“{comparison.query}”: {unit} by {size}"
    legend_top = TOP + PLOT_HEIGHT + AXIS_SPACE + 12
    rows = math.ceil(max(len(speakers), 1) / _legend_columns(speakers))
    height = legend_top + LEGEND_ROW * rows
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {WIDTH} {_number(height)}",
            "width": "100%",
            "role": "img",
            "aria-label": title,
            "class": "chart compare-chart",
        },
    )
    ET.SubElement(svg, "title").text = title
    ET.SubElement(svg, "desc").text = _description(comparison, size, bins)
    if not bins:
        _label(svg, WIDTH / 2, TOP + PLOT_HEIGHT / 2, "No passages to show", "middle")
        return ET.tostring(svg, encoding="unicode")
    values = [(b.share if measure == "share" else b.count) or 0 for sb in series_bins for b in sb]
    top = _nice_top(max(values, default=0), measure)
    slot = (WIDTH - LEFT - RIGHT) / len(bins)
    _axes(svg, bins, slot, top, measure)
    for i, (who, own) in enumerate(zip(speakers, series_bins, strict=True)):
        _series(svg, i, who, own, measure, slot, top)
    _legend(svg, speakers, legend_top)
    return ET.tostring(svg, encoding="unicode")


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
