"""Helpers of the publish tests (test modules import these, never one another)."""

from __future__ import annotations

from moskvich.dataset.datapackage import FIGURES, RATES, tables
from moskvich.dataset.load import Dataset, write_table
from moskvich.domain import amounts, headlines, story
from moskvich.domain.currency import CURRENCIES, Rates
from moskvich.domain.figures import disagreements, reader_table, search
from moskvich.domain.model import Model, build
from moskvich.domain.settings import SLIDERS, Settings
from moskvich.plots import CHARTS


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
