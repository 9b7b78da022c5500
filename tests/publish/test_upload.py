import csv as csv_module
import gzip
import io
import re
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from moskvich.base import fmt, i18n
from moskvich.dataset.datapackage import DATA_DIR, FIGURES, RATES, tables
from moskvich.dataset.load import Dataset, load_dataset, write_table
from moskvich.domain import amounts, headlines, story
from moskvich.domain.currency import CURRENCIES, Rates
from moskvich.domain.figures import disagreements, figure_words, reader_table, search
from moskvich.domain.model import Model, build
from moskvich.domain.settings import SLIDERS, Settings
from moskvich.plots import CHARTS
from moskvich.publish.upload import (
    ADD,
    MAX_UPLOAD_BYTES,
    REPLACE,
    TABLE_WORDS,
    Accepted,
    NothingNew,
    Rejected,
    changes_of,
    coverage_notes,
    use_upload,
)
from tests.conftest import FIGURE_ROWS, LATEST_DAY, ROOT

CORPUS = Path(__file__).parents[1] / "corpus"
FIGURES_CSV = (DATA_DIR / "figures.csv").read_text(encoding="utf-8")
RATES_CSV = (DATA_DIR / "rub_rates.csv").read_text(encoding="utf-8")
FIGURES_HEADER = FIGURES_CSV.splitlines()[0]
RATES_HEADER = "date,currency,rub_per_unit"
INVESTMENT_ROW = "ifx20220802_invest,2022-08-02,investment,investment,,,5000000000,RUB,,Investment,Interfax,"


@pytest.fixture(scope="module")
def builtin() -> Dataset:
    return load_dataset()


def csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def accepted(outcome: Accepted | Rejected) -> Accepted:
    assert isinstance(outcome, Accepted), outcome.report.lines()
    return outcome


def problems(outcome: Accepted | Rejected) -> list[tuple[int | None, int | None, str]]:
    assert isinstance(outcome, Rejected), "the upload was accepted"
    assert outcome.report.problems
    return [(p.line, p.column, p.message) for p in outcome.report.problems]


def draw_every_page(
    dataset: Dataset, currencies: tuple[str, ...] = CURRENCIES, ends: tuple[str, ...] = ("low", "high")
) -> Model:
    """Compute everything the pages show, at the ends of every slider and in each currency."""
    model = build(dataset)
    for end in ends:
        rates = Rates(*(getattr(slider, end) for slider in SLIDERS.values()))
        for currency in currencies:
            ctx = model.context(Settings.apart(rates, currency))
            for chart in CHARTS.values():
                chart.source_line(chart.draw(ctx))
            headlines.headline_metrics(ctx)
            items = amounts.money_items(ctx.figures, ctx.history, ctx.rates, story.MONEY_ITEMS)
            amounts.items_display(items, currency)
    figures = model.figures
    reader_table(search(figures, sorted(figures["kind"].unique()), "a"))
    reader_table(disagreements(figures))
    for correction in headlines.corrections(figures):
        reader_table(headlines.rows_for(figures, [correction.claim["id"], *correction.sources["id"]]))
    write_table(dataset.figures, tables()[FIGURES])
    write_table(dataset.rates, tables()[RATES])
    return model


# Good files ------------------------------------------------------------------------------------


@pytest.mark.parametrize("table", [FIGURES, RATES])
def test_the_built_in_files_replace_the_tables_unchanged(builtin, table):
    data = (DATA_DIR / tables()[table].filename).read_bytes()
    result = accepted(use_upload(data, "mine.csv", table, REPLACE, builtin))
    pd.testing.assert_frame_equal(result.dataset.figures, builtin.figures)
    pd.testing.assert_frame_equal(result.dataset.rates, builtin.rates)
    assert result.notes == ()
    rows = len(builtin.figures if table == FIGURES else builtin.rates)
    assert result.summary == (
        f"mine.csv replaces the {TABLE_WORDS[table]} in use ({rows:,} rows). "
        "0 values changed; 0 rows added; 0 rows removed."
    )
    assert result.provenance == result.summary  # no row changed: no source to name


