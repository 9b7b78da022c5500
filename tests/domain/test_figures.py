import pandas as pd
import pytest

from moskvich.base import i18n
from moskvich.dataset.load import load_dataset
from moskvich.domain import figures as F


@pytest.fixture(scope="module")
def figures():
    return F.prepare(load_dataset().figures)


def test_published_date_places_partial_dates_mid_period():
    assert F.published_date("2022-10-20") == pd.Timestamp("2022-10-20")
    assert F.published_date("2023-09") == pd.Timestamp("2023-09-15")
    assert F.published_date("2024") == pd.Timestamp("2024-07-01")


def test_prepare_adds_date_and_precision(figures):
    row = F.row(figures, "texrbc2024_plan2024")
    assert (row["published_date"], row["published_precision"]) == (pd.Timestamp("2024-07-01"), "year")


def test_year_summary_all_vehicles(figures):
    summary = F.year_summary(figures)
    got = {(r.year, r.series): (r.value, r.id) for r in summary.itertuples()}
    assert got == {
        (2022, F.PLAN_FIRST): (600, "ifx20220802_plan2022"),
        (2022, F.PLAN_LAST): (600, "rtr20221020_plan2022"),
        (2022, "vehicles_produced"): (600, "teller20230302_2022_output"),
        (2023, F.PLAN_FIRST): (50_000, "ifx20220802_plan2023"),
        (2023, F.PLAN_LAST): (27_000, "icmos20231207_fc2023"),
        (2023, "vehicles_produced"): (31_000, "sb202402_prod2023"),
        (2023, "vehicles_sold"): (15_300, "ifx20240222_sold2023"),
        (2023, "vehicles_shipped_to_dealers"): (19_000, "ifx20240222_shipped2023"),
        (2024, F.PLAN_FIRST): (100_000, "rt202211_plan2024"),
        (2024, F.PLAN_LAST): (22_000, "texrbc2024_plan2024"),
        (2025, F.PLAN_FIRST): (120_000, "pledge20221123_plan2025"),
        # three 2025 plans of mid-2024: the single figure, not one end of the 35,000-40,000 range
        (2025, F.PLAN_LAST): (35_000, "texrbc2024_plan2025"),
        (2025, "vehicles_sold"): (15_600, "motor20260120_sales2025"),
        # 2026 has a plan for the new M line only, shown as such
        (2026, F.PLAN_M_LINE): (10_000, "izru20260226_plan2026"),
    }


def test_year_summary_leaves_out_other_brands_and_weekly_figures(figures):
    ids = set(F.year_summary(figures)["id"]) | set(F.monthly_sales(figures)["id"])
    ids |= set(F.cumulative_reports(figures)["id"]) | set(F.plan_revisions(figures)["id"])
    assert not ids & {
        "overclockers20260220_umo_plan26",  # UMO cars, built at the plant for another brand
        "inovev2012_output2011",  # Renault's output
        "socialbites202411_sales_w44",  # a week's sales
        "www1es20241224_sales_w51",
    }


def test_year_summary_electric(figures):
    summary = F.year_summary(figures, ev=True)
    got = {(r.year, r.series): r.value for r in summary.itertuples()}
    assert got[(2023, F.PLAN_FIRST)] == 10_000
    assert got[(2023, F.PLAN_LAST)] == 4_200
    assert got[(2023, "ev_produced")] == 5_005
    # one 2025 EV plan only: it is shown once, as the first plan
    assert (2025, F.PLAN_LAST) not in got and got[(2025, F.PLAN_FIRST)] == 25_000


def test_plan_revisions_2023(figures):
    revisions = F.plan_revisions(figures)
    plans = revisions[(revisions["target_year"] == 2023) & (revisions["series"] == F.PLAN)]
    assert list(plans["value"]) == [
        50_000,
        50_000,
        50_000,
        50_000,
        40_000,
        50_000,
        27_000,
        27_000,
        27_000,
        27_000,
    ]
    outcomes = revisions[(revisions["target_year"] == 2023) & (revisions["series"] != F.PLAN)]
    assert sorted(outcomes["value"]) == [13_500, 15_300, 31_000]
    assert set(revisions["target_year"]) == {2022, 2023, 2024, 2025}
    plans_2025 = revisions[(revisions["target_year"] == 2025) & (revisions["series"] == F.PLAN)]
    assert list(plans_2025["value"]) == [120_000, 35_000, 35_000, 40_000]  # RBC, then a range
    assert "qyzyq2024_plan2025_high" in set(plans_2025["id"])


def test_monthly_sales_one_figure_per_month(figures):
    sales = F.monthly_sales(figures)
    assert sales["month"].is_unique
    by_month = dict(zip(sales["month"].dt.strftime("%Y-%m"), sales["value"], strict=True))
    assert by_month["2023-04"] == 969  # the exact company figure, not TASS's "about 970"
    assert by_month["2025-11"] == 1_500  # the earlier report, Kommersant (Gazeta.ru later: 1,400)
    # both exact and of the same day: the company's figure, which comes first in the data
    assert by_month["2025-07"] == 1_268
    assert (by_month["2024-06"], by_month["2024-08"], by_month["2025-09"]) == (1_323, 1_900, 1_200)
    assert (by_month["2024-03"], by_month["2024-10"]) == (3_000, 2_400)  # nearly 3,000; about 2,400
    assert list(by_month) == [
        "2023-03",
        "2023-04",
        "2023-11",
        "2024-03",
        "2024-04",
        "2024-05",
        "2024-06",
        "2024-08",
        "2024-10",
        "2025-05",
        "2025-07",
        "2025-08",
        "2025-09",
        "2025-10",
        "2025-11",
    ]


