from dataclasses import replace
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest

from moskvich.domain.currency import ARTICLE_DATE, Rates
from moskvich.domain.settings import Settings
from moskvich.plots import CHARTS
from moskvich.publish import share
from tests.conftest import FIRST_DAY, LATEST_DAY, context_at, linked_at

DAY = date(2026, 12, 1)
ADDRESS = "https://dash.example.org/moskvich/money"


def embed_request(params: dict[str, list[str]]) -> share.EmbedRequest:
    first, last = date.fromisoformat(FIRST_DAY), date.fromisoformat(LATEST_DAY)
    return share.embed_request(params, list(CHARTS), first, last, ARTICLE_DATE)


@pytest.fixture
def ctx(model):
    return replace(context_at(model, 75.0, "EUR"), link=ADDRESS)


def test_the_apps_address_is_found_from_any_page():
    assert share.root("https://dash.example.org/moskvich/money") == "https://dash.example.org/moskvich"
    assert share.root("https://dash.example.org/moskvich/") == "https://dash.example.org/moskvich"
    assert share.root("http://127.0.0.1:8501/embed") == "http://127.0.0.1:8501"
    assert share.root("http://127.0.0.1:8501") == "http://127.0.0.1:8501"


def test_a_charts_link_reopens_its_page_at_the_same_settings_and_scrolls_to_it(model, ctx):
    link = urlsplit(share.chart_link(ctx, CHARTS["money_at_two_rates"]))
    assert f"{link.scheme}://{link.netloc}{link.path}" == "https://dash.example.org/moskvich/money"
    assert link.fragment == "money_at_two_rates"
    request = embed_request(parse_qs(link.query) | {"chart": ["money_at_two_rates"]})
    assert model.choose(request.settings) == ctx.choice and request.settings.currency == "EUR"
    assert request.problems == ()
    overview = urlsplit(share.chart_link(ctx, CHARTS["key_events"]))
    assert (
        overview.path == "/moskvich" and overview.fragment == "key_events"
    )  # the Overview is the app's root


@pytest.mark.parametrize(
    ("settings", "query"),
    [
        (Settings("EUR"), {"display_currency": ["EUR"]}),  # no rates: the official rate of each day
        (
            Settings.following("USD", 90.0, "EUR"),
            {"rub_per_usd": ["90"], "rates_day": ["2022-10-20"], "display_currency": ["EUR"]},
        ),
        (
            Settings.apart(Rates(90.0, 60.1086, 8.45711), "EUR"),
            {
                "rub_per_usd": ["90"],
                "rub_per_eur": ["60.1086"],
                "rub_per_cny": ["8.45711"],
                "display_currency": ["EUR"],
            },
        ),
    ],
)
def test_a_link_carries_the_rates_as_the_reader_chose_them(model, settings, query):
    ctx = replace(model.context(settings), link=ADDRESS)
    link = urlsplit(share.chart_link(ctx, CHARTS["money_at_two_rates"]))
    assert parse_qs(link.query) == query
    again = embed_request(query | {"chart": ["money_at_two_rates"]})
    assert model.context(again.settings).choice == ctx.choice


def test_the_embed_code_is_a_responsive_lazy_iframe_of_the_embed_view(ctx):
    chart = CHARTS["production_by_year"]
    code = share.embed_code(ctx, chart, chart.draw(ctx))
    assert code.startswith(
        '<iframe src="https://dash.example.org/moskvich/embed?chart=production_by_year&amp;'
    )
    assert 'width="100%"' in code and 'loading="lazy"' in code and "border: 0" in code
    assert f'title="{chart.title}"' in code
    assert 'height="625"' in code  # the chart's 475 px and its title, sources and link
    assert "embed=true" in code


def test_the_one_line_credit_names_the_sources_and_the_rates(model):
    ctx = context_at(model)
    chart = CHARTS["investment_per_vehicle"]
    assert share.credit(chart, chart.draw(ctx), ctx) == (
        "Moskvich dashboard, from Interfax; Teller Report (Sobyanin Telegram); TASS; "
        "Bank of Russia rates, 2022-10-20"
    )
    chosen = context_at(model, 75.0)
    line = share.credit(chart, chart.draw(chosen), chosen)
    assert line.endswith("; rates chosen by the user; Bank of Russia rates, 2022-10-20")
    linked = linked_at(model, 75.0)
    line = share.credit(chart, chart.draw(linked), linked)
    assert line.endswith("; rates chosen by the user; Bank of Russia cross rates, 2022-10-20")
    official = model.context(Settings("USD"))
    line = share.credit(chart, chart.draw(official), official)
    assert line.endswith("; TASS; Bank of Russia rates of the day each amount was reported")
    counts = CHARTS["monthly_sales"]
    assert "rates" not in share.credit(counts, counts.draw(ctx), ctx)


def test_the_full_citation_and_bibtex_name_title_sources_rates_link_and_day(ctx):
    chart = CHARTS["money_at_two_rates"]
    drawn = chart.draw(ctx)
    text = share.citation(chart, drawn, ctx, DAY)
    assert text.startswith(f"{chart.title}. Moskvich dashboard. Sources: ")
    assert f"Money in EUR, converted {ctx.credit}." in text
    assert share.chart_link(ctx, chart) in text and text.endswith("Retrieved 2026-12-01.")
    bib = share.bibtex(chart, drawn, ctx, DAY)
    assert bib.startswith("@misc{moskvich_money_at_two_rates_2026-12-01,")
    assert "  author = {{Moskvich dashboard}}," in bib and "  urldate = {2026-12-01}," in bib
    assert f"  howpublished = {{\\url{{{share.chart_link(ctx, chart)}}}}}," in bib
    assert bib.endswith("}") and bib.count("{") == bib.count("}")


def test_bibtex_escapes_what_tex_would_read(model):
    assert share._bib("50% & 10_000 {x}") == "50\\% \\& 10\\_000 \\{x\\}"


def test_a_bad_embed_link_names_its_problems_and_leaves_them_out():
    request = embed_request(
        {"chart": ["nope"], "rub_per_usd": ["-5"], "rates_day": ["2030-01-01"], "display_currency": ["gbp"]}
    )
    assert request.settings == Settings("USD")  # no rate left: the official rate of each day
    assert request.problems == (
        "The link does not name one of the dashboard's charts.",
        "The link's rate for USD is not between 30 and 150; it is not used.",
        f"The link's day for the cross rates is not from {FIRST_DAY} to {LATEST_DAY}; 2022-10-20 is used.",
        "The link's currency is not one of USD, EUR, CNY, RUB; USD is used.",
    )
