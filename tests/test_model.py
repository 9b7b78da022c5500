from moskvich.currency import Rates
from moskvich.load import load_dataset
from moskvich.model import build
from moskvich.settings import Settings


def test_model_defaults_are_the_article_date_official_rates():
    model = build(load_dataset())
    assert model.defaults == Rates(61.5905, 60.1086, 8.45711)
    assert [p.key for p in model.presets] == ["article", "implied", "latest"]
    assert "published_date" in model.figures.columns
    assert list(model.history.columns) == ["USD", "EUR", "CNY"]


def test_context_carries_settings_and_the_rate_credit():
    model = build(load_dataset())
    ctx = model.context(Settings(Rates(61.43, 60.1086, 8.45711), "USD"))
    assert ctx.currency == "USD" and ctx.rates.usd == 61.43
    assert ctx.credit == (
        "at 61.43 RUB/USD (implied by the October 2022 report); "
        "60.11 RUB/EUR and 8.457 RUB/CNY (Bank of Russia, 2022-10-20)"
    )
