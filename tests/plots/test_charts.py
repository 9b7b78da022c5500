import itertools
import re

import numpy as np
import pandas as pd
import pytest

from moskvich.base import i18n
from moskvich.base.fmt import format_count, format_count_short, format_month, minus
from moskvich.domain import figures as F
from moskvich.domain.currency import CURRENCIES
from moskvich.plots import CHARTS, charts_for, style
from moskvich.plots.registry import COUNT
from moskvich.publish.export.formats import safe_csv
from tests.conftest import ARTICLE_RATES, context_at


def test_registry_covers_every_chart_page():
    assert len(CHARTS) == 14
    pages = {c.page for c in CHARTS.values()}
    assert pages == {"overview", "production", "market", "money", "exchange_rates"}
    for chart in CHARTS.values():
        assert chart.title and chart.notes
        assert chart.id.replace("_", "").isalnum()
    assert [c.id for c in charts_for("exchange_rates")] == ["official_rates", "investment_value_over_time"]


@pytest.mark.parametrize("currency", CURRENCIES)
@pytest.mark.parametrize("chart_id", sorted(CHARTS))
def test_every_chart_draws_with_a_table_and_sources(model, chart_id, currency):
    chart = CHARTS[chart_id]
    drawn = chart.draw(context_at(model, currency=currency))
    assert drawn.figure.data, "no traces"
    assert len(drawn.table) > 0
    assert drawn.sources
    line = chart.source_line(drawn)
    assert line.startswith("Sources: " if len(drawn.sources) > 1 else "Source: ")
    if chart.uses_rates:
        assert "Bank of Russia" in line


def _drawn_values(figure, axis):
    values = []
    for trace in figure.data:
        if trace.name != "Key event":
            values.extend(v for v in getattr(trace, axis) if v is not None)
    return sorted(float(v) for v in values)


@pytest.mark.parametrize(
    ("chart_id", "axis", "column"),
    [
        ("production_by_year", "x", "Vehicles"),
        ("ev_by_year", "x", "Vehicles"),
        ("plan_revisions", "y", "Vehicles"),
        ("monthly_sales", "x", "Vehicles"),
        ("cumulative_reports", "y", "Vehicles"),
        ("symbolic_vs_writedowns", "x", "USD"),
        ("money_at_two_rates", "x", "Difference, %"),
        ("investment_per_vehicle", "x", "USD per vehicle"),
    ],
)
def test_table_holds_exactly_the_numbers_drawn(model, chart_id, axis, column):
    drawn = CHARTS[chart_id].draw(context_at(model))
    assert _drawn_values(drawn.figure, axis) == sorted(drawn.table[column].astype(float))


def test_money_at_two_rates_draws_the_gap_between_the_two_values(model):
    drawn = CHARTS["money_at_two_rates"].draw(context_at(model, usd=80.0))
    [bars] = drawn.figure.data
    table = drawn.table
    gap = table["USD at your rates"] / table["USD at the official rate of the day"] - 1
    np.testing.assert_allclose(np.array(bars.x, dtype=float), gap * 100)
    np.testing.assert_allclose(table["Difference, %"], gap * 100)
    assert drawn.figure.layout.xaxis.type != "log"  # a bar's length from zero means something
    # the gap for the 5 bn roubles reported on 2022-08-02, at 80 RUB/USD against that day's rate
    investment = table.set_index("Item").loc["Moscow and KAMAZ investment"]
    assert investment["Difference, %"] == pytest.approx(
        (5e9 / 80) / investment["USD at the official rate of the day"] * 100 - 100
    )
    assert bars.text[0] == f"{gap[0]:+.0%}"


@pytest.mark.parametrize("chart_id", ["symbolic_vs_writedowns", "investment_per_vehicle"])
def test_converted_values_scale_exactly_with_the_rate(model, chart_id):
    """Doubling RUB per USD halves every dollar amount at the chosen rate, except amounts reported
    in dollars."""
    cheap = CHARTS[chart_id].draw(context_at(model, usd=50.0))
    dear = CHARTS[chart_id].draw(context_at(model, usd=100.0))
    for first, second in zip(cheap.figure.data, dear.figure.data, strict=True):
        before, after = np.array(first.x, dtype=float), np.array(second.x, dtype=float)
        in_dollars = np.array([t.endswith("as reported") and t.startswith("$") for t, *_ in first.customdata])
        np.testing.assert_allclose(after[~in_dollars] * 2, before[~in_dollars])
        np.testing.assert_allclose(after[in_dollars], before[in_dollars])


