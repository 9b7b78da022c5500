import math

import pytest

from moskvich.fmt import format_count, format_money, format_rate, plain, short_number


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (81_181_351.02, "USD", "$81.2M"),
        (83_182_772.52, "EUR", "€83.2M"),
        (591_218_513.18, "CNY", "CN¥591.2M"),
        (5e9, "RUB", "₽5.0bn"),
        (1, "RUB", "₽1"),
        (1, "EUR", "€1"),
        (0.016236, "USD", "$0.016"),
        (0.97, "USD", "$0.97"),
        (50_000_000, "USD", "$50.0M"),
        (135_300.7, "USD", "$135.3k"),
        (999_949, "USD", "$999.9k"),
        (999_950, "USD", "$1.0M"),
        (999.999, "USD", "$1.0k"),
        (12.5, "USD", "$12.5"),
        (2.2e12, "EUR", "€2.2tn"),
        (0, "USD", "$0"),
        (-1500, "USD", "-$1.5k"),
        (-0.5, "EUR", "-€0.5"),
    ],
)
def test_format_money(amount, currency, text):
    assert format_money(amount, currency) == text


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_non_finite_amounts_raise(bad):
    with pytest.raises(ValueError):
        format_money(bad, "USD")
    with pytest.raises(ValueError):
        format_count(bad)


def test_short_number_two_significant_digits_below_one():
    assert short_number(0.0001234) == "0.00012"
    assert short_number(0.1) == "0.1"


def test_format_count():
    assert format_count(50_000) == "50,000"
    assert format_count(600) == "600"
    assert format_count(142_304) == "142,304"
    assert format_count(15_300.4) == "15,300"


def test_format_rate():
    assert format_rate(61.5905, "USD") == "61.59 RUB/USD"
    assert format_rate(8.45711, "CNY") == "8.457 RUB/CNY"


def test_plain_escapes_markdown_html_and_links():
    text = "Evil <script>alert(1)</script> [x](http://e.vil) ![i](http://e.vil/p.png) $x$ :red[y] **b**"
    escaped = plain(text)
    for raw in ("<script>", "](http", "![", "$x$", ":red[", "**"):
        assert raw not in escaped
    assert escaped.replace("\\", "") == text
