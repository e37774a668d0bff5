"""The comparison chart: an SVG picture, well-formed, titled and described, with no text over its
shapes; its value axis, years and legend as HTML; series told apart by more than colour, gaps
where a speaker said nothing, long spans binned."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from search.compare import Comparison, MonthShare, SpeakerSeries
from search.months import months_between
from search.params import Filters
from webapp.compare_chart import STYLES, bin_size, binned, comparison_chart, comparison_chart_svg

SVG = "{http://www.w3.org/2000/svg}"
MARKS = ("circle", "rect", "polygon")


def speaker(name: str, counts: list[tuple[int, int]], span: list[str]) -> SpeakerSeries:
    months = [MonthShare(m, c, p) for m, (c, p) in zip(span, counts, strict=True)]
    return SpeakerSeries(
        name,
        name.lower().replace(" ", "-"),
        sum(c for c, _ in counts),
        sum(p for _, p in counts),
        months,
        0,
        [],
    )


def chart(
    speakers: list[SpeakerSeries], span: list[str], measure: str = "share", query: str = "NATO"
) -> ET.Element:
    return ET.fromstring(
        comparison_chart_svg(Comparison(query, Filters(), span, speakers), measure)
    )


def chart_html(
    speakers: list[SpeakerSeries], span: list[str], measure: str = "share", query: str = "NATO"
) -> ET.Element:
    """The whole chart's HTML, parsed whole: which also checks that it is well-formed."""
    return ET.fromstring(comparison_chart(Comparison(query, Filters(), span, speakers), measure))


def value_labels(html: ET.Element) -> list[str]:
    return [span.text or "" for span in html.find("div[@class='value-axis']")]


def year_cells(html: ET.Element) -> list[tuple[int, str]]:
    return [(int(td.get("colspan")), td.text or "") for td in html.iter("td")]


def legend_entries(html: ET.Element) -> list[ET.Element]:
    return html.find("ul[@class='chart-legend']").findall("li")


SPAN = ["2021-01", "2021-02", "2021-03"]


def series_groups(svg: ET.Element) -> list[ET.Element]:
    return [g for g in svg.iter(f"{SVG}g") if "series" in (g.get("class") or "").split()]


def markers(group: ET.Element) -> list[ET.Element]:
    return [e for e in group if e.tag in {f"{SVG}{m}" for m in MARKS}]


def test_chart_is_well_formed_titled_and_described():
    svg = chart([speaker("Sergey Lavrov", [(2, 5), (0, 4), (1, 1)], SPAN)], SPAN)
    assert svg.get("role") == "img"
    title = svg.find(f"{SVG}title").text
    assert title == svg.get("aria-label") == "“NATO”: share of each speaker’s passages by month"
    description = svg.find(f"{SVG}desc").text
    assert "January 2021 to March 2021" in description
    assert "Sergey Lavrov: 3 of 10 passages (30.0%)" in description


def test_each_series_differs_in_colour_dash_and_marker_and_the_legend_shows_all_three():
    span = SPAN
    people = [speaker(f"Speaker {n}", [(1, 2), (1, 3), (1, 4)], span) for n in range(6)]
    html = chart_html(people, span)
    [svg] = [e for e in html if e.tag == f"{SVG}svg"]
    groups = series_groups(svg)
    assert len(groups) == 6
    styles = [(g.get("stroke"), g.find(f"{SVG}polyline").get("stroke-dasharray")) for g in groups]
    shapes = [(markers(g)[0].tag, _shape_of(markers(g)[0])) for g in groups]
    assert len(set(styles)) == len(set(shapes)) == 6
    assert len({c for c, _ in styles}) == len({d for _, d in styles}) == 6
    entries = legend_entries(html)
    assert ["".join(e.itertext()) for e in entries] == [
        f"Speaker {n} (3 of 9, 33.3%)" for n in range(6)
    ]
    # Each entry's key draws its series' line (colour, dash) and marker (shape), and no text.
    for entry, style, shape in zip(entries, styles, shapes, strict=True):
        [key] = entry.iter(f"{SVG}svg")
        assert key.get("aria-hidden") == "true" and not list(key.iter(f"{SVG}text"))
        [group] = key.iter(f"{SVG}g")
        line = group.find(f"{SVG}line")
        assert (group.get("stroke"), line.get("stroke-dasharray")) == style
        tag, corners = shape
        assert markers(group)[0].tag == tag
        flat = [c for corner in _shape_of(markers(group)[0]) for c in corner]
        assert flat == pytest.approx([c for corner in corners for c in corner], abs=0.2)


def test_the_picture_holds_no_text_over_its_shapes():
    # Text inside the SVG is text whose contrast axe-core leaves "needs review"; the value
    # axis, the years and the legend are HTML instead.
    html = chart_html([speaker("A", [(1, 2), (1, 4), (0, 3)], SPAN)], SPAN)
    assert not list(html.iter(f"{SVG}text"))
    assert html.find("div[@class='value-axis']").get("aria-hidden") == "true"


