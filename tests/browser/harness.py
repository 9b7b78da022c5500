"""The real app in Debian's Chromium: start `streamlit run` on a free port, open pages, wait for reruns,
and what the browser tests do and measure on a page (screenshots, the width checks, downloads, uploads,
the rate sliders). Test modules import only this module and their conftest, never one another.

Shared by the browser tests (tests/browser/conftest.py) and the benchmark (bench/browser.py).
Nothing here downloads a browser: Playwright drives the `chromium` on the PATH.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Error, Locator, Page, Playwright, expect

from moskvich.base.fmt import format_money

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
# How long a condition may take: a page's run on a 2-core machine that other test runs load heavily
# (load average 20) took over 30 s; only a failing test waits this long.
WAIT_MS = 90_000


# For the tests only (the benchmark measures the browser as readers have it): a test's page lives a
# few seconds, too short for V8's optimising compilers to repay their work; without them a page
# load took 15-20 % less CPU (1.49-1.67 s against 1.85-1.92 s, each page three times). Garbage
# collected on the page's thread alone, not shared out to helper threads: 3 % less again (6 pages
# loaded 4 times).
TEST_ARGS = ["--js-flags=--no-opt --no-maglev --single-threaded-gc"]


def launch_chromium(playwright: Playwright, path: str | None = None) -> Browser:
    return playwright.chromium.launch(
        executable_path=path or shutil.which("chromium"), args=CHROMIUM_ARGS + TEST_ARGS
    )


# What a page is given unless a test asks otherwise: Playwright's own defaults.
DEFAULT_VIEWPORT = {"width": 1280, "height": 720}
HISTORY_KEPT = 35  # steps of history a tab may have when a test is handed it: 15 left for the test


class PagePool:
    """Pages a test is handed and gives back: one browser context for each set of options that a
    page cannot change (locale, touch, ...); the size and the colour scheme are set on the page.

    A page given back has its listeners removed, its site's storage and the context's cookies and
    permissions cleared, and is left on about:blank. Its browser cache is kept: that is the point.
    """

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.free: dict[str, list[Page]] = {}
        self.keys: dict[int, str] = {}  # id of a page -> its context's options
        self.contexts: list[BrowserContext] = []
        self.listeners: dict[int, list[tuple[str, Callable]]] = {}

    def take(self, **options) -> Page:
        viewport = options.pop("viewport", DEFAULT_VIEWPORT)
        scheme = options.pop("color_scheme", "light")
        options.setdefault("accept_downloads", True)
        # An American browser unless a test says otherwise, not whatever this machine's language is;
        # and so one context, and one cache to fill, for the tests that say it and those that do not.
        options.setdefault("locale", "en-US")
        key = repr(sorted((name, value) for name, value in options.items() if value not in (False, None)))
        free = self.free.setdefault(key, [])
        if free:
            page = free.pop()
        else:
            context = self.browser.new_context(**options)
            context.set_default_timeout(WAIT_MS)
            self.contexts.append(context)
            page = context.new_page()
            self.keys[id(page)] = key
        page.set_viewport_size(viewport)
        # As a reader who asked for less motion: Streamlit leaves out its transitions, which cost
        # CPU and which no test looks at (6 pages loaded 4 times: 5 % less CPU a page).
        page.emulate_media(color_scheme=scheme, reduced_motion="reduce")
        return page

    def listen(self, page: Page, event: str, handler: Callable) -> None:
        """`page.on(event, handler)`, undone when the page is given back."""
        page.on(event, handler)
        self.listeners.setdefault(id(page), []).append((event, handler))

    def give_back(self, page: Page) -> None:
        for event, handler in self.listeners.pop(id(page), []):
            page.remove_listener(event, handler)
        context = page.context
        try:
            if page.url.startswith("http"):
                page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
            page.goto("about:blank")
            context.clear_cookies()
            context.clear_permissions()
            if page.evaluate("history.length") > HISTORY_KEPT:
                # Chromium keeps 50 steps of a tab's history: a test counting its own would find
                # none added. A new tab of the same context keeps the cache.
                key = self.keys.pop(id(page))
                page.close()
                page = context.new_page()
                self.keys[id(page)] = key
        except Error:  # closed by the test, or in a state it cannot leave: not used again
            self.keys.pop(id(page), None)
            self.contexts.remove(context)
            context.close()
            return
        self.free[self.keys[id(page)]].append(page)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Server:
    url: str  # base URL, no trailing slash
    process: subprocess.Popen
    log: Path
    started: float  # time.perf_counter() just before the process was started

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def output_name(name: str) -> str:
    """`name` for a file in test-output/ that a test run writes once per process: under pytest-xdist
    each worker writes its own (server-gw0.log), so parallel workers never share a file."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return name
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}-{worker}{dot}{suffix}" if dot else f"{name}-{worker}"


