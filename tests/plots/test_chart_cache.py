"""What a data set's contexts share (Context.cache) must never make a chart differ from a fresh build."""

import pytest

from moskvich.dataset.load import load_dataset
from moskvich.domain.context import Context
from moskvich.domain.currency import CURRENCIES, Rates
from moskvich.domain.model import build
from moskvich.domain.settings import Settings
from moskvich.plots import CHARTS
from tests.conftest import ARTICLE_RATES

SETTINGS = [
    Settings("USD"),
    Settings.following("USD", 90.0, "EUR"),
    Settings.apart(ARTICLE_RATES, "USD"),
    Settings.apart(Rates(150.0, 30.0, 25.0), "EUR"),
    *(Settings.apart(Rates(30.01, 159.99, 4.001), currency) for currency in CURRENCIES),
]


def fresh(model, settings: Settings) -> Context:
    """A context with a cache of its own, as if nothing had been drawn before."""
    shared = model.context(settings)
    return Context(shared.figures, shared.history, shared.choice, shared.currency, shared.credit)


def snapshot(chart_id: str, ctx: Context) -> tuple[str, str, tuple[str, ...]]:
    drawn = CHARTS[chart_id].draw(ctx)
    return drawn.figure.to_json(), drawn.table.to_json(), drawn.sources


@pytest.mark.parametrize("chart_id", sorted(CHARTS))
def test_a_chart_from_a_used_cache_is_the_chart_drawn_afresh(model, chart_id):
    # Drawn in turn at every setting and then again, so each draw finds what the others left.
    for settings in [*SETTINGS, *reversed(SETTINGS)]:
        assert snapshot(chart_id, model.context(settings)) == snapshot(chart_id, fresh(model, settings))


@pytest.mark.parametrize("chart_id", sorted(c.id for c in CHARTS.values() if not c.uses_rates))
def test_a_chart_that_ignores_the_rates_is_the_same_at_any_setting(model, chart_id):
    drawn = {snapshot(chart_id, fresh(model, settings)) for settings in SETTINGS}
    assert len(drawn) == 1


def test_each_data_set_has_its_own_cache(model):
    other = build(load_dataset())
    settings = SETTINGS[0]
    assert model.context(settings).cache is model.context(SETTINGS[1]).cache
    assert other.context(settings).cache is not model.context(settings).cache
