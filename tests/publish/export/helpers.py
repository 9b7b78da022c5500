"""Helpers of the export tests (test modules import these, never one another)."""

import io
import re
from datetime import date
from xml.etree import ElementTree

from PIL import Image

from moskvich.base import i18n

DAY = date(2026, 1, 5)
FOLDER = "moskvich_dashboard_USD_2026-01-05"  # the one folder the ZIP unpacks into
PNG, PDF = b"\x89PNG\r\n\x1a\n", b"%PDF-"


def svg_text(data: bytes) -> str:
    """Every line of text drawn in an SVG, joined by spaces (plotly draws each line as a tspan)."""
    root = ElementTree.fromstring(data)
    return " ".join(" ".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))


def json_unescaped(page: str) -> str:
    """The page with plotly's JSON escapes (\\u002f for /, and so on) read back as characters."""
    return re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m[1], 16)), page)


def external_scripts(page: str) -> list[str]:
    return re.findall(r"<script[^>]+src=[\"']?(?:https?:)?//[^>]*>", page)


# The tests in Russian rely on what needs no catalog: moskvich.base.fmt's Russian dates and rates
# (`05.01.2026`, `61,59 ₽ за $`) and the page's language; translated words are checked where the
# catalog has them.
RU_DAY = "05.01.2026"
RU_RATE = "61,59\u00a0₽ за $"  # the start-up dollar rate, in Russian


def russian(make):
    with i18n.language("ru"):
        return make()


def not_blank(png: bytes) -> float:
    """The share of the image's pixels that are not white."""
    image = Image.open(io.BytesIO(png)).convert("L")
    dark = sum(count for level, count in enumerate(image.histogram()) if level < 200)
    return dark / (image.width * image.height)