def test_add_keeps_the_rows_in_use_and_appends_only_new_ids(builtin):
    before = builtin.figures.copy()
    new = (
        "mine20260101_sold,2026-01-05,reported,vehicles_sold,2025-12-01,2025-12-31,1234,vehicles,,Sales,Mine,"
    )
    data = csv(FIGURES_HEADER, new, FIGURES_CSV.splitlines()[1])
    result = accepted(use_upload(data, "mine.csv", FIGURES, ADD, builtin))
    assert len(result.dataset.figures) == len(builtin.figures) + 1
    assert result.dataset.figures["id"].iloc[-1] == "mine20260101_sold"
    assert result.dataset.rates is builtin.rates
    assert result.summary == (
        "mine.csv: 1 row added to the figures in use; 1 row whose id was already in use left out."
    )
    pd.testing.assert_frame_equal(builtin.figures, before)  # the shared built-in data is never changed
    draw_every_page(result.dataset)


def test_added_rates_are_merged_in_date_order(builtin):
    later = (date.fromisoformat(LATEST_DAY) + timedelta(days=10)).isoformat()
    data = csv(RATES_HEADER, f"{later},USD,85", f"{later},EUR,99", f"{later},CNY,12.5")
    result = accepted(use_upload(data, "later.csv", RATES, ADD, builtin))
    rates = result.dataset.rates
    assert len(rates) == len(builtin.rates) + 3
    assert rates["date"].is_monotonic_increasing
    assert build(result.dataset).presets[-1].label == f"Latest official ({later})"


def test_a_minimal_figures_table_still_draws_every_page(builtin):
    result = accepted(use_upload(csv(FIGURES_HEADER, INVESTMENT_ROW), "min.csv", FIGURES, REPLACE, builtin))
    model = draw_every_page(result.dataset)
    assert [p.key for p in model.presets] == ["article", "latest"]  # the implied rate needs its rows


def test_rates_that_miss_the_story_dates_are_used_with_notes(builtin):
    data = csv(RATES_HEADER, "2024-01-01,USD,90", "2024-01-01,EUR,100", "2024-01-01,CNY,12")
    result = accepted(use_upload(data, "short.csv", RATES, REPLACE, builtin))
    assert result.notes == (
        "The rates (2024-01-01 to 2024-01-01) do not cover 2022-10-20, the date of the October 2022 report, "
        "so the presets for that date are left out.",
        "The rates (2024-01-01 to 2024-01-01) do not reach the dates of 14 of the Money page's figures "
        "(Moscow and KAMAZ investment, Renault's Avtovaz stake, Renault's write-down on leaving Russia and "
        "11 more), so it shows them without an official rate of the day.",
    )
    model = draw_every_page(result.dataset)
    assert [p.key for p in model.presets] == ["latest"]


def test_built_in_data_needs_no_notes(builtin):
    assert coverage_notes(builtin) == ()


def test_what_an_upload_did_is_told_in_russian_with_russian_numbers(builtin):
    """The app's language: counts and sizes through moskvich.base.fmt (`7 869`, `5,0`), file and column
    names as they are."""
    data = (DATA_DIR / "rub_rates.csv").read_bytes()
    with i18n.language("ru"):
        result = accepted(use_upload(data, "mine.csv", RATES, REPLACE, builtin))
        rows = fmt.format_count(len(builtin.rates))
        too_big = problems(use_upload(b"x" * (MAX_UPLOAD_BYTES + 1), "big.csv", FIGURES, ADD, builtin))
    assert result.summary.startswith("mine.csv ") and f"({rows} " in result.summary and "\u00a0" in rows
    assert "5,0" in too_big[0][2]
    nothing_new = use_upload(data, "mine.csv", RATES, ADD, builtin)
    with i18n.language("ru"):
        said = use_upload(data, "mine.csv", RATES, ADD, builtin)
    assert isinstance(nothing_new, NothingNew) and isinstance(said, NothingNew)
    assert "date and currency" in nothing_new.message
    assert "date" in said.message and "currency" in said.message and "ничего" in said.message


# Bad files -------------------------------------------------------------------------------------


def test_a_file_over_the_limit_is_turned_down_before_it_is_read(builtin):
    data = b"x" * (MAX_UPLOAD_BYTES + 1)
    assert problems(use_upload(data, "big.csv", FIGURES, ADD, builtin)) == [
        (None, None, "the file is 5.0 MB; the limit is 5 MB")
    ]


