"""Exported charts as a reader pastes them: every registry chart in SVG, PNG and PDF, in English and
Russian, has its whole legend, every value label and its footer inside the image with no text on any
other; the PNG and the PDF are laid out as the SVG; the HTML file shows its whole legend at a desktop's
and a phone's width; and the main bar chart keeps its labels and its years at 390 px in the app.

Text is measured where it is drawn: the SVG is opened in Chromium and each text's box read with
getBBox() and its transform. A PNG of each chart is kept in test-output/exports/ for the eye.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pypdf
import pytest
from PIL import Image, ImageChops
from playwright.sync_api import Page, Route

from moskvich.base import i18n
from moskvich.domain.pages import PAGE_PATHS
from moskvich.domain.settings import Settings
from moskvich.plots import CHARTS, Drawn, charts_shown
from moskvich.publish.export.drawing import PNG_SCALE, legend_entries
from moskvich.publish.export.formats import file_name, render
from tests.browser.harness import OUTPUT, PagePool, chart, open_page
from tests.conftest import ARTICLE_RATES

DAY = date(2026, 1, 5)
EXPORTS = OUTPUT / "exports"
LANGUAGES = ("en", "ru")
CASES = [(lang, chart_id) for lang in LANGUAGES for chart_id in CHARTS]
SLACK = 0.5  # px: boxes that only touch do not overlap
PLOTLY_MINUS = "\u2212"  # plotly's own minus sign, which moskvich.base.fmt never writes

# Every piece of text drawn inside `root` (an SVG, or a chart's element): what it is, its words, and
# its box in the page's pixels: getBBox() in the text's own units, its corners taken through the
# text's transform (getScreenCTM), so that rotated text is measured as drawn. Hidden and empty text
# (plotly keeps some for later) is left out. `lines` are the text's lines, each with its own box.
TEXTS_JS = """(root) => {
  const kind = (t) => t.classList.contains('legendtext') ? 'legend'
    : t.classList.contains('legend2text') ? 'footer'
    : t.classList.contains('bartext') || t.closest('.textpoint') ? 'value'
    : t.closest('.ytick, .xtick') ? 'tick' : 'other';
  const measured = (el) => {
    const b = el.getBBox(), m = el.getScreenCTM();
    const corners = [[b.x, b.y], [b.x + b.width, b.y], [b.x, b.y + b.height], [b.x + b.width, b.y + b.height]]
      .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]);
    const xs = corners.map((c) => c[0]), ys = corners.map((c) => c[1]);
    return {x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys),
            corners: [corners[0], corners[1], corners[3], corners[2]]};
  };
  const shown = (t) => t.textContent.trim() && getComputedStyle(t).display !== 'none'
    && getComputedStyle(t).visibility !== 'hidden' && t.getBBox().width > 0;
  return [...root.querySelectorAll('text')].filter(shown).map((t) => {
    const lines = [...t.querySelectorAll('tspan.line')];
    return {kind: kind(t), text: t.textContent, ...measured(t),
            lines: (lines.length ? lines : [t]).filter((l) => l.textContent.trim())
              .map((l) => ({text: l.textContent, ...measured(l)}))};
  });
}"""


Point = tuple[float, float]


@dataclass(frozen=True)
class Box:
    """A text's box as drawn: `corners` in order around it (rotated with the text), and the
    upright box that holds them."""

    kind: str
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    corners: tuple[Point, ...] = ()

    def overlaps(self, other: Box) -> bool:
        """Whether the two boxes share more than a sliver (separating axis test: two convex shapes
        are apart when their shadows on some edge's normal are)."""
        for shape in (self.corners, other.corners):
            for (ax, ay), (bx, by) in zip(shape, shape[1:] + shape[:1], strict=True):
                normal = (ay - by, bx - ax)
                length = (normal[0] ** 2 + normal[1] ** 2) ** 0.5
                if length == 0:
                    continue
                mine = [(x * normal[0] + y * normal[1]) / length for x, y in self.corners]
                theirs = [(x * normal[0] + y * normal[1]) / length for x, y in other.corners]
                if min(max(mine), max(theirs)) - max(min(mine), min(theirs)) <= SLACK:
                    return False
        return True

    def inside(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        return (
            self.x0 >= x0 - SLACK
            and self.y0 >= y0 - SLACK
            and self.x1 <= x1 + SLACK
            and self.y1 <= y1 + SLACK
        )

    def __str__(self) -> str:
        return (
            f"{self.kind} {self.text[:50]!r} at ({self.x0:.0f}, {self.y0:.0f})-({self.x1:.0f}, {self.y1:.0f})"
        )


@dataclass(frozen=True)
class Text(Box):
    lines: tuple[Box, ...] = ()


def _box(kind: str, t: dict) -> Box:
    return Box(kind, t["text"], t["x0"], t["y0"], t["x1"], t["y1"], tuple(tuple(c) for c in t["corners"]))


def measure(root) -> list[Text]:
    """Every text inside `root`, a Playwright element handle or locator."""
    texts = []
    for t in root.evaluate(TEXTS_JS):
        box = _box(t["kind"], t)
        lines = tuple(_box(t["kind"], line) for line in t["lines"])
        texts.append(Text(box.kind, box.text, box.x0, box.y0, box.x1, box.y1, box.corners, lines))
    return texts


def overlapping(texts: list[Text], kinds: tuple[str, ...] = ()) -> list[str]:
    """Every two texts that overlap; only those where one is of `kinds`, if given."""
    return [
        f"{a} and {b}"
        for i, a in enumerate(texts)
        for b in texts[i + 1 :]
        if a.overlaps(b) and (not kinds or a.kind in kinds or b.kind in kinds)
    ]


def value_labels(drawn: Drawn) -> int:
    """How many value labels the chart asks for: every non-empty text of its traces."""
    return sum(1 for trace in drawn.figure.data for text in (trace.text or ()) if str(text).strip())


def svg_size(svg: bytes) -> tuple[int, int]:
    found = re.search(rb'width="([\d.]+)" height="([\d.]+)"', svg)
    assert found, "an SVG without its size"
    return round(float(found[1])), round(float(found[2]))


@contextmanager
def open_svg(pool: PagePool, svg: bytes, scale: float = 1) -> Iterator[Page]:
    width, height = svg_size(svg)
    page = pool.take(viewport={"width": width, "height": height}, device_scale_factor=scale)
    try:
        page.set_content(f"<!DOCTYPE html><html><body style='margin:0'>{svg.decode()}</body></html>")
        yield page
    finally:
        pool.give_back(page)


# The tests of one chart in one language share one rendering (module-scoped fixtures below); under
# pytest-xdist `--dist loadfile` (make test) a module's tests run on one worker, so it is rendered once.
@pytest.fixture(scope="module", params=CASES, ids=[f"{lang}-{chart_id}" for lang, chart_id in CASES])
def exported(request, model):
    """One chart in one language: drawn, and made into each static format as the download buttons,
    the command line and the ZIP make it (all through FORMATS)."""
    lang, chart_id = request.param
    with i18n.language(lang):
        ctx = model.context(Settings.apart(ARTICLE_RATES, "USD"))
        item = CHARTS[chart_id]
        drawn = item.draw(ctx)
        files = {fmt: render(item, drawn, ctx, fmt, DAY) for fmt in ("svg", "png", "pdf")}
        legend = legend_entries(drawn.figure)
    EXPORTS.mkdir(parents=True, exist_ok=True)
    (EXPORTS / f"{chart_id}_{lang}.png").write_bytes(files["png"])
    return drawn, legend, files


@pytest.fixture(scope="module")
def svg_texts(exported, page_pool: PagePool) -> list[Text]:
    """Every text of the exported SVG as Chromium draws it, measured once for the chart's tests."""
    _, _, files = exported
    with open_svg(page_pool, files["svg"]) as page:
        return measure(page.locator("svg").first)


def test_every_legend_entry_value_label_and_footer_line_is_inside_the_image(exported, svg_texts):
    drawn, legend, files = exported
    width, height = svg_size(files["svg"])
    outside = [str(t) for t in svg_texts if not t.inside(0, 0, width, height)]
    assert not outside, f"text past the edge of the {width} x {height} image: {outside}"
    assert sorted(t.text for t in svg_texts if t.kind == "legend") == sorted(
        re.sub("<[^>]+>", "", name) for name in legend
    )
    assert sum(t.kind == "value" for t in svg_texts) == value_labels(drawn), "value labels left out"
    footer = [t for t in svg_texts if t.kind == "footer"]
    assert len(footer) == 1 and ("Moskvich" in footer[0].text or "Москвич" in footer[0].text)


def test_no_text_lies_on_another(svg_texts):
    assert not overlapping(svg_texts)


def test_negative_numbers_have_the_languages_minus_sign(svg_texts):
    assert not [str(t) for t in svg_texts if PLOTLY_MINUS in t.text]


def test_the_png_is_the_svg_drawn(exported, page_pool: PagePool):
    """Pixel for pixel, but for the edges of letters: a legend or a label moved would differ in
    hundreds of pixels of dark on white."""
    _, _, files = exported
    with open_svg(page_pool, files["svg"], scale=PNG_SCALE) as page:
        drawn = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    png = Image.open(io.BytesIO(files["png"])).convert("RGB")
    assert png.size == drawn.size
    difference = ImageChops.difference(png, drawn).convert("L").histogram()
    assert sum(difference[129:]) / (png.width * png.height) < 0.001


def _image_in_pdf(operations: list) -> tuple[list[float], list[float], list[float]]:
    """How Chromium placed the image on the PDF's page: the page's transform, the image's scale and
    offset within it, and the clip every drawing of the image is cut to (kaleido's print margins)."""
    transforms = [args for args, op in operations if op == b"cm"]
    clips = [operations[i - 1][0] for i, (_, op) in enumerate(operations) if op in (b"W", b"W*")]
    return [float(v) for v in transforms[0]], [float(v) for v in transforms[1]], [float(v) for v in clips[0]]


def test_the_pdf_is_the_svg_laid_on_a_page(exported, svg_texts):
    """Every run of text in the PDF lies where the SVG draws those words, every word of the SVG is
    in the PDF, and none of it is cut off by the page's margins."""
    _, _, files = exported
    reader = pypdf.PdfReader(io.BytesIO(files["pdf"]))
    assert len(reader.pages) == 1
    page = reader.pages[0]
    operations = pypdf.generic.ContentStream(page.get_contents(), reader).operations
    (a, _, _, d, e, f), (scale, _, _, _, ox, oy), (cx, cy, cw, ch) = _image_in_pdf(operations)

    def to_svg(x: float, y: float) -> tuple[float, float]:
        return ((x - e) / a - ox) / scale, ((y - f) / d - oy) / scale

    runs: list[tuple[str, float, float]] = []

    def run(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((text, *to_svg(x, y)))

    page.extract_text(visitor_text=run)
    lines = [line for t in svg_texts for line in t.lines]
    found: dict[Box, list[tuple[float, str]]] = {line: [] for line in lines}
    for text, x, y in runs:
        words = re.sub(r"\s", "", text)
        home = [line for line in lines if _holds(line, x, y) and words in re.sub(r"\s", "", line.text)]
        assert home, f"{text!r} at ({x:.0f}, {y:.0f}) in the PDF, where the SVG has no such text"
        line = home[0]
        upright = line.y1 - line.y0 > line.x1 - line.x0  # read from the bottom up
        found[line].append((-y if upright else x, words))
    for line, pieces in found.items():
        assert "".join(w for _, w in sorted(pieces)) == re.sub(r"\s", "", line.text), f"{line} not in the PDF"
    left, top = to_svg(cx * a + e, cy * d + f)
    right, bottom = to_svg((cx + cw) * a + e, (cy + ch) * d + f)
    cut = [str(t) for t in svg_texts if not t.inside(left, min(top, bottom), right, max(top, bottom))]
    assert not cut, f"cut off by the PDF's margins: {cut}"


def _holds(box: Box, x: float, y: float, slack: float = 3) -> bool:
    return box.x0 - slack <= x <= box.x1 + slack and box.y0 - slack <= y <= box.y1 + slack


def test_the_pdf_is_titled_and_described_as_the_chart(exported, model):
    drawn, _, files = exported
    reader = pypdf.PdfReader(io.BytesIO(files["pdf"]))
    info = reader.metadata
    assert info.title and "Kaleido" not in info.title
    assert info.subject == drawn.alt
    assert info.author in ("Moskvich dashboard", "Дашборд «Москвич»")
    assert reader.trailer["/Root"]["/Lang"] == ("ru" if re.search("[а-я]", info.title) else "en")


# The HTML file -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HtmlFiles:
    drawn: dict[str, Drawn]
    legends: dict[str, list[str]]
    files: dict[str, Path]  # of the charts with a legend


@pytest.fixture(scope="module")
def html_files(model, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], HtmlFiles]:
    """The HTML file of every chart in a language, made once for both widths."""
    made: dict[str, HtmlFiles] = {}

    def of(lang: str) -> HtmlFiles:
        if lang not in made:
            folder = tmp_path_factory.mktemp(f"html-{lang}")
            with i18n.language(lang):
                ctx = model.context(Settings.apart(ARTICLE_RATES, "USD"))
                drawn = {c.id: c.draw(ctx) for c in CHARTS.values()}
                legends = {key: legend_entries(d.figure) for key, d in drawn.items()}
                files = {}
                for key in (k for k, entries in legends.items() if entries):
                    files[key] = folder / file_name(key, "html", DAY, "USD")
                    files[key].write_bytes(render(CHARTS[key], drawn[key], ctx, "html", DAY))
            made[lang] = HtmlFiles(drawn, legends, files)
        return made[lang]

    return of


@pytest.mark.parametrize("width", [1000, 390])  # a language's two widths one after the other
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_html_files_show_the_whole_legend(html_files, new_page, lang: str, width: int):
    """Every chart with a legend, as its HTML file opens in a browser window of `width`."""
    made = html_files(lang)
    drawn, legends, files = made.drawn, made.legends, made.files
    # a chart of several series names each in its legend; a chart of one series has none
    series = {key: len(d.figure.data) for key, d in drawn.items()}
    assert {key: len(entries) for key, entries in legends.items()} == {
        key: n if n > 1 else 0 for key, n in series.items()
    }
    page = new_page(viewport={"width": width, "height": 900})
    # Each file's bytes at one address: Chromium keeps the compiled plotly.js inside a page by its
    # address, so every file after the first opens in half the CPU (0.6 s against 1.2-1.3 s).
    opened: list[Path] = []

    def serve(route: Route) -> None:
        route.fulfill(body=opened[-1].read_bytes(), content_type="text/html")

    page.route(HTML_ADDRESS, serve)
    try:
        for key, path in files.items():
            opened.append(path)
            page.goto(HTML_ADDRESS)
            plot = page.locator(".js-plotly-plot").first
            plot.locator(".main-svg .trace").first.wait_for(state="attached", timeout=30_000)
            box = plot.bounding_box()
            texts = measure(plot)
            legend = [t for t in texts if t.kind == "legend"]
            assert len(legend) == len(legends[key]), key
            edges = (box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"])
            outside = [str(t) for t in legend if not t.inside(*edges)]
            assert not outside, f"{key}: legend entries cut off at {width} px: {outside}"
            assert not overlapping(texts, ("legend",)), key
            if width == 390 and key == "production_by_year":
                page.screenshot(path=EXPORTS / f"html_{key}_390px_{lang}.png", full_page=True)
    finally:
        page.unroute(HTML_ADDRESS)


HTML_ADDRESS = "http://exports.test/chart.html"  # where the test opens an HTML file; nothing is fetched


# In the app, on a phone ------------------------------------------------------------------------


PHONE_PAGES = [(lang, key) for lang in LANGUAGES for key in ("overview", "production")]


@pytest.mark.parametrize(
    ("lang", "page_key"), PHONE_PAGES, ids=[f"{lang}-{key}" for lang, key in PHONE_PAGES]
)
def test_on_a_phone_every_bar_keeps_its_label_every_year_its_tick_and_no_text_lies_on_another(
    new_page, app_server: str, model, lang: str, page_key: str
):
    """At 390 px, in the app: the main bar chart once dropped every value label and named only
    2022, 2024 and 2026; the timeline's first labels ran into each other."""
    page = new_page(viewport={"width": 390, "height": 900}, has_touch=True)
    shown = charts_shown(page_key)
    open_page(page, f"{app_server}/{PAGE_PATHS[page_key]}?lang={lang}", len(shown))
    measured = {}
    EXPORTS.mkdir(parents=True, exist_ok=True)
    for item in shown:
        located = chart(page, item.id)
        located.scroll_into_view_if_needed()
        measured[item.id] = measure(located)
        located.screenshot(path=EXPORTS / f"app_{item.id}_390px_{lang}.png")
    with i18n.language(lang):
        ctx = model.context(Settings())
        drawn = {item.id: item.draw(ctx) for item in shown}
    for chart_id, texts in measured.items():
        assert not overlapping(texts), chart_id
        labels = sorted(t.text for t in texts if t.kind == "value")
        assert labels == sorted(str(v) for trace in drawn[chart_id].figure.data for v in trace.text or ()), (
            chart_id
        )
    if page_key == "production":
        ticks = [t.text for t in measured["production_by_year"] if t.kind == "tick"]
        years = sorted(
            {row[3] for trace in drawn["production_by_year"].figure.data for row in trace.customdata}
        )
        assert sorted(t for t in ticks if t.isdigit() and len(t) == 4) == years
