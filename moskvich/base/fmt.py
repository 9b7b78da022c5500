"""Numbers, money and dates as people read them, in the current language (moskvich.base.i18n):
`$81.2M`, `₽5.0bn`, `50,000`, `2022-10-20` in English; `81,2 млн $`, `5,0 млрд ₽`, `50 000`,
`20.10.2022` in Russian. Every number the dashboard shows is formatted here.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from babel.dates import format_date as babel_date
from babel.numbers import format_decimal, get_minus_sign_symbol

from moskvich.base import i18n
from moskvich.base.i18n import _, ngettext
from moskvich.base.qualifiers import meaning

SYMBOLS = {"USD": "$", "EUR": "€", "CNY": "CN¥", "RUB": "₽", "PPP": "Int$"}  # Int$: international dollars
_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "M"), (1e3, "k"))
# Russian scale words go after the number, with a space that does not break.
_RU_SCALES = {"tn": "\u00a0трлн", "bn": "\u00a0млрд", "M": "\u00a0млн", "k": "\u00a0тыс."}
NBSP = "\u00a0"


def _ru() -> bool:
    return i18n.current() == "ru"


_MINUS = {lang: get_minus_sign_symbol(lang) for lang in ("en", "ru")}  # asked once: Babel takes 0.1 ms


def minus() -> str:
    """The current language's minus sign (Unicode CLDR's, through Babel): the one sign every negative
    number is written with, on axes too (plotly would write its own, U+2212, there)."""
    return _MINUS["ru" if _ru() else "en"]


def decimal(value: float, digits: int) -> str:
    """A number with exactly `digits` decimals: `61.59`, `61,59`."""
    number = _finite(value)
    if _ru():
        return format_decimal(number, format="0." + "0" * digits if digits else "0", locale="ru")
    return f"{number:.{digits}f}".replace("-", minus())


def _point(text: str) -> str:
    """A number written with a decimal point, in the current language's decimal mark."""
    return text.replace(".", ",") if _ru() else text


def format_date(day: date) -> str:
    """A day: `2022-10-20`, `20.10.2022` (Babel's Russian short date, written here: it is in every
    finding of an audit, and Babel takes fifty times as long)."""
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}" if _ru() else day.isoformat()


def format_moment(moment: datetime) -> str:
    """A moment in UTC, in a sentence: `on 2026-08-23 at 14:05 UTC`, `23.08.2026 в 14:05 UTC`."""
    utc = moment.astimezone(UTC)
    return _("on {day} at {time} UTC").format(day=format_date(utc.date()), time=f"{utc:%H:%M}")


def format_month(day: date) -> str:
    """A month and its year: `June 2024`, `июнь 2024`."""
    return babel_date(day, "LLLL y", locale="ru") if _ru() else day.strftime("%B %Y")


def format_day(day: date) -> str:
    """A day in a sentence: `7 October 2022`, `07.10.2022`."""
    return format_date(day) if _ru() else f"{day.day} {day:%B %Y}"


def format_day_short(day: date) -> str:
    """A day in a hover text: `7 Oct 2022`, `07.10.2022`."""
    return format_date(day) if _ru() else f"{day.day} {day:%b %Y}"


def format_source_day(published: str, short: bool = False) -> str:
    """A source's date in a sentence, as precisely as the data gives it (`2023-12-07`, `2023-12`,
    `2023`): `7 December 2023` (`7 Dec 2023` when short), `December 2023`, `2023`; `07.12.2023`,
    `декабрь 2023`, `2023` in Russian."""
    if len(published) == 10:
        day = date.fromisoformat(published)
        return format_day_short(day) if short else format_day(day)
    if len(published) == 7:
        return format_month(date.fromisoformat(published + "-01"))
    return published


def format_published(published: Any) -> Any:
    """A source's date as the data gives it (`2022-10-20`, `2022-10`, `2022`), for a reader: as it is
    in English, the Russian way in Russian (`20.10.2022`, `октябрь 2022`). Anything else (an empty
    cell) is left as it is."""
    if not _ru() or not isinstance(published, str):
        return published
    try:
        if len(published) == 10:
            return format_date(date.fromisoformat(published))
        if len(published) == 7:
            return format_month(date.fromisoformat(published + "-01"))
    except ValueError:
        pass
    return published