def test_cumulative_reports(figures):
    data = F.cumulative_reports(figures)
    built = data[data["series"] == "Built since the Nov 2022 restart"]
    assert list(built["value"]) == [2_000, 7_000, 27_000, 27_000, 31_000]
    sales_2025 = data[data["series"] == "Sales since 1 January, 2025"]
    assert list(sales_2025["value"]) == [9_960, 11_200, 12_800, 14_000, 15_600]
    sales_2024 = data[data["series"] == "Sales since 1 January, 2024"]
    assert list(sales_2024["value"]) == [7_000, 10_000, 11_800, 13_300]


def test_key_events_use_event_dates_and_announcement_dates(figures):
    events = F.key_events(figures).set_index("id")
    assert events.loc["ifx20221123_start", "date"] == pd.Timestamp("2022-11-23")
    assert events.loc["teller20230302_nationwide_sales", "date"] == pd.Timestamp("2023-03-03")
    # a plan cut is dated when it was announced, not by the year it is about
    assert events.loc["mail20230822_plan2023", "date"] == pd.Timestamp("2023-08-22")
    assert events["date"].is_monotonic_increasing
    # the timeline reaches 2026: the new chief executive took office two days before the report
    assert events.loc["kommersant20251110_ceo", "date"] == pd.Timestamp("2025-11-08")
    assert events.loc["overclockers20260306_m_sales", "date"] == pd.Timestamp("2026-03-06")
    assert (events["date"].dt.year >= 2025).sum() == 7


def test_disagreements_pair_sources_on_the_same_measure(figures):
    found = F.disagreements(figures)
    sold_2023 = found[(found["metric"] == "vehicles_sold") & (found["period_start"] == "2023-01-01")]
    assert sorted(sold_2023["value"]) == [13_500, 15_300]
    assert set(sold_2023["source_name"]) == {"Socialbites", "Interfax"}
    # plans are revisions, not disagreements
    assert set(found["kind"]) == {"reported"}


def test_search_filters_by_kind_and_text(figures):
    assert len(F.search(figures, ["deal"])) == (figures["kind"] == "deal").sum()
    found = F.search(figures, ["plan", "reported"], "AUTOSTAT")
    assert len(found) > 5 and found["source_name"].str.contains("Autostat").any()
    assert F.search(figures, ["plan"], "no such words").empty


def test_the_reader_table_says_each_figure_in_words(figures):
    rows = (
        figures.set_index("id")
        .loc[["news20221020_kamaz_invest_rub", "mail20230822_plan2023", "ifx20221123_start"]]
        .reset_index()
    )
    table = F.reader_table(rows)
    assert list(table.columns) == ["What was said", "Figure", "Period", "Kind", "Source", "Published", "Link"]
    assert list(table["Figure"]) == ["₽5.0bn (agreed)", "27,000 vehicles", ""]  # an event has no figure
    assert list(table["Period"]) == ["", "2023", "2022-11-23"]
    assert list(table["Kind"]) == ["Investment", "Plan", "Event"]
    assert table.notna().all().all()  # empty cells are empty, never "None"


def test_no_match_says_why_and_what_to_do():
    kinds = ["deal", "plan"]
    assert F.no_match("x", [], kinds).startswith("No kind of figure is chosen")
    assert F.no_match(" *zeppelin* ", ["deal"], kinds) == (
        "No figure of the chosen kinds has every word of “\\*zeppelin\\*”. Try fewer words, or choose "
        "more kinds."
    )
    assert (
        F.no_match("zeppelin", kinds, kinds)
        == "No figure has every word of “zeppelin”. Try fewer or other words."
    )


def test_search_matches_every_word_anywhere_in_what_the_reader_sees(figures):
    everything = sorted(figures["kind"].unique())
    found = F.search(figures, everything, "Interfax 2024")
    shown = F.reader_table(found).drop(columns="Link").astype(str).agg(" ".join, axis=1).str.lower()
    assert len(found) > 0 and shown.str.contains("interfax").all() and shown.str.contains("2024").all()
    assert len(F.search(figures, everything, "interfax")) > len(found)
    assert F.search(figures, everything, "  ").equals(figures)


@pytest.mark.parametrize("typed", ["50000", "50,000", "50 000", "50\u00a0000"])
def test_a_number_is_found_however_its_thousands_are_written(figures, typed):
    everything = sorted(figures["kind"].unique())
    found = F.search(figures, everything, typed)
    assert len(found) >= 3 and (found["value"] == 50000).sum() >= 3
    with i18n.language("ru"):  # shown as 50 000, with a space that does not break
        assert F.search(figures, everything, typed)["id"].tolist() == found["id"].tolist()
    # a year beside a number stays two words
    assert F.search(figures, everything, "2023 15300").equals(F.search(figures, everything, "15,300 2023"))
    assert not F.search(figures, everything, "2023 15300").empty


@pytest.mark.parametrize(
    ("published", "newest"),
    [
        (["2024-05-02", "2026-03-11", "2025-12"], "2026-03-11"),
        (["2026-03-11", "2026-03", "2025"], "2026-03"),  # March 2026 alone counts as 15 March
        (["2026-03-15", "2026-03"], "2026-03-15"),  # the same day: the precise one
        (["2026", "2026-06-30"], "2026"),
    ],
)
def test_newest_published_is_the_latest_source_date_as_precise_as_known(published, newest):
    assert F.newest_published(pd.DataFrame({"published": published})) == newest


def test_newest_published_of_the_shipped_figures(figures):
    newest = F.newest_published(figures)
    assert newest in set(figures["published"])
    assert F.published_date(newest) == figures["published"].map(F.published_date).max()