def test_the_gap_moves_with_the_rate_and_the_official_values_do_not(model):
    """At twice the roubles per dollar a converted sum is worth half as many dollars, so 1 + gap
    halves; a sum reported in dollars is not converted and keeps no gap."""
    cheap = CHARTS["money_at_two_rates"].draw(context_at(model, usd=50.0)).table
    dear = CHARTS["money_at_two_rates"].draw(context_at(model, usd=100.0)).table
    official = "USD at the official rate of the day"
    pd.testing.assert_series_equal(cheap[official], dear[official])
    in_dollars = (cheap["Unit"] == "USD").to_numpy()
    ratio = (1 + dear["Difference, %"] / 100) / (1 + cheap["Difference, %"] / 100)
    np.testing.assert_allclose(ratio[~in_dollars], 0.5)
    np.testing.assert_allclose(dear["Difference, %"][in_dollars], 0.0, atol=1e-9)


def test_official_rates_draws_the_chosen_rates(model):
    drawn = CHARTS["official_rates"].draw(context_at(model, usd=99.5))
    lines = [s for s in drawn.figure.layout.shapes if s.y0 == s.y1]
    assert [round(s.y0, 4) for s in lines] == [99.5, ARTICLE_RATES.eur, round(ARTICLE_RATES.cny, 4)]
    annotations = [a.text for a in drawn.figure.layout.annotations]
    assert "your rate<br>99.50 RUB/USD" in annotations
    # beside the plot, off the data
    assert {(a.x, a.xanchor) for a in drawn.figure.layout.annotations} == {(1, "left")}


def test_investment_value_over_time_in_the_display_currency(model):
    drawn = CHARTS["investment_value_over_time"].draw(context_at(model, usd=100.0))
    assert drawn.figure.layout.shapes[0].y0 == pytest.approx(5e7)
    assert "at your rate<br>$50.0M" in [a.text for a in drawn.figure.layout.annotations]
    table = drawn.table.set_index("Date")
    assert table.loc["2022-10-20", "Value in USD"] == pytest.approx(5e9 / ARTICLE_RATES.usd)


def test_hover_names_value_qualifier_source_and_date(model):
    trace = CHARTS["production_by_year"].draw(context_at(model)).figure.data[0]
    assert "Source: %{customdata[1]}, %{customdata[2]}" in trace.hovertemplate
    assert list(trace.customdata[0]) == ["600 (at least)", "Interfax", "2022-08-02", "2022"]


@pytest.mark.parametrize("currency", ["RUB", "USD"])
def test_the_log_axis_keeps_room_beside_the_smallest_and_largest_dot(model, currency):
    """A dot of exactly a power of ten (₽1, or $0.01 at 100 RUB/USD) must not sit on the axis's end;
    ticks every three powers of ten stay apart on a phone."""
    figure = CHARTS["symbolic_vs_writedowns"].draw(context_at(model, usd=100.0, currency=currency)).figure
    axis = figure.layout.xaxis
    drawn = _drawn_values(figure, "x")
    assert axis.type == "log"
    assert axis.range[0] <= np.log10(min(drawn)) - 0.5
    assert axis.range[1] >= np.log10(max(drawn)) + 0.5
    assert all(round(np.log10(t)) % 3 == 0 for t in axis.tickvals)


def test_every_chart_of_the_chart_modules_is_registered_in_the_stated_order():
    from moskvich.plots import exchange_rates, market, money, overview, production
    from moskvich.plots.registry import Chart

    modules = (overview, production, market, money, exchange_rates)
    defined = [v for m in modules for v in vars(m).values() if isinstance(v, Chart)]
    assert sorted(c.id for c in defined) == sorted(CHARTS)
    assert list(CHARTS.values()) == [c for m in modules for c in m.CHARTS]
    for chart in CHARTS.values():
        assert chart.build.__name__ == chart.id  # a builder is named as its chart


