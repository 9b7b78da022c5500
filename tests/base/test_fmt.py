import math
import re
from datetime import date

import pytest
from babel.dates import format_date as babel_date
from babel.numbers import format_decimal, get_minus_sign_symbol

from moskvich.base import fmt, i18n
from moskvich.base.fmt import (
    WORD_JOINER,
    decimal,
    format_change,
    format_count,
    format_count_short,
    format_date,
    format_day,
    format_day_short,
    format_exact,
    format_figure,
    format_money,
    format_period,
    format_published,
    format_rate,
    format_source_day,
    plain,
    short_number,
)


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
    assert escaped.replace("\\", "").replace(WORD_JOINER, "") == text


# What Streamlit's Markdown finds in text after taking out the escapes (GFM autolinks, which
# mdast-util-gfm-autolink-literal finds in text nodes; Streamlit's icon codes, emoji shortcodes and
# its logo): each must be broken up by a character that draws nothing.
AUTOLINK = re.compile(
    r"(https?://|www(?=\.))[-.\w]+|[-.\w+]+@[-\w]+(\.[-\w]+)+|(mailto|xmpp):[-.\w+]+@", re.I
)
ICON = re.compile(r":material[/_]\w+:|:[\w+-][\w_+-]*:|:streamlit:")


@pytest.mark.parametrize(
    "text",
    [
        "https://evil.example/phish",
        "HTTP://EVIL.EXAMPLE",
        "visit www.evil.example now",
        "write to boss@evil.example",
        "mailto:boss@evil.example",
        ":material/warning: Urgent",
        "Interfax :smile: :+1:",
        ":streamlit: official",
        ":red[alarm]",
    ],
)
def test_plain_leaves_no_autolink_or_icon_code_for_markdown_to_find(text):
    shown = plain(text).replace("\\", "")  # the text Markdown leaves once it has read the escapes
    assert not AUTOLINK.search(shown) and not ICON.search(shown)
    assert shown.replace(WORD_JOINER, "") == text


def test_russian_counts_and_dates_are_babels():
    with i18n.language("ru"):
        for count in (0, 7, 999, 1000, -1234, 50_000, 142_304, 1_234_567_890, 10**15):
            assert format_count(count) == format_decimal(count, format="#,##0", locale="ru")
        for day in (date(1, 2, 3), date(2022, 10, 20), date(2026, 12, 31)):
            assert format_date(day) == babel_date(day, "dd.MM.yyyy", locale="ru")


# Russian, through Babel's locale data: the symbol after the amount, a decimal comma, a non-breaking
# space between thousands and before a unit or symbol.
NB = "\u00a0"


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (81_181_351.02, "USD", f"81,2{NB}млн{NB}$"),
        (5e9, "RUB", f"5,0{NB}млрд{NB}₽"),
        (1, "RUB", f"1{NB}₽"),
        (1, "EUR", f"1{NB}€"),
        (0.016236, "USD", f"0,016{NB}$"),
        (135_300.7, "USD", f"135,3{NB}тыс.{NB}$"),
        (999_950, "USD", f"1,0{NB}млн{NB}$"),
        (2.2e12, "EUR", f"2,2{NB}трлн{NB}€"),
        (0, "USD", f"0{NB}$"),
        (-1500, "USD", f"-1,5{NB}тыс.{NB}$"),
        (-0.5, "EUR", f"-0,5{NB}€"),
    ],
)
def test_format_money_in_russian(amount, currency, text):
    with i18n.language("ru"):
        assert format_money(amount, currency) == text
    assert i18n.current() == "en"


def test_counts_rates_changes_and_dates_in_both_languages():
    day = date(2022, 10, 20)
    expected = {
        "en": ["50,000", "15.3k", "50k", "-69%", "+12%", "61.59 RUB/USD", "8.457 RUB/CNY", "2022-10-20"],
        "ru": [
            f"50{NB}000",
            f"15,3{NB}тыс.",
            f"50{NB}тыс.",
            f"-69{NB}%",
            f"+12{NB}%",
            f"61,59{NB}₽ за $",
            f"8,457{NB}₽ за CN¥",
            "20.10.2022",
        ],
    }
    for lang, texts in expected.items():
        with i18n.language(lang):
            shown = [
                format_count(50_000),
                format_count_short(15_300),
                format_count_short(50_000),
                format_change(-0.69),
                format_change(0.12),
                format_rate(61.59, "USD"),
                format_rate(8.457, "CNY"),
                format_date(day),
            ]
        assert shown == texts, lang


