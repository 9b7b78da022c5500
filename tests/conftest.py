"""Shared test set-up. In CI (MOSKVICH_CI=1, set by .ci/run) a test that would skip for a missing
dependency fails instead, so a green run means every test really ran."""

from __future__ import annotations

import csv
import os
import shutil
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from moskvich.dataset.load import load_dataset  # noqa: E402
from moskvich.domain.context import Context  # noqa: E402  (the path above first)
from moskvich.domain.currency import Currency, Rates  # noqa: E402
from moskvich.domain.model import Model, build  # noqa: E402
from moskvich.domain.settings import Settings  # noqa: E402
from tests.cbr_server import BankServer  # noqa: E402

IN_CI = os.environ.get("MOSKVICH_CI") == "1"

# In CI the property tests draw the same examples at every run (seeded from each test), so that
# neither the outcome nor the time of a run is luck: a property test took from 4 to 39 s in random
# runs, by how many of its files passed the gate. Run elsewhere, they draw new examples each time.
if IN_CI:
    settings.register_profile("ci", derandomize=True)
    settings.load_profile("ci")


def skip_or_fail(reason: str) -> None:
    """For a test that needs a program this machine lacks: `reason` names it and how to install it."""
    if IN_CI:
        pytest.fail(f"{reason} (in CI a missing dependency is a failure)")
    pytest.skip(reason)


BROWSER_TESTS = ROOT / "tests" / "browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in tests/browser/ is a `browser` test (`make test-fast` leaves them out).

    The costliest modules run first: the browser tests, then the modules with slow tests, then the
    rest, each module's tests in their order. pytest-xdist hands out modules in this order, so a run
    ends on short modules that keep every worker busy, not on one long module with the others idle."""
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)
    rank: dict[Path, int] = {}
    for item in items:
        cost = 0 if item.get_closest_marker("browser") else 1 if item.get_closest_marker("slow") else 2
        rank[item.path] = min(rank.get(item.path, cost), cost)
    items.sort(key=lambda item: rank[item.path])


def pytest_terminal_summary(terminalreporter) -> None:
    """The run's last word before its counts: what was skipped and how to install what it needs, in
    one line (the `-r` summary leaves skips out: pyproject.toml)."""
    reasons = Counter(
        report.longrepr[2].removeprefix("Skipped: ")
        for report in terminalreporter.stats.get("skipped", [])
        if isinstance(report.longrepr, tuple)
    )
    if not reasons:
        return
    total = sum(reasons.values())
    if len(reasons) == 1:
        listed = f"{next(iter(reasons))}."
    else:
        listed = " ".join(f"{reason} ({n} {'test' if n == 1 else 'tests'})." for reason, n in reasons.items())
    terminalreporter.write_line(f"Skipped {total} {'test' if total == 1 else 'tests'}: {listed}", yellow=True)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of a Chromium-family browser, for kaleido and Playwright."""
    path = shutil.which("chromium")
    if not path:
        skip_or_fail("Chromium not found; install it with `sudo apt-get install chromium` (Debian/Ubuntu)")
    return path


# The Bank of Russia's official rates on 2022-10-20, the October 2022 report's date (the start-up day
# of the cross rates and the sliders); and the dollar rate that report's own conversion implies.
ARTICLE_RATES = Rates(61.5905, 60.1086, 8.45711)
IMPLIED_USD = 61.43
# How exports and captions credit them.
ARTICLE_CREDIT = "at 61.59 RUB/USD, 60.11 RUB/EUR and 8.457 RUB/CNY (Bank of Russia, 2022-10-20)"


@pytest.fixture(scope="session")
def model() -> Model:
    """The built-in data, built once for the session; tests only read it."""
    return build(load_dataset())


@pytest.fixture(scope="session")
def ctx(model: Model) -> Context:
    """A view at the official rates of the article date (the preset), money in US dollars."""
    return model.context(Settings.apart(ARTICLE_RATES, "USD"))


@pytest.fixture(scope="session")
def default_ctx(model: Model) -> Context:
    """The view of a link without rates: each amount at the official rate of its day, in US dollars."""
    return model.context(Settings("USD"))


def context_at(model: Model, usd: float | None = None, currency: Currency = "USD") -> Context:
    """A view at the official rates of the article date, each set apart, but for `usd` roubles per
    dollar."""
    rates = ARTICLE_RATES if usd is None else replace(ARTICLE_RATES, usd=usd)
    return model.context(Settings.apart(rates, currency))


def linked_at(model: Model, usd: float, currency: Currency = "USD") -> Context:
    """A view at `usd` roubles per dollar, the euro and yuan following at the official cross rates of
    the article date, as a link with that one rate gives it."""
    return model.context(Settings.following("USD", usd, currency))


def _latest_in_file() -> tuple[str, Rates]:
    """The last record date of data/rub_rates.csv and its rates, read straight from the file, so
    tests stay true after `make update-data`."""
    rows = (ROOT / "data" / "rub_rates.csv").read_text(encoding="utf-8").splitlines()[1:]
    last = max(row.split(",")[0] for row in rows)
    rates = {c: float(v) for d, c, v in (row.split(",") for row in rows) if d == last}
    return last, Rates(rates["USD"], rates["EUR"], rates["CNY"])


# The latest official rates in the data, and the date they were set.
LATEST_DAY, LATEST_RATES = _latest_in_file()
FIRST_DAY = "2016-01-01"  # the first record date in the data


def _data_rows(name: str) -> int:
    with (ROOT / "data" / name).open(encoding="utf-8", newline="") as file:
        return sum(1 for _ in csv.reader(file)) - 1


FIGURE_ROWS, RATE_ROWS = _data_rows("figures.csv"), _data_rows("rub_rates.csv")


@pytest.fixture
def bank(monkeypatch) -> BankServer:
    """The Bank of Russia's rates service, served on 127.0.0.1 (see tests/cbr_server.py)."""
    for name in ("NO_PROXY", "no_proxy"):  # a proxy set for the registries must not take local requests
        monkeypatch.setenv(name, "127.0.0.1")
    server = BankServer()
    yield server
    server.close()
