from moskvich.overview import corrections, headline_metrics, rows_for
from tests.conftest import context_at


def metrics(model, usd=None, currency="USD"):
    return {m.label: m for m in headline_metrics(context_at(model, usd, currency))}


def test_headline_metrics_at_the_article_date_rate(model):
    found = metrics(model)
    assert found["Vehicles built in 2022"].value == "600 (200 electric)"
    assert found["Vehicles built in 2022"].delta == "plan: about 600 (200 electric)"
    assert found["Sold in 2023 against the 50,000 plan"].value == "15,300"
    assert found["Sold in 2023 against the 50,000 plan"].delta == "-69% against the plan of 50,000"
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
    trimmed = ctx.__class__(
        ctx.figures[ctx.figures["id"] != "ifx20240222_sold2023"], ctx.history, ctx.rates, "USD", ctx.credit
    )
    labels = [m.label for m in headline_metrics(trimmed)]
    assert "Sold in 2023 against the 50,000 plan" not in labels and len(labels) == 4


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