@pytest.mark.parametrize(
    ("lang", "start", "end", "text"),
    [
        ("en", date(2023, 1, 1), date(2023, 12, 31), "2023"),
        ("ru", date(2023, 1, 1), date(2023, 12, 31), "2023"),
        ("en", date(2024, 6, 1), date(2024, 6, 30), "June 2024"),
        ("ru", date(2024, 6, 1), date(2024, 6, 30), "июнь 2024"),
        ("en", date(2022, 11, 23), date(2022, 11, 23), "2022-11-23"),
        ("ru", date(2022, 11, 23), date(2022, 11, 23), "23.11.2022"),
        ("en", date(2024, 1, 1), date(2024, 4, 30), "2024-01-01 to 2024-04-30"),
        ("ru", date(2024, 1, 1), date(2024, 4, 30), "01.01.2024 – 30.04.2024"),
        ("en", date(2026, 1, 1), None, "from 2026-01-01"),
        ("ru", date(2026, 1, 1), None, "с 01.01.2026"),
        ("ru", None, date(2026, 1, 1), "до 01.01.2026"),
    ],
)
def test_periods(lang, start, end, text):
    with i18n.language(lang):
        assert format_period(start, end) == text


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "en", "ru"),
    [
        (27_000, "vehicles", "about", "about 27,000 vehicles", f"около 27{NB}000 автомобилей"),
        (1, "vehicles", "", "1 vehicle", "1 автомобиль"),
        (2, "vehicles", "", "2 vehicles", "2 автомобиля"),
        (21, "dealers", "reportedly", "21 dealers (reportedly)", "21 дилер (по сообщениям)"),
        (3, "years", "expected", "3 years (expected)", "3 года (ожидается)"),
        (12.5, "percent", "", "12.5%", f"12,5{NB}%"),
        (5e9, "RUB", "exactly", "₽5.0bn", f"5,0{NB}млрд{NB}₽"),
        (None, "", "planned", "", ""),
    ],
)
def test_figures_with_units_and_qualifiers(value, unit, qualifier, en, ru):
    assert format_figure(value, unit, qualifier) == en
    with i18n.language("ru"):
        assert format_figure(value, unit, qualifier) == ru


def test_decimals_follow_the_language():
    assert decimal(61.5905, 2) == "61.59"
    with i18n.language("ru"):
        assert decimal(61.5905, 2) == "61,59"
        assert decimal(1234.5, 1) == "1234,5"  # no grouping, as in English


def test_days_published_dates_and_exact_values_in_both_languages():
    day = date(2022, 10, 20)
    assert (format_day(day), format_day_short(day)) == ("20 October 2022", "20 Oct 2022")
    assert (format_day(date(2023, 12, 7)), format_day_short(date(2023, 12, 7))) == (
        "7 December 2023",
        "7 Dec 2023",
    )
    sources = ("2023-12-07", "2023-12", "2023")
    assert [format_source_day(p) for p in sources] == ["7 December 2023", "December 2023", "2023"]
    assert format_source_day("2023-12-07", short=True) == "7 Dec 2023"
    assert [format_published(p) for p in ("2022-10-20", "2022-10", "2022", "")] == [
        "2022-10-20",
        "2022-10",
        "2022",
        "",
    ]
    assert [format_exact(v) for v in (50_000, 1234.5, 0.125)] == ["50,000", "1,234.5", "0.125"]
    with i18n.language("ru"):
        assert (format_day(day), format_day_short(day)) == ("20.10.2022", "20.10.2022")
        assert [format_source_day(p) for p in sources] == ["07.12.2023", "декабрь 2023", "2023"]
        assert [format_published(p) for p in ("2022-10-20", "2022-10", "2022")] == [
            "20.10.2022",
            "октябрь 2022",
            "2022",
        ]
        assert [format_exact(v) for v in (50_000, 1234.5, 0.125)] == [f"50{NB}000", "1234,5", "0,125"]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_negative_number_has_the_one_minus_sign_of_the_language(lang):
    """Unicode CLDR's minus sign of the language (a hyphen-minus in both), never plotly's U+2212: a
    chart's axis and its labels must not mix "-38 %" and "\\u221260 %"."""
    with i18n.language(lang):
        sign = fmt.minus()
        assert sign == get_minus_sign_symbol(lang)
        texts = [
            format_change(-0.384),
            fmt.format_percent(-60),
            format_money(-1500, "EUR"),
            fmt.decimal(-3.25, 1),
            fmt.short_number(-0.5),
        ]
    assert all(text.startswith(sign) and "\u2212" not in text for text in texts), texts
    assert format_change(-0.004) == "+0%" and fmt.format_percent(20) == "20%"  # no "-0%"
