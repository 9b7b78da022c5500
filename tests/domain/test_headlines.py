from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from moskvich.base import i18n
from moskvich.base.fmt import format_source_day
from moskvich.domain import figures as F
from moskvich.domain.currency import freshness
from moskvich.domain.headlines import _against, _plan_timing, as_of, corrections, headline_metrics, rows_for
from tests.conftest import context_at


def metrics(model, usd=None, currency="USD"):
    return {m.label: m for m in headline_metrics(context_at(model, usd, currency))}


def test_headline_metrics_at_the_article_date_rate(model):
    found = metrics(model)
    # production against production plans: one card where the first and last plan agree
    assert found["Built in 2022, against the production plan"].value == "600 (200 electric)"
    assert found["Built in 2022, against the production plan"].delta == "+0% against at least 600"
    first = found["Built in 2023, against the first plan for production"]
    last = found["Built in 2023, against the last plan for production"]
    assert (first.value, first.delta) == ("about 31,000 (5,005 electric)", "-38% against at least 50,000")
    assert (last.value, last.delta) == ("about 31,000 (5,005 electric)", "+15% against about 27,000")
    # sales are not set against a production plan
    assert found["Sold in 2023"].value == "15,300"
    assert found["Sold in 2023"].delta == "no sales plan for 2023 in the sources"
    assert found["Sold in 2023"].direction is None
    assert found["₽5.0bn investment by Moscow and KAMAZ"].value == "$81.2M"
    assert found["Renault's Avtovaz stake sold for ₽1"].value == "$0.016"
    assert found["Nissan's Russian business sold for €1"].value == "$0.98"


CAUTION = "Caution: TASS gives the same 31,000 for 23 Nov 2022 to 20 Nov 2023."


def test_an_arrow_only_against_a_plan_made_before_its_year(model):
    found = metrics(model)
    first = found["Built in 2023, against the first plan for production"]
    assert (first.direction, first.note) == ("down", f"Plan of 2 Aug 2022. {CAUTION}")
    # the last plan for 2023 came on 7 December 2023: beating it says little
    last = found["Built in 2023, against the last plan for production"]
    assert (last.direction, last.note) == (None, f"Plan of 7 Dec 2023, late in the year. {CAUTION}")
    assert last.help.endswith(
        "A plan made once its year had begun is no fair yardstick, so this change has no arrow or colour."
    )
    # the plan for 2022 came in August 2022, and the change is nil besides
    level = found["Built in 2022, against the production plan"]
    assert (level.delta, level.direction) == ("+0% against at least 600", None)
    assert level.note == "Plan of 2 Aug 2022, with the year under way."


def test_the_caution_names_its_row_and_goes_with_the_disagreement(model):
    ctx = context_at(model)
    last = metrics(model)["Built in 2023, against the last plan for production"]
    assert "tass20231120_cum31000" in last.ids  # in the table of where the numbers come from
    # were TASS to date its 31,000 to calendar 2023 too, the sources would agree
    agreed = ctx.figures.copy()
    tass = agreed["id"] == "tass20231120_cum31000"
    agreed.loc[tass, "period_start"] = pd.Timestamp("2023-01-01")
    agreed.loc[tass, "period_end"] = pd.Timestamp("2023-12-31")
    calm = {m.label: m for m in headline_metrics(replace(ctx, figures=agreed, cache={}))}
    last = calm["Built in 2023, against the last plan for production"]
    assert last.note == "Plan of 7 Dec 2023, late in the year."
    assert "tass20231120_cum31000" not in last.ids


def plan(published: str, year: int = 2023) -> pd.Series:
    return pd.Series({"published": published, "year": year, "value": 100.0, "qualifier": ""})


@pytest.mark.parametrize(
    ("published", "fair", "note"),
    [
        ("2022-12-31", True, "Plan of 31 Dec 2022."),
        ("2022-12", True, "Plan of December 2022."),
        ("2022", True, "Plan of 2022."),
        ("2023-01-01", False, "Plan of 1 Jan 2023, with the year under way."),
        ("2023-09-30", False, "Plan of 30 Sep 2023, with the year under way."),
        ("2023-10-01", False, "Plan of 1 Oct 2023, late in the year."),
        ("2023-10", False, "Plan of October 2023, late in the year."),
        ("2023-09", False, "Plan of September 2023, with the year under way."),
        ("2023", False, "Plan of 2023, with the year under way."),
        ("2024-01-15", False, "Plan of 15 Jan 2024, after the year it plans."),
    ],
)
def test_when_a_plan_came(published, fair, note):
    assert _plan_timing(plan(published)) == (fair, note)


