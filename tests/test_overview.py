from moskvich.overview import corrections, headline_metrics, rows_for
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
    assert not found["Sold in 2023"].signed
    assert found["₽5.0bn investment by Moscow and KAMAZ"].value == "$81.2M"
    assert found["Renault's Avtovaz stake sold for ₽1"].value == "$0.016"
    assert found["Nissan's Russian business sold for €1"].value == "$0.98"


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
    assert not investment.signed
    assert "at the official rate of the day each amount was reported (Bank of Russia)" in investment.help
    # a rate of the reader's: every card says so
    chosen = metrics(model, usd=100)
    assert {m.delta for label, m in chosen.items() if "sold for" in label or "investment" in label} == {
        "at your rates"
    }
