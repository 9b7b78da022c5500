"""Bring your own data on Sources & data: what a person sees for good and bad files, on every page."""

import re

import pytest

from moskvich.base.fmt import WORD_JOINER
from moskvich.dataset.datapackage import DATA_DIR
from tests.app.helpers import PAGES, chart_table, metric_values, open_page, open_tab, table
from tests.conftest import FIGURE_ROWS, FIRST_DAY, LATEST_DAY

FIGURES_CSV = (DATA_DIR / "figures.csv").read_text(encoding="utf-8")
FIGURES_HEADER = FIGURES_CSV.splitlines()[0]
INVESTMENT_ROW = "ifx20220802_invest,2022-08-02,investment,investment,,,5000000000,RUB,,Investment,Interfax,"
SHORT_RATES = b"date,currency,rub_per_unit\n2024-01-09,USD,90\n2024-01-09,EUR,99\n2024-01-09,CNY,12.5\n"


def upload(at, table: str, name: str, data: bytes, mode: str = "add"):
    at.radio(key="upload_mode").set_value(mode)
    uploader = at.file_uploader[0 if table == "figures" else 1]
    uploader.set_value((name, data, "text/csv")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def problems(at):
    return at.get_by_key("upload_problems").dataframe[0].value


def notes(at) -> list[str]:
    """The warnings of the upload panel: the banner about uploaded data aside."""
    return [w.value for w in at.warning if not w.value.startswith("You are looking at your own data")]


def figures_caption(at) -> str:
    return next(c.value for c in at.caption if c.value.endswith(" figures"))


def test_the_panel_starts_on_the_built_in_data():
    at = open_page("sources")
    assert [u.label for u in at.file_uploader] == [
        "Your figures (figures.csv)",
        "Your exchange rates (rub_rates.csv)",
        "Your market context (market_context.csv)",
    ]
    assert at.radio(key="upload_mode").value == "add"
    assert at.button(key="upload_reset").disabled
    assert not at.success and not at.error


def test_a_valid_file_is_used_on_every_page():
    changed = FIGURES_CSV.replace(
        "news20221020_kamaz_invest_rub,2022-10-20,investment,investment,,,5000000000,",
        "news20221020_kamaz_invest_rub,2022-10-20,investment,investment,,,6000000000,",
    )
    assert changed != FIGURES_CSV
    at = upload(open_page("sources"), "figures", "mine.csv", changed.encode(), mode="replace")
    assert [s.value.replace("\\", "") for s in at.success] == [
        f"mine.csv replaces the figures in use ({FIGURE_ROWS} rows). 1 value changed: investment "
        "₽5,000,000,000 → ₽6,000,000,000; 0 rows added; 0 rows removed."
    ]
    assert not at.button(key="upload_reset").disabled
    at.switch_page("pages/overview.py").run()
    assert "₽6.0bn investment by Moscow and KAMAZ" in metric_values(at)
    for name in PAGES[1:]:
        at.switch_page(f"pages/{name}.py").run()
        assert not at.exception, (name, [e.value for e in at.exception])


def test_added_rows_join_the_built_in_ones():
    row = (
        "mine20260105_sold,2026-01-05,reported,vehicles_sold,2025-12-01,2025-12-31,1234,vehicles,,Sold,Mine,"
    )
    at = upload(open_page("sources"), "figures", "new.csv", f"{FIGURES_HEADER}\n{row}\n".encode())
    assert figures_caption(at) == f"{FIGURE_ROWS + 1} of {FIGURE_ROWS + 1} figures"
    assert r"new\.csv\: 1 row added to the figures in use\." in [s.value for s in at.success]


def test_a_bad_file_changes_nothing_and_lists_twenty_problems_then_a_count():
    rows = "".join(f"2020-01-{day:02d},GBP,{day}\n" for day in range(1, 26))
    at = upload(open_page("sources"), "rates", "bad.csv", f"date,currency,rub_per_unit\n{rows}".encode())
    assert [e.value for e in at.error] == [
        r"bad\.csv was not used and nothing changed\: 25 problems to fix\."
    ]
    table = problems(at)
    assert list(table.columns) == ["Line", "Column", "Problem"]
    assert len(table) == 20
    assert list(table["Line"][:2]) == [2, 3] and set(table["Column"]) == {2}
    assert table["Problem"][0] == 'currency: "GBP" is not one of: USD, EUR, CNY'
    assert "... and 5 more problems." in [c.value for c in at.caption]
    assert figures_caption(at) == f"{FIGURE_ROWS} of {FIGURE_ROWS} figures"
    assert at.button(key="upload_reset").disabled
    assert not at.success


def test_the_problems_go_when_the_file_is_removed():
    at = upload(open_page("sources"), "figures", "empty.csv", b"")
    assert at.error
    at.file_uploader[0].clear().run()
    assert not at.error


def test_the_other_tables_file_is_named():
    at = upload(open_page("sources"), "figures", "rub_rates.csv", SHORT_RATES)
    assert (
        at.get_by_key("upload_problems")
        .dataframe[0]
        .value["Problem"][0]
        .startswith("this is a rub_rates.csv file")
    )


def test_markup_in_a_file_and_its_name_is_shown_as_text():
    row = "x_1,2024,event,thing,,,,,,<img src=x onerror=alert(1)>,Mine,"
    name = "<b>[click](https://evil.example)</b>.csv"
    at = upload(open_page("sources"), "figures", name, f"{FIGURES_HEADER}\n{row}\n".encode())
    [error] = [e.value for e in at.error]
    assert error.startswith(
        r"\<b\>\[click\]\(https\:" + WORD_JOINER + r"//evil\.example\)\</b\>\.csv was not used"
    )
    assert "contains HTML markup" in problems(at)["Problem"][0]
    assert not any("<img" in m.value or "<b>" in m.value for m in at.markdown)


def test_back_to_the_built_in_data():
    at = upload(open_page("sources"), "rates", "short.csv", SHORT_RATES, mode="replace")
    assert notes(at)  # the short rates do not reach the story's dates
    at.button(key="upload_reset").click().run()
    assert not at.success and not at.warning
    assert [u.value for u in at.file_uploader] == [None, None, None]
    assert at.button(key="upload_reset").disabled
    assert f"Exchange rates: Bank of Russia, {FIRST_DAY} to {LATEST_DAY}." in [c.value for c in at.caption]


@pytest.mark.slow
def test_short_rates_are_used_with_notes_and_every_page_still_runs():
    at = open_page("sources")
    at.multiselect(key="filter_kinds").set_value(["deal"]).run()
    at = upload(at, "rates", "short.csv", SHORT_RATES, mode="replace")
    panel = notes(at)
    assert len(panel) == 2 and panel[0].startswith(
        "The rates \\(2024\\-01\\-09 to 2024\\-01\\-09\\) do not cover"
    )
    assert "Exchange rates: your upload, 2024-01-09 to 2024-01-09." in [c.value for c in at.caption]
    at.switch_page("pages/money.py").run()  # the presets are where the rates move something
    preset_keys = [b.key for b in at.button if b.key and b.key.startswith("preset_")]
    assert preset_keys == ["preset_latest", "preset_on_date"]
    at.button(key="preset_on_date").click().run()
    assert at.slider(key="rub_per_usd_slider").value == 90.0
    for name in PAGES:
        at.switch_page(f"pages/{name}.py").run()
        assert not at.exception, (name, [e.value for e in at.exception])


def test_a_minimal_figures_table_still_runs_every_page():
    data = f"{FIGURES_HEADER}\n{INVESTMENT_ROW}\n".encode()
    at = open_page("sources")
    at.multiselect(key="filter_kinds").set_value(["deal", "event"]).run()
    at = upload(at, "figures", "min.csv", data, mode="replace")
    # Streamlit drops the chosen kinds the new table does not have, without an error
    assert at.multiselect(key="filter_kinds").value == []
    assert figures_caption(at) == "0 of 1 figures"
    for name in PAGES:
        at.switch_page(f"pages/{name}.py").run()
        assert not at.exception, (name, [e.value for e in at.exception])


@pytest.mark.parametrize("table", ["figures", "rates"])
def test_one_sessions_upload_is_not_seen_by_another(table):
    data = f"{FIGURES_HEADER}\n{INVESTMENT_ROW}\n".encode() if table == "figures" else SHORT_RATES
    mine = upload(open_page("sources"), table, "mine.csv", data, mode="replace")
    assert mine.success
    other = open_page("sources")
    assert figures_caption(other) == f"{FIGURE_ROWS} of {FIGURE_ROWS} figures"
    assert f"Exchange rates: Bank of Russia, {FIRST_DAY} to {LATEST_DAY}." in [c.value for c in other.caption]
    assert not other.success


def test_uploaded_rates_are_credited_to_the_upload_not_the_bank_of_russia():
    at = upload(open_page("sources"), "rates", "short.csv", SHORT_RATES, mode="replace")
    at.switch_page("pages/exchange_rates.py").run()
    at.button(key="preset_latest").click().run()
    captions = [c.value.replace("\\", "") for c in at.caption]
    chart_captions = [c for c in captions if c.startswith(("Source:", "Sources:"))]
    assert chart_captions and all("Bank of Russia" not in c for c in chart_captions)
    assert all("your upload" in c for c in chart_captions)
    assert (
        "Money at 90.00 RUB/USD, 99.00 RUB/EUR and 12.50 RUB/CNY (your upload, 2024-01-09)"
        in chart_captions[0]
    )


def test_an_upload_that_contradicts_the_figures_in_use_is_used_with_a_warning():
    row = "mine_9m25,2025-10-10,reported,vehicles_sold,2025-01-01,2025-09-30,9000,vehicles,,Sold,Mine,"
    at = upload(open_page("sources"), "figures", "mine.csv", f"{FIGURES_HEADER}\n{row}\n".encode())
    assert figures_caption(at) == f"{FIGURE_ROWS + 1} of {FIGURE_ROWS + 1} figures"
    [warning] = [re.sub(r"\\(.)", r"\1", w) for w in notes(at)]  # shown as plain text
    assert warning == (
        "1 figure of your file contradicts other figures in use. They are used as they are; check them "
        "against their sources."
    )
    [finding] = at.get_by_key("upload_contradictions").dataframe[0].value.itertuples(index=False)
    assert finding.Line == 2
    assert finding.Contradiction == (
        "mine_9m25: the running total of vehicles_sold since 2025-01-01 falls to 9,000 vehicles "
        "by 2025-09-30, below 9,960 vehicles by 2025-08-31 in rambler20250903_sales_8m25 (in the figures "
        "already in use)"
    )


def test_every_page_says_the_data_is_the_users_and_offers_the_way_back():
    row = "mine2024,2025-01-15,reported,vehicles_sold,2024-01-01,2024-12-31,25000,vehicles,,Sold,My notes,"
    at = upload(open_page("sources"), "figures", "mine.csv", f"{FIGURES_HEADER}\n{row}\n".encode())
    for name in PAGES:
        at.switch_page(f"pages/{name}.py").run()
        banner = at.get_by_key("uploaded_banner").warning[0].value.replace("\\", "")
        assert banner.startswith(
            "You are looking at your own data, not the dashboard's: mine.csv: 1 row added"
        )
        assert "Its changed and new rows name My notes as their source." in banner
    # the caption about years without a reported total is made from the data, and 2024 now has one
    at.switch_page("pages/production.py").run()
    captions = " ".join(c.value.replace("\\", "") for c in at.caption)
    assert "sales or shipment total has been reported for 2024" not in captions
    at.button(key="banner_reset").click().run()
    assert not [w for w in at.warning if "your own data" in w.value]
    captions = " ".join(c.value.replace("\\", "") for c in at.caption)
    assert "No full-year production, sales or shipment total has been reported for 2024" in captions


def test_the_built_in_data_has_no_banner():
    for name in PAGES:
        at = open_page(name)
        assert not [w for w in at.warning if "your own data" in w.value]


SALES_2023 = "ifx20240222_sold2023,2024-02-22,reported,vehicles_sold,2023-01-01,2023-12-31,"
ONE_VALUE_CHANGED = FIGURES_CSV.replace(SALES_2023 + "15300,", SALES_2023 + "25300,").encode()


def test_a_replacing_file_says_in_words_what_it_changed_with_the_full_list_a_click_away():
    at = upload(open_page("sources"), "figures", "mine.csv", ONE_VALUE_CHANGED, mode="replace")
    for name in PAGES:
        at.switch_page(f"pages/{name}.py").run()
        banner = at.get_by_key("uploaded_banner")
        said = banner.warning[0].value.replace("\\", "")
        assert (
            f"mine.csv replaces the figures in use ({FIGURE_ROWS} rows). 1 value changed: 2023 sales 15,300 "
            "vehicles → 25,300 vehicles; 0 rows added; 0 rows removed. Its changed and new rows name "
            "Interfax as their source."
        ) in said
        assert said.count(";") < 5  # not a list of every source of the file
        [full] = banner.expander
        assert full.label == "The change in full (1)"
        changes = full.dataframe[0].value
        assert changes.to_dict("records") == [
            {
                "What": "2023 sales",
                "Change": "changed",
                "Before": "15,300 vehicles",
                "After": "25,300 vehicles",
                "Source": "Interfax",
            }
        ]


def test_the_changed_rows_are_marked_in_every_table():
    at = upload(open_page("sources"), "figures", "mine.csv", ONE_VALUE_CHANGED, mode="replace")
    figures = table(at, "all_figures")
    assert list(figures.columns[:2]) == ["What was said", "Your upload"]
    marked = figures[figures["Your upload"] != ""]
    assert list(marked["Your upload"]) == ["changed"] and list(marked["Figure"]) == ["25,300 vehicles"]
    disagreeing = table(at, "disagreements")
    assert "changed" in set(disagreeing["Your upload"])
    at.switch_page("pages/production.py").run()
    data = chart_table(at, "production_by_year")
    assert list(data.columns[:2]) == ["Year", "Your upload"]
    row = data[data["Your upload"] == "changed"].iloc[0]
    assert (row["Year"], row["Vehicles"]) == (2023, "25,300")
    assert (data["Your upload"] == "").sum() == len(data) - 1
    # the built-in data marks nothing
    assert "Your upload" not in chart_table(open_page("production"), "production_by_year").columns


def test_the_share_tab_says_links_show_the_dashboards_own_data_and_citations_say_it_is_uploaded():
    at = upload(open_page("sources"), "figures", "mine.csv", ONE_VALUE_CHANGED, mode="replace")
    at.switch_page("pages/production.py").run()
    open_tab(at, "production_by_year", "Share")
    card = at.get_by_key("card_production_by_year")
    assert any(
        "Links, embed codes and file addresses show the dashboard's own data, not your upload" in i.value
        for i in card.info
    )
    credit, citation, bibtex = [c.value for c in card.code][5:]  # after link, embed and file addresses
    assert credit.startswith("Moskvich dashboard, with data uploaded by a user, from ")
    assert "Made from data uploaded by a user, not the dashboard's own" in citation
    assert "Made from data uploaded by a user" in bibtex
    plain = open_tab(open_page("production"), "production_by_year", "Share").get_by_key(
        "card_production_by_year"
    )
    assert not plain.info and "uploaded" not in " ".join(c.value for c in plain.code)


def test_adding_a_file_that_adds_nothing_says_so_plainly():
    at = upload(open_page("sources"), "figures", "same.csv", FIGURES_CSV.encode())
    assert not at.error and not at.get("upload_problems")
    [info] = [i.value.replace("\\", "") for i in at.info if "adds nothing" in i.value]
    assert info.startswith("same.csv adds nothing: every row's id is already in the figures in use")
    assert "None" not in info
    assert at.button(key="upload_reset").disabled  # nothing was changed, so nothing to go back from


def test_a_problem_of_the_whole_file_has_empty_line_and_column_cells():
    data = f"{FIGURES_HEADER}\nmine_1,2024,event,thing,,,,,,Something,Mine,\n".encode()
    at = upload(open_page("sources"), "figures", "no_investment.csv", data, mode="replace")
    found = problems(at)
    assert list(found["Line"]) == [""] and list(found["Column"]) == [""]
    assert found["Problem"][0].startswith('the row "ifx20220802_invest"')