def _shape_of(marker: ET.Element) -> tuple[tuple[float, float], ...]:
    """A polygon's corners relative to its first one: the same shape anywhere is equal."""
    if marker.get("points") is None:
        return ()
    corners = [tuple(map(float, p.split(","))) for p in marker.get("points").split()]
    return tuple((round(x - corners[0][0], 1), round(y - corners[0][1], 1)) for x, y in corners)


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("colour", [c for c, _, _ in STYLES])
def test_every_series_colour_contrasts_at_least_3_to_1_with_white(colour):
    assert (1.05) / (_luminance(colour) + 0.05) >= 3.0


def test_a_month_without_any_passage_breaks_the_line_instead_of_dropping_to_zero():
    span = ["2021-01", "2021-02", "2021-03", "2021-04"]
    svg = chart([speaker("A", [(1, 2), (1, 4), (0, 0), (1, 1)], span)], span)
    [group] = series_groups(svg)
    lines = group.findall(f"{SVG}polyline")
    assert len(lines) == 1 and len(lines[0].get("points").split()) == 2  # Jan–Feb; April alone
    assert len(markers(group)) == 3
    tips = [m.find(f"{SVG}title").text for m in markers(group)]
    assert tips == [
        "A, January 2021: 1 of 2 passages (50.0%)",
        "A, February 2021: 1 of 4 passages (25.0%)",
        "A, April 2021: 1 of 1 passage (100.0%)",
    ]


def test_points_stand_at_their_share_of_a_round_axis_top_beside_its_labels():
    html = chart_html([speaker("A", [(1, 2), (1, 4), (0, 3)], SPAN)], SPAN)
    [svg] = [e for e in html if e.tag == f"{SVG}svg"]
    [group] = series_groups(svg)
    ys = [float(m.get("cy")) for m in markers(group)]
    # The axis tops at 50%, the highest point, and its labels stand beside the grid lines that
    # divide the picture's height in four, the top one at 0 and the baseline at its foot.
    assert value_labels(html) == ["50%", "37.5%", "25%", "12.5%", "0%"]
    height = float(svg.get("viewBox").split()[3])
    grid = sorted(
        float(line.get("y1"))
        for line in svg.findall(f"{SVG}line")
        if line.get("y1") == line.get("y2")
    )
    assert grid == pytest.approx([0, height / 4, height / 2, 3 * height / 4, height])
    assert ys == pytest.approx([0, height / 2, height])  # 50%, 25%, 0%


def test_counts_can_be_charted_instead():
    people = [speaker("A", [(3, 4), (1, 4), (0, 3)], SPAN)]
    html = chart_html(people, SPAN, measure="count")
    assert comparison_chart_svg(Comparison("NATO", Filters(), SPAN, people), "count").startswith(
        "<svg"
    )
    [svg] = [e for e in html if e.tag == f"{SVG}svg"]
    assert svg.get("aria-label") == "“NATO”: passages by month"
    assert value_labels(html) == ["4", "3", "2", "1", "0"]


def test_each_year_is_written_under_its_first_bin_where_it_has_room():
    span = months_between(date(2020, 11, 1), date(2022, 2, 1))
    html = chart_html([speaker("A", [(1, 2)] * len(span), span)], span)
    assert year_cells(html) == [(2, "2020"), (12, "2021"), (2, "2022")]
    [svg] = [e for e in html if e.tag == f"{SVG}svg"]
    ticks = [line for line in svg.findall(f"{SVG}line") if line.get("x1") == line.get("x2")]
    assert len(ticks) == 3  # under November 2020, January 2021 and January 2022


def test_long_spans_are_drawn_by_quarter_or_year():
    assert [bin_size(n) for n in (12, 48, 49, 144, 145)] == [
        "month",
        "month",
        "quarter",
        "quarter",
        "year",
    ]
    span = months_between(date(2020, 11, 1), date(2021, 4, 1))
    bins = binned([MonthShare(m, 1, 2) for m in span], "quarter")
    assert [(b.label, b.count, b.passages) for b in bins] == [
        ("2020 Q4", 2, 4),
        ("2021 Q1", 3, 6),
        ("2021 Q2", 1, 2),
    ]
    long_span = months_between(date(2001, 1, 1), date(2020, 12, 1))
    svg = chart([speaker("A", [(1, 10)] * len(long_span), long_span)], long_span)
    assert svg.get("aria-label").endswith("by year")
    assert len(markers(series_groups(svg)[0])) == 20


def test_labels_from_the_corpus_and_the_query_are_escaped():
    hostile = "<script>alert('x')</script> & \"quotes\""
    html = chart_html([speaker(hostile, [(1, 2), (0, 1), (1, 1)], SPAN)], SPAN, query=hostile)
    [svg] = [e for e in html if e.tag == f"{SVG}svg"]
    assert hostile in svg.find(f"{SVG}title").text
    assert hostile in "".join(svg.itertext())
    assert "".join(legend_entries(html)[0].itertext()).startswith(hostile)
    assert not list(html.iter("script")) and not list(html.iter(f"{SVG}script"))
    assert not any(name.startswith("on") for el in html.iter() for name in el.attrib)


def test_nothing_to_chart_is_still_a_chart():
    html = chart_html([speaker("A", [], [])], [])
    [svg] = [e for e in html if e.tag == f"{SVG}svg"]
    assert svg.find(f"{SVG}title").text and not series_groups(svg)
    assert "No passages to show" in "".join(html.itertext())
