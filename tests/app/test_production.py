import numpy as np

from moskvich.plots import charts_for
from tests.app.helpers import chart_table, figure, figures, open_page, values


def test_production_page_draws_every_registered_chart():
    at = open_page("production")
    subheaders = [s.value for s in at.subheader]
    assert subheaders == [c.title for c in charts_for("production")]
    charts = charts_for("production")
    assert len(figures(at, "production")) == len(charts)
    assert not at.dataframe  # the Data tabs are closed: their tables are not sent
    assert all(len(chart_table(at, c.id)) > 0 for c in charts)


def test_plans_against_reported_bars():
    chart = figure(open_page("production"), "production_by_year")
    bars = {
        t["name"]: dict(zip([row[3] for row in t["customdata"]], values(t, "x"), strict=True))
        for t in chart["data"]
    }
    assert bars["First plan"] == {"2022": 600, "2023": 50_000, "2024": 100_000, "2025": 120_000}
    assert bars["Reported sales"] == {"2023": 15_300, "2025": 15_600}
    assert bars["Last plan"]["2025"] == 35_000
    assert bars["Plan, M70 and M90 only"] == {"2026": 10_000}  # the only plan for 2026
    assert chart["layout"]["xaxis"]["title"]["text"] == "Vehicles"
    assert chart["layout"]["yaxis"]["ticktext"] == ["2022", "2023", "2024", "2025", "2026"]  # every year


def test_monthly_sales_reach_november_2025():
    chart = figure(open_page("production"), "monthly_sales")
    months = chart["layout"]["yaxis"]["ticktext"]
    got = dict(zip(months, values(chart["data"][0], "x"), strict=True))
    assert len(got) == 15 and months[-1] == "November 2025"
    assert [got[m] for m in ("June 2024", "August 2024", "July 2025", "September 2025")] == [
        1_323,
        1_900,
        1_268,
        1_200,
    ]
    assert (got["March 2024"], got["October 2024"]) == (3_000, 2_400)


def test_production_charts_do_not_depend_on_the_rates():
    before = figures(open_page("production"), "production")
    after = figures(open_page("production", rub_per_usd="140"), "production")
    assert list(before) == list(after)
    for chart_id, a in before.items():
        b = after[chart_id]
        for ta, tb in zip(a["data"], b["data"], strict=True):
            for axis in ("x", "y"):
                np.testing.assert_array_equal(values(ta, axis), values(tb, axis))


def test_data_tables_name_sources_with_links():
    at = open_page("production")
    shown = chart_table(at, "production_by_year")
    assert list(shown.columns) == [
        "Year",
        "Series",
        "Vehicles",
        "Qualifier",
        "Source",
        "Published",
        "Link",
    ]
    assert shown["Source"].notna().all()
    # rounded as the chart shows it, with separators; no ids in front of a reader
    assert shown.set_index(["Year", "Series"]).loc[(2023, "First plan"), "Vehicles"] == "50,000"