@pytest.mark.parametrize(
    ("built", "published", "delta", "direction"),
    [
        (110, "2022-11-01", "+10% against 100", "up"),
        (90, "2022-11-01", "-10% against 100", "down"),
        (100.4, "2022-11-01", "+0% against 100", None),  # rounds to no change
        (110, "2023-02-01", "+10% against 100", None),  # the plan came in its year
    ],
)
def test_the_direction_of_a_change(built, published, delta, direction):
    assert _against(built, plan(published)) == (delta, direction)


def test_headlines_in_russian(model):
    with i18n.language("ru"):
        found = {m.label: m for m in headline_metrics(context_at(model))}
    last = found["Выпуск в 2023 году против последнего плана производства"]
    assert last.delta == "+15\u00a0%; план: около 27\u00a0000"
    assert last.note == (
        "Дата плана: 07.12.2023, под конец года. "
        "Осторожно: TASS относит те же 31\u00a0000 к периоду 23.11.2022 – 20.11.2023."
    )


def test_how_far_the_figures_and_the_rates_run(model):
    fresh = freshness(model.history, date(2026, 12, 1))
    assert as_of(model.figures, fresh) == (
        f"Figures to {format_source_day(F.newest_published(model.figures))}, the date of the newest source. "
        f"{fresh.summary}."
    )
    shipped = model.figures[model.figures["published"] <= "2026-03-11"]
    assert as_of(shipped, fresh).startswith("Figures to 11 March 2026, the date of the newest source. Bank")


def test_headline_money_follows_rate_and_currency(model):
    assert metrics(model, usd=100)["₽5.0bn investment by Moscow and KAMAZ"].value == "$50.0M"
    in_euros = metrics(model, currency="EUR")
    assert in_euros["₽5.0bn investment by Moscow and KAMAZ"].value == "€83.2M"
    assert in_euros["Nissan's Russian business sold for €1"].value == "€1"
    assert metrics(model, currency="RUB")["Renault's Avtovaz stake sold for ₽1"].value == "₽1"


def test_every_metric_names_its_sources(model):
    for metric in metrics(model).values():
        assert metric.ids and "20" in metric.help
        assert set(metric.ids) <= set(model.figures["id"])


def test_metrics_without_their_rows_are_left_out(model):
    ctx = context_at(model)
    no_sales = ctx.figures[(ctx.figures["metric"] != "vehicles_sold") | (ctx.figures["kind"] != "reported")]
    trimmed = ctx.__class__(no_sales, ctx.history, ctx.choice, "USD", ctx.credit)
    labels = [m.label for m in headline_metrics(trimmed)]
    assert not [label for label in labels if label.startswith("Sold")]
    assert len(labels) == len(metrics(model)) - 2  # 2023 and 2025


def test_corrections_come_with_their_sources(model):
    found = {c.topic: c for c in corrections(model.figures)}
    start = found["Start of production"]
    assert start.claim["id"] == "news20221020_start_dec2022"
    assert "23 November 2022" in start.text
    assert list(start.sources["id"]) == ["ifx20221123_start", "whtc20221123_kamaz_dec"]
    assert "Buyer of Renault's Avtovaz stake" in found


def test_rows_for_keeps_order_and_skips_unknown(model):
    rows = rows_for(model.figures, ["rtr20221020_invest", "nope", "ifx20220802_invest", "rtr20221020_invest"])
    assert list(rows["id"]) == ["rtr20221020_invest", "ifx20220802_invest"]


def test_money_cards_say_at_which_rate_they_convert(model, default_ctx):
    # with no rate chosen, each sum at the official rate of its own day, said under it
    found = {m.label: m for m in headline_metrics(default_ctx)}
    investment = found["₽5.0bn investment by Moscow and KAMAZ"]
    assert (investment.value, investment.delta) == ("$81.2M", "at the official rate of 2022-10-20")
    assert investment.direction is None  # no arrow or colour: a conversion is not a change
    assert "at the official rate of the day each amount was reported (Bank of Russia)" in investment.help
    # a rate of the reader's: every card says so
    chosen = metrics(model, usd=100)
    assert {m.delta for label, m in chosen.items() if "sold for" in label or "investment" in label} == {
        "at your rates"
    }
