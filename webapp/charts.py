"""Bar charts drawn on the server as SVG: no JavaScript, nothing for a Content-Security-Policy to
block, and readable by screen readers through the chart's title and each bar's own title.

The SVG is built with ElementTree, so every label (a speaker's name, a query) is escaped by the
serialiser and the result is always well-formed XML. Colours are presentation attributes rather
than `style`, which a strict CSP would refuse.
"""

from __future__ import annotations

import calendar
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH, HEIGHT = 720, 180
LEFT, RIGHT, TOP, BOTTOM = 40, 8, 12, 26
BAR_COLOUR, AXIS_COLOUR, GRID_COLOUR = "#0b5cad", "#5b6066", "#dde1e6"
# A tick label needs about this much width (viewBox units) to stay clear of its neighbour.
LABEL_WIDTH = 34


@dataclass(frozen=True)
class Bar:
    value: int
    tooltip: str  # what hovering, or a screen reader, tells about this bar


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _text(parent: ET.Element, x: float, y: float, content: str, anchor: str) -> None:
    label = ET.SubElement(
        parent,
        "text",
        {
            "x": _number(x),
            "y": _number(y),
            "text-anchor": anchor,
            "font-size": "11",
            "fill": AXIS_COLOUR,
        },
    )
    label.text = content


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
                "x": _number(LEFT + i * slot + (slot - width) / 2),
                "y": _number(TOP + plot_height - height),
                "width": _number(width),
                "height": _number(height),
            },
        )
        ET.SubElement(rect, "title").text = bar.tooltip


def _value_axis(svg: ET.Element, peak: int, plot_width: float, plot_height: float) -> None:
    baseline = TOP + plot_height
    _line(svg, LEFT, TOP, LEFT + plot_width, TOP, GRID_COLOUR)
    _line(svg, LEFT, baseline, LEFT + plot_width, baseline, AXIS_COLOUR)
    if peak:
        _text(svg, LEFT - 6, TOP + 4, str(peak), "end")
    _text(svg, LEFT - 6, baseline, "0", "end")


def _tick_axis(svg: ET.Element, ticks: dict[int, str], slot: float, plot_height: float) -> None:
    """A tick under each named bar; a label only where it clears the next one to its right.

    Labels are placed from the right so that the last years keep theirs and a partial first year
    (a span starting in December) gives way to the full year after it.
    """
    baseline = TOP + plot_height
    free_until = WIDTH
    for index in sorted(ticks, reverse=True):
        x = LEFT + index * slot
        _line(svg, x, baseline, x, baseline + 4, AXIS_COLOUR)
        left = min(x + 2, WIDTH - LABEL_WIDTH)
        if left + LABEL_WIDTH <= free_until:
            _text(svg, left, baseline + 16, ticks[index], "start")
            free_until = left


def bar_chart_svg(
    bars: Sequence[Bar], title: str, description: str = "", ticks: dict[int, str] | None = None
) -> str:
    """An SVG bar chart, one bar per item in order; `ticks` labels the axis under some bars.

    The chart scales to its container's width (viewBox, no fixed size).
    """
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
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    if not bars:
        _text(svg, WIDTH / 2, HEIGHT / 2, "Nothing to show", "middle")
        return ET.tostring(svg, encoding="unicode")
    slot = plot_width / len(bars)
    _value_axis(svg, max(b.value for b in bars), plot_width, plot_height)
    _bars(svg, bars, slot, plot_height)
    _tick_axis(svg, ticks or {}, slot, plot_height)
    return ET.tostring(svg, encoding="unicode")


def month_name(month: str) -> str:
    """ "2021-08" → "August 2021"."""
    return f"{calendar.month_name[int(month[5:7])]} {month[:4]}"


def monthly_chart_svg(months: Sequence[tuple[str, int]], title: str, unit: str = "passage") -> str:
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
    return bar_chart_svg(bars, title, description, ticks)