def test_the_limit_is_the_browsers_5_000_000_bytes():
    """Streamlit's uploader refuses a file over server.maxUploadSize megabytes of 1,000,000 bytes (of
    2**20 only on Windows); what it lets through, the app checks as a table, not by its size."""
    assert MAX_UPLOAD_BYTES == 5_000_000
    at_the_limit = problems(use_upload(b"x" * MAX_UPLOAD_BYTES, "big.csv", FIGURES, ADD, load_dataset()))
    assert "MB" not in at_the_limit[0][2]


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("bad_*.csv")))
def test_every_file_the_validator_rejects_is_turned_down_with_its_problems(builtin, name):
    data = (CORPUS / name).read_bytes()
    for table in (FIGURES, RATES):
        found = problems(use_upload(data, name, table, REPLACE, builtin))
        assert all(message for _, _, message in found)


def test_a_zip_bomb_renamed_csv_is_never_unpacked(builtin):
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("figures.csv", b"0" * 200_000_000)  # 200 MB of zeros, about 200 kB packed
    assert len(packed.getvalue()) < MAX_UPLOAD_BYTES
    assert problems(use_upload(packed.getvalue(), "figures.csv", FIGURES, REPLACE, builtin)) == [
        (None, None, "the file is a ZIP archive (Excel .xlsx files are ZIP archives too), not CSV text")
    ]
    bomb = gzip.compress(b"0" * 50_000_000)
    assert problems(use_upload(bomb, "rates.csv", RATES, REPLACE, builtin)) == [
        (None, None, "the file is a gzip archive, not CSV text")
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"\xef\xbb\xbf", "the file is empty"),
        (b"\xef\xbb\xbf\r\n  \n", "the file is empty"),
        (b"\x00\x01\x02\xff" * 100, "binary data"),
        ("date,currency,rub_per_unit\n2024-01-01,USD,90\n".encode("utf-16"), "UTF-16"),
        ("id,description\nx,Москвич\n".encode("cp1251"), "not UTF-8 text: byte 0xCC on line 2"),
        (b"<html><script>alert(1)</script></html>", "HTML or XML page"),
    ],
)
def test_empty_binary_and_wrongly_encoded_files(builtin, data, message):
    [(_, _, found)] = problems(use_upload(data, "x.csv", FIGURES, ADD, builtin))
    assert message in found


def test_the_other_tables_file_is_named_as_such(builtin):
    assert problems(use_upload(RATES_CSV.encode(), "rates.csv", FIGURES, ADD, builtin)) == [
        (
            1,
            None,
            "this is a rub_rates.csv file (its columns are date, currency, rub_per_unit), not figures.csv; "
            "upload it as exchange rates instead",
        )
    ]
    [(line, _, message)] = problems(use_upload(FIGURES_CSV.encode(), "f.csv", RATES, ADD, builtin))
    assert (
        line == 1 and message.startswith("this is a figures.csv file") and "upload it as figures" in message
    )


@pytest.mark.parametrize("table", [FIGURES, RATES])
def test_the_explanations_file_is_named_and_not_taken_for_a_table_to_upload(builtin, table):
    data = (DATA_DIR / "explained_findings.csv").read_bytes()
    [(line, column, message)] = problems(use_upload(data, "e.csv", table, ADD, builtin))
    assert (line, column) == (1, None)
    assert message == (
        "this is an explained_findings.csv file (its columns are rule, id, other_id, reason), not "
        f"{tables()[table].filename}; only figures and exchange rates can be uploaded"
    )


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ('=HYPERLINK("https://evil.example")', 'starts with "=", which a spreadsheet runs as a formula'),
        ("@SUM(A1:A2)", 'starts with "@"'),
        ("+cmd", 'starts with "+"'),
        ("<script>alert(1)</script>", "contains HTML markup; the dashboard shows plain text only"),
        ("<img src=x onerror=alert(1)>", "contains HTML markup"),
        ("safe\u202etxt.exe", "contains the invisible character U+202E"),
        ("bell\x07", "contains the invisible character U+0007"),
    ],
)
def test_formulas_markup_and_hidden_characters_in_text_cells(builtin, cell, message):
    row = f"mine_1,2024,event,thing,,,,,,{cell},Mine,"
    [(line, column, found)] = problems(use_upload(csv(FIGURES_HEADER, row), "x.csv", FIGURES, ADD, builtin))
    assert (line, column) == (2, 10)
    assert message in found


