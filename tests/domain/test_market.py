"""Moskvich against the market, real roubles and purchasing power: the issue's checks, from the data."""

import math
import shutil
from dataclasses import replace

import pandas as pd
import pytest

from moskvich.base import i18n
from moskvich.dataset import audit
from moskvich.dataset.datapackage import DATA_DIR
from moskvich.domain import market
from moskvich.domain.market import PPP, PriceIndex, price_index
from moskvich.domain.model import Model
from moskvich.domain.settings import Settings, prices_from, prices_notice

OCTOBER_2022 = pd.Period("2022-10", freq="M")


def month(text: str) -> pd.Period:
    return pd.Period(text, freq="M")


def test_five_billion_of_october_2022_at_december_2025_prices(model: Model):
    """38 months, November 2022 to December 2025; March and August 2025, which the sources lack, are
    the residual that makes 2025's chain its December-on-December 5.59 %."""
    index = model.market.index
    real = market.deflate(5e9, OCTOBER_2022, index, 2025)
    assert round(real) == 6_282_190_526
    assert 6.2e9 < real < 6.35e9


def test_each_years_chain_equals_its_december_on_december_figure(model: Model):
    index = model.market.index
    cpi = model.market.cpi_annual
    annual = {int(y): p for y, p in zip(cpi["year"], cpi["dec_on_dec_percent"], strict=True)}
    for year in (2022, 2023, 2024, 2025):
        chain = index.level(month(f"{year}-12")) / index.level(month(f"{year - 1}-12"))
        if year == 2023 or year == 2024:  # all twelve months known: the chain is Rosstat's own months
            assert chain == pytest.approx(1 + annual[year] / 100, abs=2e-3)
        else:  # a month filled: exactly
            assert chain == pytest.approx(1 + annual[year] / 100, rel=1e-12)
    assert index.filled == (month("2022-10"), month("2025-03"), month("2025-08"))
    each = (
        1.0559 / math.prod(1 + p / 100 for p in (1.23, 0.81, 0.4, 0.43, 0.2, 0.6, 0.34, 0.5, 0.42, 0.3))
    ) ** 0.5
    assert index.level(month("2025-03")) / index.level(month("2025-02")) == pytest.approx(each, rel=1e-12)


def test_months_after_the_latest_take_its_level_and_years_end_at_the_latest_december(model: Model):
    index = model.market.index
    assert index.last == month("2026-01")
    assert index.level(month("2026-04")) == index.level(month("2026-01"))
    assert index.beyond(month("2026-04")) and not index.beyond(month("2025-06"))
    assert index.years() == [2022, 2023, 2024, 2025]


def test_a_gap_without_a_december_figure_stays_flat_and_is_listed():
    monthly = pd.DataFrame({"month": ["2026-01", "2026-03"], "mom_percent": [1.0, 2.0]})
    annual = pd.DataFrame({"year": [2025], "dec_on_dec_percent": [5.0]})
    index = price_index(monthly, annual)
    assert index.unfilled == (month("2026-02"),) and index.filled == ()
    assert index.level(month("2026-03")) == pytest.approx(1.01 * 1.02)


def test_ppp_of_five_billion_roubles_of_2022(model: Model):
    factors = model.market.ppp
    assert factors.factor(2022) == (26.1293309462465, 2022)
    assert round(market.to_ppp(5e9, 2022, factors)) == 191_355_837
    assert factors.factor(2025) == (29.0629745679481, 2024)  # no 2025 factor: the latest


def test_computed_shares_the_issue_names(model: Model):
    table = market.shares(model.figures, model.market.context)
    computed = table[table["kind"] == market.COMPUTED].set_index("year")
    assert computed.loc[2025, "share"] == pytest.approx(100 * 15_600 / 1_326_000)
    assert round(computed.loc[2025, "share"], 2) == 1.18
    plans = table[(table["kind"] == market.PLAN_SHARES["vehicles_produced"]) & (table["year"] == 2023)]
    assert round(plans.loc[plans["value"] == 50_000, "share"].iloc[0], 1) == 4.7  # 50,000 / 1,060,000
    reported = table[(table["kind"] == market.REPORTED_SHARE) & (table["year"] == 2025)]
    assert 1.2 in set(reported["share"])  # January to October 2025


def test_a_reported_share_is_within_rounding_of_the_computed_one(model: Model):
    """1.2 % for January-October 2025 against 1.18 % computed for the year: no finding."""
    assert market.share_gaps(market.shares(model.figures, model.market.context)) == []


