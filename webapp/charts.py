"""Bar charts drawn on the server: no JavaScript, nothing for a Content-Security-Policy to
block, and readable by screen readers through the chart's title and each bar's own title.

The bars are SVG; the axis labels are HTML text beside and under it. Text inside an SVG image,
over its shapes, is text whose contrast axe-core (and any checker) cannot decide, and it does not
follow the page's font; as HTML it has the page's colours and is checked like any other text.
Column widths of a table place the year labels under their months with no inline style, which
the Content-Security-Policy would refuse.

The SVG is built with ElementTree and the HTML with markupsafe, so every label (a speaker's name,
a query) is escaped and the result is always well-formed. Colours are presentation attributes
rather than `style`, which a strict CSP would refuse.
"""

from __future__ import annotations

import calendar
import math
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH, HEIGHT = 720, 150
# Room above the plot for its top grid line, and below it for the ticks under the baseline.
TOP, BOTTOM = 1, 6
BAR_COLOUR, AXIS_COLOUR, GRID_COLOUR = "#0b5cad", "#5b6066", "#dde1e6"
# The share of the chart's width a year label needs to stay clear of the next one: "2021" in
# the axis's font on a phone, where the chart is about 350 pixels wide.
LABEL_SHARE = 0.08


@dataclass(frozen=True)
class Bar:
    value: int
    tooltip: str  # what hovering, or a screen reader, tells about this bar


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _line(parent: ET.Element, x1: float, y1: float, x2: float, y2: float, colour: str) -> None:
    ET.SubElement(
        parent,
        "line",
        {
            "x1": _number(x1),
            "y1": _number(y1),
            "x2": _number(x2),
            "y2": _number(y2),
            "stroke": colour,
        },
    )


def _bars(svg: ET.Element, bars: Sequence[Bar], slot: float, plot_height: float) -> None:
    peak = max((b.value for b in bars), default=0) or 1
    width = slot * 0.8 if slot >= 4 else slot  # thin bars lose their gaps rather than vanish
    group = ET.SubElement(svg, "g", {"fill": BAR_COLOUR})
    for i, bar in enumerate(bars):
        height = plot_height * bar.value / peak
        if bar.value:
            height = max(height, 1.0)  # a month with one passage still shows
        rect = ET.SubElement(
            group,
            "rect",
            {
                "class": "bar",
                "x": _number(i * slot + (slot - width) / 2),
                "y": _number(TOP + plot_height - height),
                "width": _number(width),
                "height": _number(height),
            },
        )
        ET.SubElement(rect, "title").text = bar.tooltip


def _axis_lines(svg: ET.Element, ticks: Sequence[int], slot: float, plot_height: float) -> None:
    """The top grid line, the baseline, and a tick under each bar that starts a labelled run."""
    baseline = TOP + plot_height
    _line(svg, 0, TOP, WIDTH, TOP, GRID_COLOUR)
    _line(svg, 0, baseline, WIDTH, baseline, AXIS_COLOUR)
    for index in ticks:
        x = max(index * slot, 0.5)  # the first tick stays inside the picture
        _line(svg, x, baseline, x, baseline + BOTTOM - 1, AXIS_COLOUR)


def bar_chart_svg(
    bars: Sequence[Bar], title: str, description: str = "", ticks: Sequence[int] = ()
) -> str:
    """The bars as an SVG image, one per item in order, with a tick under those in `ticks`; it
    scales to its container's width (viewBox, no fixed size). It holds no text but its title
    and description: the labels are `bar_chart`'s HTML."""
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {WIDTH} {HEIGHT}",
            "width": "100%",
            "role": "img",
            "aria-label": title,
            "class": "chart",
        },
    )
    ET.SubElement(svg, "title").text = title
    if description:
        ET.SubElement(svg, "desc").text = description
    plot_height = HEIGHT - TOP - BOTTOM
    slot = WIDTH / max(len(bars), 1)
    _axis_lines(svg, ticks, slot, plot_height)
    if bars:
        _bars(svg, bars, slot, plot_height)
    return ET.tostring(svg, encoding="unicode")


def tick_cells(ticks: dict[int, str], count: int) -> list[tuple[int, str]]:
    """The row of labels under `count` bars: (bars spanned, label) from left to right, a cell
    from each label's bar to the next label's, and a label only where it has room.

    Labels are placed from the right so that the last years keep theirs and a partial first
    year (a span starting in December) gives way to the full year after it.
    """
    room = math.ceil(LABEL_SHARE * count)
    shown: list[int] = []
    free_from = count
    for index in sorted((i for i in ticks if 0 <= i < count), reverse=True):
        if free_from - index >= room:
            shown.insert(0, index)
            free_from = index
    cells = [(free_from, "")] if free_from else []
    ends = [*shown[1:], count] if shown else []
    return cells + [(end - index, ticks[index]) for index, end in zip(shown, ends, strict=True)]


def value_axis(labels: Sequence[str]) -> Markup:
    """The value axis as HTML, top label first: the labels spread evenly over the chart's height
    (CSS), so that they stand beside evenly spaced grid lines. Hidden from screen readers, as
    the SVG's title, description and marks' titles say the same."""
    spans = Markup("").join(Markup("<span>{}</span>").format(label) for label in labels)
    return Markup('<div class="value-axis" aria-hidden="true">{}</div>').format(spans)


def tick_axis(ticks: dict[int, str], count: int) -> Markup:
    """The labels under `count` bars or points (index → label) as a one-row table whose cells
    span as many columns as items, so that each sits under its own with no inline style (the
    CSP refuses one) and no script. Hidden from screen readers, as `value_axis`."""
    cells = Markup("").join(
        Markup('<td colspan="{}">{}</td>').format(span, label)
        for span, label in tick_cells(ticks, count)
    )
    return Markup(
        '<table class="tick-axis" role="presentation" aria-hidden="true">'
        '<colgroup><col span="{}"/></colgroup><tr>{}</tr></table>'
    ).format(count, cells)


def bar_chart(
    bars: Sequence[Bar], title: str, description: str = "", ticks: dict[int, str] | None = None
) -> Markup:
    """The chart as HTML: the SVG bars, the value axis beside them and the labels in `ticks`
    (bar index → label) under them."""
    ticks = ticks or {}
    svg = Markup(bar_chart_svg(bars, title, description, sorted(ticks)))
    if not bars:
        return Markup(
            '<div class="bar-chart">{}<p class="chart-empty">Nothing to show</p></div>'
        ).format(svg)
    peak = max(b.value for b in bars)
    values = value_axis([str(peak) if peak else "", "0"])
    axis = tick_axis(ticks, len(bars))
    return Markup('<div class="bar-chart">{}{}{}</div>').format(values, svg, axis)


def month_name(month: str) -> str:
    """ "2021-08" → "August 2021"."""
    return f"{calendar.month_name[int(month[5:7])]} {month[:4]}"


def monthly_chart(months: Sequence[tuple[str, int]], title: str, unit: str = "passage") -> Markup:
    """One bar per month ("YYYY-MM", count), the axis labelled with each year where it starts."""
    bars = [
        Bar(count, f"{month_name(month)}: {count} {unit}{'' if count == 1 else 's'}")
        for month, count in months
    ]
    ticks = {i: month[:4] for i, (month, _) in enumerate(months) if i == 0 or month.endswith("-01")}
    total = sum(count for _, count in months)
    description = (
        f"{total} {unit}{'' if total == 1 else 's'} by month, "
        f"{month_name(months[0][0])} to {month_name(months[-1][0])}"
        if months
        else ""
    )
    return bar_chart(bars, title, description, ticks)