@pytest.mark.parametrize("chart_id", sorted(CHARTS))
def test_the_shown_table_reads_as_the_chart_and_the_csv_rounds_as_a_reader_expects(ctx, chart_id):
    drawn = CHARTS[chart_id].draw(ctx)
    shown, csv = drawn.shown_table(), drawn.csv_table()
    assert "Figure id" not in shown.columns
    assert list(csv.columns) == list(drawn.table.columns)  # ids stay in the CSV
    text = shown.astype(str)
    assert not text.isin(["nan", "None", "NaT", "<NA>"]).any().any()
    for column, how in drawn.formats.items():
        if how == COUNT:
            assert str(csv[column].dtype) == "Int64"
            assert all("," in v or len(v) <= 3 for v in shown[column] if v)  # 50,000
        if how.kind == "money":
            assert all(v[0] in "$€C₽-" for v in shown[column] if v), (column, list(shown[column])[:3])
            # to the cent, a whole amount without a decimal point
            for written, drawn_value in zip(csv[column], drawn.table[column], strict=True):
                if pd.isna(drawn_value):  # no money in the row (an event): an empty cell
                    assert written is None
                    continue
                assert written == round(drawn_value, 2)
                assert isinstance(written, int) == float(round(drawn_value, 2)).is_integer()


def test_a_csv_has_money_to_the_cent_and_no_float_noise(ctx):
    written = {cid: safe_csv(CHARTS[cid].draw(ctx).csv_table()).decode() for cid in CHARTS}
    money = written["money_at_two_rates"]
    assert "\nMoscow and KAMAZ investment,5000000000,RUB,81181351.02," in money
    for text in written.values():
        numbers = re.findall(r"(?<![\w.])-?\d+\.\d+(?![\w.])", text)
        assert all(len(n.split(".")[1]) <= 5 for n in numbers)  # rates as the Bank sets them
        assert not re.search(r"(?<![\w.-])\d+\.0(?=[,\n])", text)  # 5000000000, not 5000000000.0


@pytest.mark.parametrize(
    "chart_id", ["money_at_two_rates", "symbolic_vs_writedowns", "investment_per_vehicle"]
)
def test_every_converted_table_says_the_rates_it_used(model, chart_id):
    ctx = context_at(model, usd=75.0)
    table = CHARTS[chart_id].draw(ctx).table
    assert set(table["Rates"]) == {ctx.credit.removeprefix("at ")}
    assert "75.00 RUB/USD (chosen by the user)" in table["Rates"].iloc[0]


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_line_and_mark_stands_out_from_the_dark_background_by_wcag_aa():
    """Non-text contrast (WCAG 2.1, 1.4.11): at least 3:1 against Streamlit's dark background."""
    from moskvich.plots import style

    dark = _luminance("#0E1117")
    palette = [style.BLUE, style.ORANGE, style.GREEN, style.PURPLE, style.SKY, style.VERMILION, style.GREY]
    for colour in palette:
        assert (_luminance(colour) + 0.05) / (dark + 0.05) >= 3, colour


@pytest.mark.parametrize("chart_id", sorted(CHARTS))
def test_every_chart_draws_in_russian_with_russian_numbers(model, chart_id):
    chart = CHARTS[chart_id]
    with i18n.language("ru"):
        ctx = context_at(model)
        drawn = chart.draw(ctx)
        assert drawn.figure.layout.separators == ",\u00a0"  # 1 234,5 on the axes
        assert chart.title and drawn.figure.data
        assert len(drawn.shown_table()) == len(drawn.table)
        assert list(drawn.csv_table().columns) == list(drawn.table.columns)  # the CSV stays English
        caption = " ".join(chart.caption(drawn, ctx, screen=True))
        assert " RUB/" not in caption and " RUB/" not in drawn.alt  # rates read `61,59 ₽ за $`
    assert chart.draw(context_at(model)).figure.layout.separators == ".,"


