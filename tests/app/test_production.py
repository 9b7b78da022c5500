import numpy as np

from moskvich.charts import charts_for
from tests.app.conftest import figures, open_page, values


def test_production_page_draws_every_registered_chart():
    at = open_page("production")
    subheaders = [s.value for s in at.subheader]
    assert subheaders == [c.title for c in charts_for("production")]
    assert len(figures(at)) == 5
    assert len(at.dataframe) == 5


def test_plans_against_reported_bars():
    chart = figures(open_page("production"))[0]
    bars = {t["name"]: dict(zip(t["x"], values(t, "y"), strict=True)) for t in chart["data"]}
    assert bars["First plan"] == {"2022": 600, "2023": 50_000, "2024": 100_000, "2025": 120_000}
    assert bars["Reported sales"] == {"2023": 15_300, "2025": 15_600}
    assert bars["Last plan"]["2025"] == 35_000
    assert bars["Plan, M70 and M90 only"] == {"2026": 10_000}  # the only plan for 2026
    assert chart["layout"]["yaxis"]["title"]["text"] == "Vehicles"


def test_monthly_sales_reach_november_2025():
    chart = figures(open_page("production"))[3]
    months = [m[:7] for m in chart["data"][0]["x"]]
    got = dict(zip(months, values(chart["data"][0], "y"), strict=True))
    assert len(got) == 13 and months[-1] == "2025-11"
    assert (got["2024-06"], got["2024-08"], got["2025-07"], got["2025-09"]) == (1_323, 1_900, 1_268, 1_200)


def test_production_charts_do_not_depend_on_the_rates():
    before = figures(open_page("production"))
    at = open_page("production")
    at.slider(key="rub_per_usd").set_value(140.0).run()
    after = figures(at)
    for a, b in zip(before, after, strict=True):
        for ta, tb in zip(a["data"], b["data"], strict=True):
            np.testing.assert_array_equal(values(ta, "y"), values(tb, "y"))


def test_data_tables_name_sources_with_links():
    at = open_page("production")
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "Year",
        "Series",
        "Vehicles",
        "Qualifier",
        "Source",
        "Published",
        "Link",
        "Figure id",
    ]
    assert table["Source"].notna().all()