@contextmanager
def streamlit_server(
    script: str = "app.py",
    log_name: str = "server.log",
    timeout: float = 60,
    env: dict[str, str] | None = None,
    port: int | None = None,
) -> Iterator[Server]:
    """`streamlit run <script>` from the repository root, yielded once its health check answers;
    `env` adds to the environment it runs in. On `port` if given, else on a free one; a port taken
    between choosing it and binding it (by a parallel worker) is chosen again."""
    OUTPUT.mkdir(exist_ok=True)
    log = OUTPUT / output_name(log_name)
    for attempt in range(3):
        port = port if port and attempt == 0 else free_port()
        command = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
        ]
        url = f"http://127.0.0.1:{port}"
        with log.open("w", encoding="utf-8") as out:
            started = time.perf_counter()
            process = subprocess.Popen(
                command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
            )
            try:
                deadline = started + timeout
                while not (_ready(url) and process.poll() is None):
                    if process.poll() is not None:
                        break
                    if time.perf_counter() > deadline:
                        raise RuntimeError(
                            f"streamlit did not answer within {timeout:g} s:\n{log.read_text()}"
                        )
                    time.sleep(0.05)
                else:
                    yield Server(url, process, log, started)
                    return
            finally:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        if f"Port {port} is not available" not in log.read_text() or attempt == 2:
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{log.read_text()}")


def wait_for_app(page: Page, timeout: float = WAIT_MS) -> None:
    """Until the script run has finished and every element on screen comes from it.

    Call it after something that has visibly started a run (a page load, or once the expected new
    text is on screen): right after a key press the previous run's finished state still shows.
    """
    app = page.get_by_test_id("stApp")
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=timeout)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout)
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=timeout)
    # Widgets whose code is still loading show as skeletons on a page's first load.
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=timeout)


def open_page(page: Page, url: str, charts: int, timeout: float = WAIT_MS) -> None:
    """Load a page of the app and wait until its title and its `charts` Plotly charts are drawn.

    Charts are loaded lazily: the run can finish before the first chart exists, so their number
    must be known.
    """
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=timeout)
    wait_for_app(page, timeout)
    expect_charts_drawn(page, charts, timeout)


def expect_charts_drawn(page: Page, charts: int, timeout: float = WAIT_MS) -> None:
    """Exactly `charts` Plotly charts, each with at least one trace drawn."""
    located = page.get_by_test_id("stPlotlyChart")
    expect(located).to_have_count(charts, timeout=timeout)
    for chart in located.all():
        expect(chart.locator(".main-svg .trace").first).to_be_attached(timeout=timeout)


def chart(page: Page, chart_id: str) -> Locator:
    """A registry chart on the page, found by its key; not a stale copy kept on screen during a rerun."""
    return page.locator(f'.st-key-chart_{chart_id}[data-stale="false"]')


# Looking at a page: its width, its charts' text, its background, a screenshot of the whole of it ----

HEIGHT = 900  # the window's height in the layout tests

# Widths of the page itself and of the boxes that scroll it (Streamlit scrolls stMain, not the body).
WIDTHS_JS = """() => [document.scrollingElement, ...document.querySelectorAll(
  '[data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"]')]
  .map((el) => ({name: el.dataset.testid || el.tagName, scroll: el.scrollWidth, client: el.clientWidth}))"""

# Every piece of text a chart draws that reaches past the chart's own box (and so is cut off).
CLIPPED_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].flatMap((chart) => {
  const box = chart.getBoundingClientRect();
  return [...chart.querySelectorAll('svg text')]
    .filter((t) => t.textContent.trim() && getComputedStyle(t).display !== 'none'
                   && getComputedStyle(t).visibility !== 'hidden' && t.getClientRects().length)
    .map((t) => ({text: t.textContent, r: t.getBoundingClientRect()}))
    .filter(({r}) => r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1
                                     || r.top < box.top - 1 || r.bottom > box.bottom + 1))
    .map(({text, r}) => `${text} at ${Math.round(r.left - box.left)}..${Math.round(r.right - box.left)}`
                        + ` of ${Math.round(box.width)} px`);
})"""

# Whether every Plotly chart is drawn at the width of its box (Plotly redraws a chart after the
# window's size changes, a frame or more later).
CHARTS_FIT_JS = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')]
  .every((plot) => {
    const svg = plot.querySelector('.main-svg');
    return svg && Math.abs(svg.getBoundingClientRect().width - plot.getBoundingClientRect().width) < 1;
  })"""

# Resolves after the browser has drawn two frames: what a resize set off has been laid out and painted.
TWO_FRAMES_JS = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"