def test_duplicated_ids_and_keys(builtin):
    row = "mine_1,2024,event,thing,,,,,,Something,Mine,"
    assert problems(use_upload(csv(FIGURES_HEADER, row, row), "x.csv", FIGURES, ADD, builtin)) == [
        (3, 1, "duplicate id: this key is already used (first on line 2)")
    ]
    rate = "2030-01-01,USD,90"
    [(line, _, message)] = problems(use_upload(csv(RATES_HEADER, rate, rate), "r.csv", RATES, ADD, builtin))
    assert line == 3 and message.startswith("duplicate date, currency")


@pytest.mark.parametrize("table", [FIGURES, RATES])
def test_adding_a_file_with_no_new_rows_says_so_without_an_error(builtin, table):
    data = (DATA_DIR / tables()[table].filename).read_bytes()
    outcome = use_upload(data, "same.csv", table, ADD, builtin)
    assert isinstance(outcome, NothingNew)
    assert outcome.message.startswith("same.csv adds nothing: every row's ")
    assert "None" not in outcome.message and 'choose "Replace the whole table".' in outcome.message


def test_a_replacing_file_says_which_values_it_changed(builtin):
    changed = FIGURES_CSV.replace(
        "ifx20240222_sold2023,2024-02-22,reported,vehicles_sold,2023-01-01,2023-12-31,15300,",
        "ifx20240222_sold2023,2024-02-22,reported,vehicles_sold,2023-01-01,2023-12-31,25300,",
    )
    result = accepted(use_upload(changed.encode(), "mine.csv", FIGURES, REPLACE, builtin))
    assert result.summary == (
        f"mine.csv replaces the figures in use ({FIGURE_ROWS} rows). 1 value changed: "
        "2023 sales 15,300 vehicles → 25,300 vehicles; 0 rows added; 0 rows removed."
    )
    # whom the changed row names, not every source of the file's 234 rows
    assert result.provenance.endswith("Its changed and new rows name Interfax as their source.")
    assert result.changes.flags() == {"ifx20240222_sold2023": "changed"}
    assert result.changes.rows() == [
        {
            "What": "2023 sales",
            "Change": "changed",
            "Before": "15,300 vehicles",
            "After": "25,300 vehicles",
            "Source": "Interfax",
        }
    ]


def test_every_change_is_listed_values_first_with_rows_added_and_removed(builtin):
    lines = FIGURES_CSV.splitlines()
    header, first, second, *rest = lines
    new = (
        "mine20260101_sold,2026-01-05,reported,vehicles_sold,2025-12-01,2025-12-31,1234,vehicles,,Sales,Mine,"
    )
    edited = second.replace("News report of 20 Oct 2022 (after Reuters)", "My source")
    investment = next(r for r in rest if r.startswith("ifx20220802_invest,"))
    rest = [r.replace(",5000000000,RUB,", ",5500000000.5,RUB,") if r == investment else r for r in rest]
    result = accepted(use_upload(csv(header, edited, *rest, new), "mine.csv", FIGURES, REPLACE, builtin))
    changes = result.changes
    assert [c.text() for c in changes.changed] == [
        "investment ₽5,000,000,000 → ₽5,500,000,000.5",
        f"{figure_words(builtin.figures.iloc[1])}, source: "
        "News report of 20 Oct 2022 (after Reuters) → My source",
    ]
    assert [c.key for c in changes.added] == ["mine20260101_sold"]
    assert [c.key for c in changes.removed] == [first.split(",")[0]]
    assert result.summary.endswith(
        "2 values changed: investment ₽5,000,000,000 → ₽5,500,000,000.5, "
        f"{changes.changed[1].text()}; 1 row added; 1 row removed."
    )
    assert changes.flags() == {
        "mine20260101_sold": "added",
        "ifx20220802_invest": "changed",
        second.split(",")[0]: "changed",
    }
    with i18n.language("ru"):
        assert changes_of(builtin.figures, result.dataset.figures, FIGURES, True).changed[0].text() == (
            "инвестиции: 5\u00a0000\u00a0000\u00a0000\u00a0₽ → 5500000000,5\u00a0₽"  # fmt.format_exact
        )


