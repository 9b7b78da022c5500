"""Property-based tests: whatever bytes arrive, checking and using an upload ends in "valid" or in a
list of problems, never in an exception; valid data round-trips unchanged; and an accepted upload
leaves every page drawable."""

import csv
import io
from datetime import date

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from moskvich.dataset.datapackage import FIGURES, RATES, tables
from moskvich.dataset.load import load_dataset, parse_table, write_table
from moskvich.dataset.validate import validate_bytes
from moskvich.domain import story
from moskvich.domain.settings import SLIDERS
from moskvich.publish.upload import MODES, REPLACE, Accepted, NothingNew, Rejected, use_upload
from tests.publish.test_upload import draw_every_page

BUILTIN = load_dataset()
SLOW = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)

# Cells that break naive CSV handling or that the rules exist for.
NASTY = st.sampled_from(
    [
        "",
        " ",
        '"',
        ",",
        "\n",
        "\r\n",
        "a\nb",
        "NaN",
        "-inf",
        "1e400",
        "1e-400",
        "-1",
        "0",
        "1_000",
        "\u0665",
        "2022-02-30",
        "2022-1-05",
        "0000-05",
        "=1+1",
        "@x",
        "<script>alert(1)</script>",
        "\u202e",
        "\x00",
        "\x1b[31m",
        "x" * 600,
        "\ufeff",
    ]
)


def iso(low: date, high: date) -> st.SearchStrategy[str]:
    return st.dates(low, high).map(date.isoformat)


WORDS = st.text(st.characters(categories=("L", "N")), min_size=1, max_size=12)
TEXT = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
STORY_IDS = sorted(
    {
        story.INVESTMENT,
        story.REPORT_INVESTMENT,
        story.REPORT_PLAN_2022,
        story.REPORT_PLAN_2023,
        story.REPORTED_2022,
        story.REPORTED_2023_SOLD,
        "news20221020_kamaz_invest_usd",
        *(i for i, _ in story.MONEY_ITEMS),
        *(i for i, _ in story.KEY_EVENTS[:3]),
    }
)
BOUNDARIES = [date(2022, 1, 1), date(2022, 12, 31), date(2023, 1, 1), date(2023, 5, 1), date(2023, 5, 31)]
DAY = st.one_of(st.sampled_from(BOUNDARIES), st.dates(date(2015, 1, 1), date(2030, 12, 31)))
# Partial dates, and the ends of the years the validator accepts and just past them.
PUBLISHED = ["2022", "2022-10", "1900", "2100-12-31", "0000", "0000-05", "1899-12", "2101", "2022-00"]
NUMBER = st.one_of(
    st.sampled_from(["0", "1", "600", "5000000000", "1e15", "1e16", "0.5", "1e-300"]),
    st.floats(min_value=0, allow_infinity=False).map(repr),
    st.integers(0, 10**20).map(str),
)


@st.composite
def figure_row(draw) -> dict[str, str]:
    """A row the validator accepts, except by chance."""
    start, end = sorted(draw(st.lists(DAY, min_size=2, max_size=2)))
    value = draw(st.one_of(st.just(""), NUMBER))
    unit = draw(st.sampled_from(["vehicles", "RUB", "USD", "EUR", "CNY", "percent"]))
    if draw(st.booleans()) and unit == "percent":
        value = f"-{value}" if value else value
    return {
        "id": draw(st.one_of(st.sampled_from(STORY_IDS), st.from_regex(r"[a-z0-9_]{1,12}", fullmatch=True))),
        "published": draw(st.one_of(st.sampled_from(PUBLISHED), iso(date(2015, 1, 1), date(2030, 1, 1)))),
        "kind": draw(st.sampled_from(["plan", "reported", "deal", "investment", "capacity", "event"])),
        "metric": draw(
            st.sampled_from(
                [
                    "vehicles_produced",
                    "vehicles_sold",
                    "ev_produced",
                    "vehicles_produced_cumulative",
                    "investment",
                ]
            )
        ),
        "period_start": draw(st.sampled_from(["", start.isoformat()])),
        "period_end": draw(st.sampled_from(["", end.isoformat()])),
        "value": value,
        "unit": unit if value else draw(st.sampled_from(["", unit])),
        "qualifier": draw(st.sampled_from(["", "exactly", "about", "at least"])),
        "description": draw(TEXT),
        "source_name": draw(TEXT),
        "source_url": draw(st.sampled_from(["", "https://example.com/a", "http://example.org/b?c=1"])),
    }


