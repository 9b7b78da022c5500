from dataclasses import replace

from moskvich.settings import Settings
from tests.conftest import ARTICLE_RATES, IMPLIED_USD


def test_model_defaults_are_the_article_date_official_rates(model):
    assert model.defaults == ARTICLE_RATES
    assert [p.key for p in model.presets] == ["article", "implied", "latest"]
    assert "published_date" in model.figures.columns
    assert list(model.history.columns) == ["USD", "EUR", "CNY"]


def test_context_carries_settings_and_the_rate_credit(model):
    ctx = model.context(Settings(replace(ARTICLE_RATES, usd=IMPLIED_USD), "USD"))
    assert ctx.currency == "USD" and ctx.rates.usd == IMPLIED_USD
    assert ctx.credit == (
        "at 61.43 RUB/USD (implied by the October 2022 report); "
        "60.11 RUB/EUR and 8.457 RUB/CNY (Bank of Russia, 2022-10-20)"
    )
