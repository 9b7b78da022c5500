"""Numbers as people read them: `$81.2M`, `₽5.0bn`, `€1`, `$0.016`, `50,000`."""

from __future__ import annotations

import math

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