def format_exact(value: float) -> str:
    """A value as exactly as the data has it: `50,000`, `1,234.5`; `50 000`, `1234,5` in Russian."""
    number = _finite(value)
    if number.is_integer() and abs(number) < 1e15:
        return format_count(number)
    text = f"{number:,.15g}"
    if not _ru() or "e" in text:
        return text
    return decimal(number, len(text.partition(".")[2]))


def _finite(value: float) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"cannot format {value!r}: not a finite number")
    return number


def short_number(value: float) -> str:
    """1 decimal and a scale word from a thousand up; up to 2 decimals from 1 to 1,000; 2 significant
    digits below 1."""
    number = _finite(value)
    sign = minus() if number < 0 else ""
    size = abs(number)
    scale = None
    for factor, word in _SCALES:
        if size >= factor or round(size, 2) >= factor:
            scale = (factor, word)
            break
    if scale:
        factor, word = scale
        shown = round(size / factor, 1)
        bigger = [s for s in _SCALES if s[0] == factor * 1000]
        if shown >= 1000 and bigger:  # 999,960 reads as 1.0M, not 1000.0k
            factor, word = bigger[0]
        if _ru():
            return f"{sign}{_point(f'{size / factor:.1f}')}{_RU_SCALES[word]}"
        return f"{sign}{size / factor:.1f}{word}"
    if size == 0:
        return "0"
    if size < 1:
        digits = 1 - math.floor(math.log10(size))  # two significant digits
        return sign + _point(f"{size:.{digits}f}".rstrip("0").rstrip("."))
    return sign + _point(f"{size:.2f}".rstrip("0").rstrip("."))


def format_money(value: float, currency: str) -> str:
    """`$81.2M`, `-€1.5k`, `₽1`; the sign goes before the currency symbol. In Russian the symbol
    follows the number: `81,2 млн $`, `-1,5 тыс. €`."""
    text = short_number(value)
    symbol = SYMBOLS[currency]
    if _ru():
        return f"{text}{NBSP}{symbol}"
    sign = minus()
    return f"{sign}{symbol}{text.removeprefix(sign)}" if text.startswith(sign) else f"{symbol}{text}"


def format_count(value: float) -> str:
    """Whole counts with thousands separators: `50,000`, `50 000` (Babel's Russian grouping, with a
    no-break space, written here as format_date is)."""
    count = round(_finite(value))
    return f"{count:,}".replace(",", NBSP) if _ru() else f"{count:,}"


def format_count_short(value: float) -> str:
    """A count in few characters, for a label on a narrow bar: `600`, `50k`, `15.3k`, `1.2M`."""
    text = short_number(round(_finite(value)))
    whole = ",0" if _ru() else ".0"
    return text.replace(whole, "") if text[-1].isalpha() or text.endswith(".") else text


def format_change(fraction: float, digits: int = 0) -> str:
    """A relative change as a signed percentage, whole by default: `-69%`, `+12.6%`; `-69 %`,
    `+12,6 %` in Russian."""
    return format_percent(fraction * 100, signed=True, digits=digits)


def format_percent(value: float, signed: bool = False, digits: int = 0) -> str:
    """A percentage, whole by default, as on an axis: `-60%`, `20%`, or `+20%` when `signed`; `-60 %`
    in Russian."""
    number = round(_finite(value), digits) + 0.0  # no "-0"
    sign = "+" if signed and number >= 0 else ""
    text = _point(f"{sign}{number:.{digits}f}").replace("-", minus())
    return text + (NBSP + "%" if _ru() else "%")


def format_rate(value: float, currency: str) -> str:
    """`61.59 RUB/USD`, `8.457 RUB/CNY`; `61,59 ₽ за $` in Russian. A rate below 10 keeps a third
    decimal, as the CNY slider does."""
    return _rate_unit(decimal(value, 2 if abs(_finite(value)) >= 10 else 3), currency)


def format_rate_exact(value: float, currency: str) -> str:
    """A rate with every decimal the data has: `61.5905 RUB/USD`, `61,5905 ₽ за $`."""
    return _rate_unit(format_exact(value), currency)


def _rate_unit(shown: str, currency: str) -> str:
    if _ru():
        return f"{shown}{NBSP}₽ за {SYMBOLS[currency]}"
    return f"{shown} RUB/{currency}"


