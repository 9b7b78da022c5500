"""The story's rules for data (moskvich.domain.rules), beyond what the upload tests show."""

import itertools
from datetime import date

import pandas as pd
import pytest

from moskvich.dataset.datapackage import DATA_DIR
from moskvich.dataset.load import Origin
from moskvich.domain import rules


def rates(*rows: tuple[str, str, float]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["date", "currency", "rub_per_unit"])
    return frame.assign(date=pd.to_datetime(frame["date"]))


def origin(frame: pd.DataFrame, lines: list[int | None] | None = None) -> Origin:
    lines = lines if lines is not None else list(range(2, len(frame) + 2))
    return Origin("r.csv", tuple(lines), {"date": 1, "currency": 2, "rub_per_unit": 3})


def test_the_official_series_never_changed_more_than_the_limit_and_the_limit_is_its_largest_change():
    official = pd.read_csv(DATA_DIR / "rub_rates.csv", parse_dates=["date"])
    largest = 0.0
    for _currency, own in official.groupby("currency"):
        values = own.sort_values("date")["rub_per_unit"].to_numpy()
        ratios = [max(b / a, a / b) for a, b in itertools.pairwise(values)]
        largest = max(largest, *ratios)
    assert round(largest - 1, 4) == 0.1256  # USD and CNY, 2022-03-02 to 2022-03-03
    assert largest - 1 < rules.MAX_DAY_CHANGE < largest - 1 + 0.01
    assert rules.jumps(official, origin(official), frozenset()) == []


def test_a_jump_is_found_at_the_later_row_with_its_change():
    frame = rates(("2026-08-21", "USD", 80.0), ("2026-08-22", "USD", 82.92), ("2026-08-25", "USD", 95.0))
    [jump] = rules.jumps(frame, origin(frame), frozenset())
    assert (jump.currency, jump.day, jump.before_day, jump.line) == (
        "USD",
        date(2026, 8, 25),
        date(2026, 8, 22),
        4,
    )
    assert round(jump.change, 4) == 0.1457
    problem = rules.jump_problem(jump, origin(frame))
    assert (problem.line, problem.column) == (4, 3)
    assert problem.message == (
        "rub_per_unit 95 RUB/USD on 2026-08-25 is +14.6% from 82.92 on 2026-08-22; the Bank of Russia's "
        "official rates have never changed by more than 13% from one record date to the next"
    )


def test_a_fall_counts_as_much_as_a_rise():
    frame = rates(("2026-08-22", "EUR", 100.0), ("2026-08-23", "EUR", 87.0))
    assert [j.change < 0 for j in rules.jumps(frame, origin(frame), frozenset())] == [True]


@pytest.mark.parametrize(
    ("frame", "lines", "accepted"),
    [
        (rates(("2026-01-01", "CNY", 10.0), ("2026-01-15", "CNY", 13.0)), None, frozenset()),  # 14 days apart
        (rates(("2026-08-22", "USD", 82.0), ("2026-08-25", "USD", 95.0)), None, {(date(2026, 8, 25), "USD")}),
        (
            rates(("2026-08-22", "USD", 82.0), ("2026-08-25", "USD", 95.0)),
            [None, None],
            frozenset(),
        ),  # in use
    ],
    ids=["dates-far-apart", "accepted", "rows-already-in-use"],
)
def test_changes_that_are_not_held_against_the_data(frame, lines, accepted):
    assert rules.jumps(frame, origin(frame, lines), frozenset(accepted)) == []


def test_a_jump_between_a_row_in_use_and_a_new_row_names_the_new_row():
    frame = rates(("2026-08-22", "USD", 82.0), ("2026-08-25", "USD", 95.0))
    assert [j.line for j in rules.jumps(frame, origin(frame, [None, 2]), frozenset())] == [2]
    assert [j.line for j in rules.jumps(frame, origin(frame, [7, None]), frozenset())] == [7]