@st.composite
def csv_file(draw, header: list[str], rows: list[list[str]]) -> bytes:
    """The rows as a CSV file, written the ways spreadsheets and editors write them; sometimes with a
    cell or two swapped for a nasty one, or a column left out, repeated or moved."""
    header = list(header)
    rows = [list(r) for r in rows]
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        row, column = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, len(header) - 1))
        rows[row][column] = draw(st.one_of(NASTY, st.text(max_size=20)))
    change = draw(st.sampled_from(["none"] * 5 + ["shuffle", "drop", "repeat"]))
    if change != "none":
        order = list(range(len(header)))
        if change == "shuffle":
            order = draw(st.permutations(order))
        elif change == "drop":
            order.pop(draw(st.integers(0, len(order) - 1)))
        else:
            order.append(draw(st.integers(0, len(order) - 1)))
        header = [header[i] for i in order]
        rows = [[r[i] for i in order] for r in rows]
    out = io.StringIO()
    writer = csv.writer(
        out,
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
        lineterminator=draw(st.sampled_from(["\n", "\r\n"])),
    )
    writer.writerow(header)
    writer.writerows(rows)
    bom = draw(st.sampled_from(["", "", "\ufeff"]))
    return (bom + out.getvalue()).encode("utf-8")


@st.composite
def figures_files(draw) -> bytes:
    rows = draw(st.lists(figure_row(), min_size=1, max_size=8, unique_by=lambda r: r["id"]))
    if story.INVESTMENT not in {r["id"] for r in rows} and draw(st.booleans()):
        # the row the pages need, so that some files pass
        rows.append(dict(rows[0], id=story.INVESTMENT, value="5000000000", unit="RUB"))
    names = list(tables()[FIGURES].field_names)
    return draw(csv_file(names, [[r[n] for n in names] for r in rows]))


@st.composite
def rates_files(draw) -> bytes:
    days = draw(st.lists(iso(date(2015, 1, 1), date(2027, 12, 31)), min_size=1, max_size=4, unique=True))
    rows = []
    for day in days:
        for currency, slider in SLIDERS.items():
            if draw(st.integers(0, 19)) == 0:
                continue  # a currency missing on that day
            low, high = (slider.low, slider.high) if draw(st.integers(0, 9)) else (1e-3, 1e6)
            rows.append([day, currency, f"{draw(st.floats(low, high)):.4f}"])
    if not rows:
        rows.append([days[0], "USD", "80"])
    return draw(csv_file(["date", "currency", "rub_per_unit"], rows))


def check_outcome(outcome: Accepted | Rejected | NothingNew) -> None:
    if isinstance(outcome, Rejected):
        assert outcome.report.problems
        assert all(p.message for p in outcome.report.problems)
    elif isinstance(outcome, NothingNew):
        assert outcome.message
    else:
        # the cheapest and the dearest currencies at the sliders' low ends: the biggest numbers, and
        # the one path without conversion
        draw_every_page(outcome.dataset, currencies=("CNY", "RUB"), ends=("low",))


def check_round_trip(data: bytes, table: str) -> None:
    report = validate_bytes(data, "upload.csv", table)
    assert report.valid == (not report.problems)
    if not report.valid:
        return
    spec = tables()[table]
    frame = parse_table(report.text, spec)
    again = validate_bytes(write_table(frame, spec), "again.csv", table)
    assert again.valid, again.lines()
    pd.testing.assert_frame_equal(parse_table(again.text, spec), frame)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_get_an_answer(data):
    for table in (None, FIGURES, RATES):
        report = validate_bytes(data, "random.csv", table)
        assert report.valid == (not report.problems)
    for table in (FIGURES, RATES):
        outcome = use_upload(data, "random.csv", table, MODES[0], BUILTIN)
        assert isinstance(outcome, Rejected) and outcome.report.problems


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=500).map(lambda text: text.encode("utf-8")))
def test_random_text_gets_an_answer(data):
    for table in (FIGURES, RATES):
        check_round_trip(data, table)
        check_outcome(use_upload(data, "random.csv", table, MODES[1], BUILTIN))


@SLOW
@given(figures_files(), st.sampled_from(MODES))
def test_near_valid_figures(data, mode):
    check_round_trip(data, FIGURES)
    check_outcome(use_upload(data, "figures.csv", FIGURES, mode, BUILTIN))


@SLOW
@given(rates_files(), st.sampled_from(MODES))
def test_near_valid_rates(data, mode):
    check_round_trip(data, RATES)
    check_outcome(use_upload(data, "rub_rates.csv", RATES, mode, BUILTIN))


@pytest.mark.parametrize("table", [FIGURES, RATES])
def test_the_built_in_tables_round_trip(table):
    spec = tables()[table]
    frame = BUILTIN.figures if table == FIGURES else BUILTIN.rates
    check_round_trip(write_table(frame, spec), table)


@pytest.mark.parametrize("outcome", [Accepted, Rejected])
@pytest.mark.parametrize(("table", "files"), [(FIGURES, figures_files()), (RATES, rates_files())])
def test_the_strategies_reach_both_outcomes(table, files, outcome):
    """Else the properties above would prove little."""
    quick = settings(
        max_examples=2000,
        deadline=None,
        database=None,
        phases=[Phase.generate],  # the first example found is enough; no need to shrink it
        suppress_health_check=list(HealthCheck),
    )
    find(
        files,
        lambda data: isinstance(use_upload(data, "x.csv", table, REPLACE, BUILTIN), outcome),
        settings=quick,
    )