def test_a_rates_file_names_the_rates_it_changed(builtin):
    rates = (DATA_DIR / "rub_rates.csv").read_text(encoding="utf-8")
    changed = rates.replace("2022-10-20,USD,61.5905", "2022-10-20,USD,65")  # within a day's change
    assert changed != rates
    result = accepted(use_upload(changed.encode(), "mine.csv", RATES, REPLACE, builtin))
    assert "1 value changed: USD rate of 2022-10-20 61.5905 RUB/USD → 65 RUB/USD;" in result.summary
    assert result.changes.flags() == {"2022-10-20 USD": "changed"}


def test_a_bad_files_problems_are_all_found_at_once(builtin):
    """The validator's and the dashboard's own rules together, and every rule of a row with a bad
    cell: fixing one problem never reveals another."""
    rows = [
        INVESTMENT_ROW.replace("5000000000,RUB", "5000000000,people"),
        "a_2,2024-13-45,reported,vehicles_sold,2023-12-31,2023-01-01,abc,lorries,,Sold,Mine,",
    ]
    found = problems(use_upload(csv(FIGURES_HEADER, *rows), "y.csv", FIGURES, REPLACE, builtin))
    assert [(line, column) for line, column, _ in found] == [(2, 8), (3, 2), (3, 6), (3, 7), (3, 8)]
    assert found[1][2] == 'published: "2024-13-45" is not a real date'
    rates = csv(RATES_HEADER, "2024-13-01,USD,90", "2024-01-09,EUR,999", "2024-01-09,CNY,12.5")
    found = problems(use_upload(rates, "r.csv", RATES, REPLACE, builtin))
    assert [(line, column) for line, column, _ in found] == [(2, 1), (3, 3)]


def test_story_rows_must_hold_numbers_the_pages_can_compute_with(builtin):
    rows = [
        INVESTMENT_ROW.replace("5000000000,RUB", "5000000000,vehicles"),
        "news20221020_kamaz_invest_usd,2022-10-20,investment,investment,,,0,USD,,Investment,News,",
        "teller20230302_2022_output,2023-03-02,reported,vehicles_produced,2022-01-01,2022-12-31,,,,Built,T,",
        "ifx20240222_sold2023,2024-02-22,reported,vehicles_sold,2023-01-01,2023-12-31,1e16,vehicles,,Sold,I,",
    ]
    found = problems(use_upload(csv(FIGURES_HEADER, *rows), "x.csv", FIGURES, REPLACE, builtin))
    assert found == [
        (
            2,
            8,
            'unit of ifx20220802_invest is "vehicles"; the dashboard needs the Moscow and KAMAZ investment '
            "in RUB, so give its value in RUB",
        ),
        (
            3,
            7,
            "value of news20221020_kamaz_invest_usd is 0; the dashboard's pages compute with this row, so it "
            "must be a number from 1 to 1e+15",
        ),
        (
            4,
            7,
            "value of teller20230302_2022_output is empty; the dashboard's pages compute with this row, "
            "so it must be a number from 1 to 1e+15",
        ),
        (
            5,
            7,
            "value of ifx20240222_sold2023 is 1e+16; the dashboard's pages compute with this row, so it "
            "must be a number from 1 to 1e+15",
        ),
    ]


def test_a_source_date_in_year_0_is_turned_down_before_the_pages_see_it(builtin):
    row = INVESTMENT_ROW.replace("2022-08-02", "0000-05")
    assert problems(use_upload(csv(FIGURES_HEADER, row), "x.csv", FIGURES, REPLACE, builtin)) == [
        (2, 2, 'published: "0000-05" has the year 0000; expected 1900 to 2100')
    ]


@pytest.mark.parametrize("mode", [REPLACE, ADD])
def test_the_investment_row_must_be_in_roubles(builtin, mode):
    """Its rouble amount keys a chart the session keeps; in dollars it would change with the slider."""
    row = INVESTMENT_ROW.replace("5000000000,RUB", "80000000,USD")
    base = builtin if mode == REPLACE else Dataset(builtin.figures.iloc[:0], builtin.rates)
    assert problems(use_upload(csv(FIGURES_HEADER, row), "x.csv", FIGURES, mode, base)) == [
        (
            2,
            8,
            'unit of ifx20220802_invest is "USD"; the dashboard needs the Moscow and KAMAZ investment in '
            "RUB, so give its value in RUB",
        )
    ]