def test_audit_flags_a_reported_share_the_sales_contradict(tmp_path):
    folder = shutil.copytree(DATA_DIR, tmp_path / "data")
    figures = folder / "figures.csv"
    text = figures.read_text(encoding="utf-8")
    figures.write_text(
        text + "mine_share2025,2026-01-20,reported,market_share,2025-01-01,2025-12-31,2.5,percent,exactly,"
        "Moskvich had 2.5% of the 2025 market,Mine,\n",
        encoding="utf-8",
    )
    result = market.audit_with_shares(figures)
    shares = [f for f in result.findings if f.rule == "share_differs"]
    assert [(f.id, f.other_id) for f in shares] == [("mine_share2025", "motor20260120_sales2025")]
    assert "2.50%" in shares[0].message and "1.18%" in shares[0].message
    assert not result.ok
    context = market.audit_with_shares(folder / "market_context.csv")
    assert [f.id for f in context.findings if f.rule == "share_differs"] == ["mine_share2025"]


def test_the_built_in_context_table_passes_the_audit():
    result = audit.audit_file(DATA_DIR / "market_context.csv")
    assert result.ok and not result.problems


def test_the_prices_of_a_link():
    years = [2022, 2023, 2024, 2025]
    assert prices_from("2025", years) == 2025
    assert prices_from("nominal", years) is None and prices_from("", years) is None
    assert prices_from("2021", years) == "bad" and prices_from("soon", years) == "bad"
    assert prices_notice(["2025"], years) is None
    with i18n.language("ru"):
        notice = prices_notice(["1999"], years)
    assert notice is not None and "2022" in notice and "2025" in notice and "Цены в ссылке" in notice


def test_conversion_follows_deflation(model: Model):
    """Deflated roubles, then converted: at prices of 2025 the Moscow and KAMAZ investment of
    October 2022 is 6.28 bn roubles, and in dollars that over the official rate of its day."""
    nominal = model.context(Settings("USD"))
    real = model.context(Settings("USD", prices=2025))
    investment = nominal.figures.set_index("id").loc["news20221020_kamaz_invest_rub"]
    day = investment["published_date"].date()
    roubles = real.convert(5e9, "RUB", "RUB", day)
    assert round(roubles) == 6_282_190_526
    assert real.convert(5e9, "RUB", "USD", day) == pytest.approx(
        nominal.convert(5e9, "RUB", "USD", day) * roubles / 5e9
    )
    ppp = model.context(Settings(PPP))
    assert round(ppp.convert(5e9, "RUB", PPP, day)) == 191_355_837
    assert "World Bank" in ppp.credit and "Rosstat" in real.credit


def test_an_empty_price_index_leaves_money_as_reported(model: Model):
    empty = replace(model.market, index=PriceIndex({}))
    ctx = replace(model.context(Settings("RUB", prices=2025)), market=empty)
    assert ctx.deflator(OCTOBER_2022) == 1.0


def _context_row(row_id: str, value: str) -> str:
    return (
        f"{row_id},2026-01-15,reported,market_sales_passenger_cars,autostat,2025-01-01,2025-12-31,{value},"
        "vehicles,about,My count of 2025,Мой подсчёт 2025 года,My source,https://example.org/mine"
    )


def test_an_uploaded_context_table_is_checked_and_its_rows_marked(model: Model):
    from moskvich.dataset.datapackage import MARKET_CONTEXT
    from moskvich.domain import model as model_module
    from moskvich.plots import CHARTS
    from moskvich.publish import upload

    header = (DATA_DIR / "market_context.csv").read_text(encoding="utf-8").splitlines()[0]
    bad = f"{header}\n{_context_row('mine_2025', 'lots')}\n".encode()
    rejected = upload.use_upload(bad, "mine.csv", MARKET_CONTEXT, upload.ADD, model.dataset)
    assert isinstance(rejected, upload.Rejected)
    assert any(p.line == 2 for p in rejected.report.problems)
    good = f"{header}\n{_context_row('mine_2025', '600000')}\n".encode()
    accepted = upload.use_upload(good, "mine.csv", MARKET_CONTEXT, upload.REPLACE, model.dataset)
    assert isinstance(accepted, upload.Accepted), accepted
    assert list(accepted.dataset.context["id"]) == ["mine_2025"]
    # 15,600 over 600,000 is 2.6 %, which the 1.2 % reported for January to October contradicts.
    assert [(f.rule, f.id) for f in accepted.contradictions] == [
        ("share_differs", "gazeta20251107_share_10m25")
    ]
    flags = accepted.changes.flags()
    assert flags.get("mine_2025") == "added"
    mine = model_module.build(accepted.dataset, uploaded=(accepted.summary,), flags=flags)
    drawn = CHARTS["market_by_year"].draw(mine.context(Settings()))
    shown = drawn.shown_table(mine.flags)
    assert "Your upload" in shown.columns
    assert list(shown.loc[shown["Your upload"] != "", "Vehicles"]) == ["600,000"]