def test_russian_charts_put_money_units_and_dates_the_russian_way(model):
    with i18n.language("ru"):
        ctx = context_at(model)
        per_vehicle = CHARTS["investment_per_vehicle"].draw(ctx).figure.layout.xaxis
        assert per_vehicle.tickprefix is None  # `50 тыс. $`: the amount, then the symbol
        assert all(t.endswith("\u00a0$") for t in per_vehicle.ticktext)
        log_axis = CHARTS["symbolic_vs_writedowns"].draw(ctx).figure.layout.xaxis
        assert "1\u00a0млн\u00a0$" in log_axis.ticktext
        events = CHARTS["key_events"].draw(ctx)
        assert re.search(r"\d\d\.\d\d\.20\d\d", events.alt)
        assert all(re.fullmatch(r"\d\d\.\d\d\.\d{4}", d) for d in events.shown_table().iloc[:, 0])
    english = CHARTS["investment_per_vehicle"].draw(context_at(model)).figure.layout.xaxis
    assert (english.tickprefix, english.ticktext) == ("$", None)


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("chart_id", ["production_by_year", "ev_by_year"])
def test_year_bars_label_every_bar_beside_it_and_name_every_year(model, chart_id, lang):
    """Across the page, a label has the width beside its bar to itself: none is left out for want
    of room (`50 тыс.` was, in Russian), on a phone neither; and every year has its tick."""
    with i18n.language(lang):
        drawn = CHARTS[chart_id].draw(context_at(model))
        expected = [format_count_short(v) for v in drawn.table["Vehicles"]]
    bars = drawn.figure.data
    assert all(t.orientation == "h" and t.textposition == "outside" for t in bars)
    assert all(t.constraintext == "inside" for t in bars)  # never squeezed, so never hidden
    assert sorted(text for t in bars for text in t.text) == sorted(expected)
    years = sorted({str(y) for y in drawn.table["Year"]})
    axis = drawn.figure.layout.yaxis
    assert list(axis.ticktext) == years
    # the bars of a year lie around its tick, a bar's width apart, and the years do not mingle
    places = {year: [] for year in years}
    for trace in bars:
        for place, row in zip(trace.y, trace.customdata, strict=True):
            places[row[3]].append(place)
    for tick, year in zip(axis.tickvals, years, strict=True):
        assert min(places[year]) <= tick <= max(places[year])
    ordered = [sorted(places[y]) for y in years]
    assert all(a[-1] + 1 <= b[0] for a, b in itertools.pairwise(ordered))
    if lang == "ru" and chart_id == "production_by_year":
        assert "50\u00a0тыс." in expected


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_monthly_sales_label_every_bar_beside_it_and_name_every_month(model, lang):
    with i18n.language(lang):
        drawn = CHARTS["monthly_sales"].draw(context_at(model))
        months = [format_month(m.date()) for m in F.monthly_sales(model.figures)["month"]]
        labels = [format_count(v) for v in drawn.table["Vehicles"]]
    [bars] = drawn.figure.data
    assert (bars.orientation, bars.textposition, bars.constraintext) == ("h", "outside", "inside")
    assert list(bars.text) == labels
    axis = drawn.figure.layout.yaxis
    assert list(axis.ticktext) == months and list(axis.tickvals) == list(bars.y)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_timelines_labels_have_rows_as_tall_as_they_need(model, lang):
    with i18n.language(lang):
        figure = CHARTS["key_events"].draw(context_at(model)).figure
    axis = figure.layout.yaxis
    lines = [label.count("<br>") + 1 for label in axis.ticktext]
    for (a, b), (n, m) in zip(itertools.pairwise(axis.tickvals), itertools.pairwise(lines), strict=True):
        assert b - a >= (n + m) / 2, "two labels would overlap"
    assert list(figure.data[0].y) == list(axis.tickvals)
    # and a line of the axis (one label line) is at least a line of text tall in the drawn plot
    plot_px = figure.layout.height - figure.layout.margin.t - figure.layout.margin.b
    assert plot_px / (axis.range[0] - axis.range[1]) >= 1.3 * style.TEXT_SIZE


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_percent_ticks_are_written_with_the_labels_minus_sign(model, lang):
    with i18n.language(lang):
        drawn = CHARTS["money_at_two_rates"].draw(context_at(model, usd=90.0))
        sign = minus()
    axis = drawn.figure.layout.xaxis
    negative = [t for v, t in zip(axis.tickvals, axis.ticktext, strict=True) if v < 0]
    assert negative and all(t.startswith(sign) for t in negative)
    labels = [t for t in drawn.figure.data[0].text if t.startswith(sign)]
    assert labels, "no bar below zero at 90 RUB/USD"
    assert not [t for t in (*axis.ticktext, *drawn.figure.data[0].text) if "\u2212" in t]