def test_the_investment_row_is_required(builtin):
    row = "mine_1,2024,event,thing,,,,,,Something,Mine,"
    assert problems(use_upload(csv(FIGURES_HEADER, row), "x.csv", FIGURES, REPLACE, builtin)) == [
        (
            None,
            None,
            'the row "ifx20220802_invest" (the Moscow and KAMAZ investment) is missing; the Money and '
            "Exchange rates pages need it",
        )
    ]


def test_rates_outside_the_sliders_are_turned_down(builtin):
    data = csv(
        "currency,date,rub_per_unit", "USD,2030-01-01,90", "CNY,2030-01-01,3.5", "EUR,2030-01-01,1e300"
    )
    assert problems(use_upload(data, "r.csv", RATES, ADD, builtin)) == [
        (
            3,
            3,
            "rub_per_unit 3.5 RUB/CNY lies outside 4 to 25, the range of the dashboard's CNY slider, so "
            "presets could not use it",
        ),
        (
            4,
            3,
            "rub_per_unit 1e+300 RUB/EUR lies outside 30 to 160, the range of the dashboard's EUR slider, so "
            "presets could not use it",
        ),
    ]


def test_rates_must_cover_every_currency_on_a_common_date(builtin):
    assert problems(use_upload(csv(RATES_HEADER, "2024-01-01,USD,90"), "r.csv", RATES, REPLACE, builtin)) == [
        (None, None, "there are no rates for EUR, CNY; the dashboard needs USD, EUR, CNY")
    ]
    data = csv(RATES_HEADER, "2024-01-01,USD,90", "2024-01-02,EUR,100", "2024-01-03,CNY,12")
    assert problems(use_upload(data, "r.csv", RATES, REPLACE, builtin)) == [
        (None, None, "no date has a rate for each of USD, EUR, CNY; at least one must")
    ]


def test_the_problems_of_a_bad_file_name_its_lines_after_multiline_cells(builtin):
    rows = [
        '"mine_1",2024,event,thing,,,,,,"Two',
        'lines",Mine,',
        INVESTMENT_ROW.replace("5000000000,RUB", "5000000000,people"),
    ]
    [(line, column, _)] = problems(use_upload(csv(FIGURES_HEADER, *rows), "x.csv", FIGURES, REPLACE, builtin))
    assert (line, column) == (4, 8)


def test_no_code_renders_raw_html():
    sources = [*ROOT.glob("moskvich/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]
    raw_html = [p.name for p in sources if re.search(r"unsafe_allow_html|st\.html\(", p.read_text())]
    assert raw_html == []


def test_a_header_longer_than_a_csv_field_can_be_is_a_problem_not_a_crash(builtin):
    before = csv_module.field_size_limit(131_072)  # Python's default; a library may have raised it
    try:
        found = problems(use_upload(b"x" * 200_000, "long.csv", FIGURES, ADD, builtin))
    finally:
        csv_module.field_size_limit(before)
    assert found == [(1, None, "cannot be read as CSV: field larger than field limit (131072)")]


def test_uploaded_rates_that_jump_beyond_the_official_series_are_turned_down(builtin):
    data = csv(RATES_HEADER, "2026-08-25,CNY,12.3", "2026-08-25,EUR,96.9", "2026-08-25,USD,95")
    assert problems(use_upload(data, "r.csv", RATES, ADD, builtin)) == [
        (
            4,
            3,
            "rub_per_unit 95 RUB/USD on 2026-08-25 is +14.6% from 82.9211 on 2026-08-22; the Bank of "
            "Russia's official rates have never changed by more than 13% from one record date to the next",
        )
    ]
    yearly = csv(
        RATES_HEADER,
        *(
            f"{y}-01-01,{c},{r * (1 + (y - 2016) / 5)}"
            for y in range(2016, 2020)
            for c, r in (("USD", 60), ("EUR", 66), ("CNY", 9))
        ),
    )
    accepted(use_upload(yearly, "yearly.csv", RATES, REPLACE, builtin))  # a year apart: no day-to-day limit
