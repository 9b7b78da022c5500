"""Numbers as people read them: `$81.2M`, `₽5.0bn`, `€1`, `$0.016`, `50,000`."""

from __future__ import annotations

import math
from datetime import date, timedelta
from urllib.parse import urlsplit

SYMBOLS = {"USD": "$", "EUR": "€", "CNY": "CN¥", "RUB": "₽"}
_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "M"), (1e3, "k"))


def _finite(value: float) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"cannot format {value!r}: not a finite number")
    return number


def short_number(value: float) -> str:
    """1 decimal and a scale word from a thousand up; up to 2 decimals from 1 to 1,000; 2 significant
    digits below 1."""
    number = _finite(value)
    sign = "-" if number < 0 else ""
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
        return f"{sign}{size / factor:.1f}{word}"
    if size == 0:
        return "0"
    if size < 1:
        digits = 1 - math.floor(math.log10(size))  # two significant digits
        return sign + f"{size:.{digits}f}".rstrip("0").rstrip(".")
    return sign + f"{size:.2f}".rstrip("0").rstrip(".")


def format_money(value: float, currency: str) -> str:
    """`$81.2M`, `-€1.5k`, `₽1`; the sign goes before the currency symbol."""
    text = short_number(value)
    symbol = SYMBOLS[currency]
    return f"-{symbol}{text[1:]}" if text.startswith("-") else f"{symbol}{text}"


def format_count(value: float) -> str:
    """Whole counts with thousands separators: `50,000`."""
    return f"{round(_finite(value)):,}"


def format_count_short(value: float) -> str:
    """A count in few characters, for a label on a narrow bar: `600`, `50k`, `15.3k`, `1.2M`."""
    text = short_number(round(_finite(value)))
    return text.replace(".0", "") if text[-1].isalpha() else text


def format_change(fraction: float) -> str:
    """A relative change as a signed whole percentage: `-69%`, `+12%`."""
    return f"{_finite(fraction):+.0%}"


def format_rate(value: float, currency: str) -> str:
    """`61.59 RUB/USD`, `8.457 RUB/CNY`: a rate below 10 keeps a third decimal, as the CNY slider does."""
    number = _finite(value)
    return f"{number:.{2 if abs(number) >= 10 else 3}f} RUB/{currency}"


_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:=\"'&")


def plain(text: str) -> str:
    """Text from the data made safe for Streamlit's Markdown: shown as typed, never as links,
    images, HTML, maths or colour directives."""
    return "".join(f"\\{ch}" if ch in _MARKDOWN_SPECIAL else ch for ch in str(text)).replace("\n", " ")


# How a figure's qualifier reads beside its value: before it for a bound, after it for a hedge.
_BEFORE = {
    "about": "about",
    "nearly": "nearly",
    "at least": "at least",
    "over": "over",
    "up to": "up to",
    "range low": "from",
    "range high": "up to",
}
_AFTER = {"estimated", "expected", "agreed", "possible", "reportedly"}
_UNIT_WORDS = {
    "vehicles": ("vehicle", "vehicles"),
    "vehicles/year": ("vehicle a year", "vehicles a year"),
    "people": ("person", "people"),
    "dealers": ("dealer", "dealers"),
    "years": ("year", "years"),
}


def format_amount(value: float, unit: str) -> str:
    """A value in its unit as people read it: `50,000 vehicles`, `₽5.0bn`, `12.5%`."""
    if unit in SYMBOLS:
        return format_money(value, unit)
    if unit == "percent":
        return f"{_finite(value):,.1f}".removesuffix(".0") + "%"
    one, many = _UNIT_WORDS.get(unit, (unit, unit))
    return f"{format_count(value)} {one if round(value) == 1 else many}"


def qualified(text: str, qualifier: str) -> str:
    """A value's text with how the source states it: `about 27,000`, `600 (planned)`."""
    if qualifier in _BEFORE:
        return f"{_BEFORE[qualifier]} {text}"
    return f"{text} ({qualifier})" if qualifier in _AFTER else text


def format_figure(value: float | None, unit: str, qualifier: str) -> str:
    """A figure with its unit and how the source states it: `about 27,000 vehicles`, `₽1`,
    `60 dealers (reportedly)`; empty for an event, which has no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return qualified(format_amount(value, unit), qualifier)


def format_period(start: date | None, end: date | None) -> str:
    """The period a figure covers: `2023`, `June 2024`, `2022-11-23`, `2024-01-01 to 2024-04-30`,
    `from 2026-01-01`; empty when the source states none."""
    if start and end:
        if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
            return str(start.year)
        next_day = end + timedelta(days=1)
        if start.day == 1 and next_day.day == 1 and (start.year, start.month) == (end.year, end.month):
            return start.strftime("%B %Y")
        return start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"
    if start:
        return f"from {start.isoformat()}"
    return f"until {end.isoformat()}" if end else ""


def site_name(url: str) -> str:
    """The site a link leads to, as a reader recognises it: `interfax.ru`."""
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")