# Whether the page is drawn in the dark theme (`dark`) or the light one: the app's background, and the
# axis labels of every chart, which Streamlit's chart theme colours: dark on light, light on dark.
SCHEME_DRAWN_JS = """(dark) => {
  const lum = (c) => { const [r, g, b] = c.match(/[\\d.]+/g).slice(0, 3).map(Number);
                       return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255; };
  const app = document.querySelector('[data-testid="stApp"]');
  const ticks = [...document.querySelectorAll(
    '[data-testid="stPlotlyChart"] .xtick text, [data-testid="stPlotlyChart"] .ytick text')];
  return (lum(getComputedStyle(app).backgroundColor) < 0.2) === dark
    && ticks.every((t) => (lum(getComputedStyle(t).fill) > 0.5) === dark);
}"""


def switch_scheme(page: Page, scheme: str) -> None:
    """The reader's system turns to the `scheme` theme: Streamlit follows it on the page as it is and
    draws its charts again, as on a page opened in that theme; wait until it has."""
    page.emulate_media(color_scheme=scheme)
    page.wait_for_function(SCHEME_DRAWN_JS, arg=scheme == "dark", timeout=WAIT_MS)
    page.evaluate(TWO_FRAMES_JS)


def screenshot(page: Page, name: str) -> None:
    """The whole page, however long: the window is made as tall as what stMain scrolls, and the
    picture taken once every chart has been drawn again at its width."""
    height = page.get_by_test_id("stMain").evaluate("el => el.scrollHeight")
    width = page.viewport_size["width"]
    page.set_viewport_size({"width": width, "height": height})
    page.evaluate(TWO_FRAMES_JS)
    page.wait_for_function(CHARTS_FIT_JS, timeout=WAIT_MS)
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=OUTPUT / name, animations="disabled")


def background_luminance(page: Page) -> float:
    rgb = page.get_by_test_id("stApp").evaluate("el => getComputedStyle(el).backgroundColor")
    red, green, blue = (int(c) for c in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


# Downloads -----------------------------------------------------------------------------------------

# What each format's file starts with.
SIGNATURES = {
    "png": lambda data: data.startswith(b"\x89PNG\r\n\x1a\n"),
    "svg": lambda data: b"<svg" in data[:1000],
    "pdf": lambda data: data.startswith(b"%PDF-"),
    "html": lambda data: data.lstrip()[:15].lower() in (b"<!doctype html>", b"<html>"),
    "zip": zipfile.is_zipfile,
}


def download(page: Page, button: Locator) -> tuple[str, bytes]:
    """Click `button` and take the file it hands the browser: its name and its bytes."""
    with page.expect_download() as info:
        button.click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def csv_header(data: bytes) -> list[str]:
    return next(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def tab_panel(page: Page, tab: Locator) -> Locator:
    """Open `tab` and return the panel it shows."""
    tab.click()
    return page.locator(f'[id="{tab.get_attribute("aria-controls")}"]')


# Uploads -------------------------------------------------------------------------------------------

FIGURES_HEADER = (ROOT / "data" / "figures.csv").read_text(encoding="utf-8").splitlines()[0]
# A figure of one's own, for an upload that adds it.
NEW_ROW = (
    "mine20260105_sold,2026-01-05,reported,vehicles_sold,2025-12-01,2025-12-31,1234,vehicles,,Sold,Mine,"
)


def uploader(page: Page, label: str) -> Locator:
    return page.get_by_test_id("stFileUploader").filter(has_text=label)


def input_files(page: Page, label: str) -> Locator:
    """The file input of the uploader labelled `label`: what the file dialog fills."""
    return uploader(page, label).locator('input[type="file"]')


def send(page: Page, label: str, name: str, data: bytes, mime: str = "text/csv") -> None:
    """Hand the uploader labelled `label` a file, as choosing it in the file dialog does."""
    input_files(page, label).set_input_files(files=[{"name": name, "mimeType": mime, "buffer": data}])


def open_sources(page: Page, base: str) -> None:
    page.goto(f"{base}/sources")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sources & data")
    wait_for_app(page)


# The exchange-rate sliders -------------------------------------------------------------------------

INVESTMENT_RUB = 5e9  # the Overview's investment card, which every rate moves


def investment(page: Page) -> Locator:
    metric = page.get_by_test_id("stMetric").filter(has_text="₽5.0bn investment by Moscow and KAMAZ")
    return metric.get_by_test_id("stMetricValue")


def usd(rate: float) -> str:
    """The investment card's value at `rate` roubles per dollar."""
    return format_money(INVESTMENT_RUB / rate, "USD")


def slider(page: Page, currency: str) -> Locator:
    return page.get_by_role("slider", name=f"RUB per {currency}")