def format_cross(dollars: float, currency: str) -> str:
    """A cross rate, US dollars for one unit of `currency`, on one line: `€1 = $1.0902`;
    `1 € = 1,0902 $`."""
    return f"{format_dollars(1, currency, 0)}{NBSP}={NBSP}{format_dollars(dollars)}"


def format_dollars(value: float, currency: str = "USD", digits: int = 4) -> str:
    """An exact small amount, as a cross rate gives it: `$1.0902`; `1,0902 $`."""
    shown = decimal(value, digits)
    return f"{shown}{NBSP}{SYMBOLS[currency]}" if _ru() else f"{SYMBOLS[currency]}{shown}"


_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:=\"'&")
# Streamlit's Markdown also reads text after it has taken the escapes out: it makes links of web and
# e-mail addresses in it (GFM autolinks: `https://...`, `www.`, `name@host.org`) and icons of codes
# (`:material/warning:`, `:smile:`, `:streamlit:`). A word joiner, which draws nothing and keeps the
# words together, goes where those patterns need two characters side by side.
WORD_JOINER = "\u2060"
_PATTERN_BREAKS = (
    (re.compile(r":(?=[\w/+-])"), ":" + WORD_JOINER),
    (re.compile(r"@"), WORD_JOINER + "@"),
    (re.compile(r"(www)(?=\.)", re.I), r"\1" + WORD_JOINER),
)


def plain(text: str) -> str:
    """Text from the data made safe for Streamlit's Markdown: shown as typed, never as links,
    images, icons, HTML, maths or colour directives."""
    text = str(text)
    for pattern, replacement in _PATTERN_BREAKS:
        text = pattern.sub(replacement, text)
    return "".join(f"\\{ch}" if ch in _MARKDOWN_SPECIAL else ch for ch in text).replace("\n", " ")


def _unit_word(unit: str, n: int) -> str:
    if unit == "vehicles":
        return ngettext("vehicle", "vehicles", n)
    if unit == "vehicles/year":
        return ngettext("vehicle a year", "vehicles a year", n)
    if unit == "people":
        return ngettext("person", "people", n)
    if unit == "dealers":
        return ngettext("dealer", "dealers", n)
    if unit == "years":
        return ngettext("year", "years", n)
    return unit


def format_amount(value: float, unit: str) -> str:
    """A value in its unit as people read it: `50,000 vehicles`, `₽5.0bn`, `12.5%`."""
    if unit in SYMBOLS:
        return format_money(value, unit)
    if unit == "percent":
        text = f"{_finite(value):,.1f}".removesuffix(".0")
        return _point(text.replace(",", NBSP)) + NBSP + "%" if _ru() else text + "%"
    return f"{format_count(value)} {_unit_word(unit, round(value))}"


def qualified(text: str, qualifier: str) -> str:
    """A value's text with how the source states it: `about 27,000`, `600 (planned)`."""
    how = meaning(qualifier)
    if not how.beside:
        return text
    return f"{_(how.beside)} {text}" if how.before else f"{text} ({_(how.beside)})"


def format_figure(value: float | None, unit: str, qualifier: str) -> str:
    """A figure with its unit and how the source states it: `about 27,000 vehicles`, `₽1`,
    `60 dealers (reportedly)`; empty for an event, which has no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return qualified(format_amount(value, unit), qualifier)


def is_full_year(start: date | None, end: date | None) -> bool:
    """Whether a period is one whole calendar year, 1 January to 31 December."""
    return bool(
        start
        and end
        and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
        and start.year == end.year
    )


def format_period(start: date | None, end: date | None) -> str:
    """The period a figure covers: `2023`, `June 2024`, `2022-11-23`, `2024-01-01 to 2024-04-30`,
    `from 2026-01-01`; empty when the source states none."""
    if start and end:
        if is_full_year(start, end):
            return str(start.year)
        next_day = end + timedelta(days=1)
        if start.day == 1 and next_day.day == 1 and (start.year, start.month) == (end.year, end.month):
            return format_month(start)
        if start == end:
            return format_date(start)
        return _("{start} to {end}").format(start=format_date(start), end=format_date(end))
    if start:
        return _("from {day}").format(day=format_date(start))
    return _("until {day}").format(day=format_date(end)) if end else ""


def listed(items: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(items) < 2:
        return items[0] if items else ""
    return _("{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def site_name(url: str) -> str:
    """The site a link leads to, as a reader recognises it: `interfax.ru`."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")
