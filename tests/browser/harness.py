"""The real app in Debian's Chromium: start `streamlit run` on a free port, open pages, wait for reruns.

Shared by the browser tests (tests/browser/conftest.py) and the benchmark (bench/browser.py).
Nothing here downloads a browser: Playwright drives the `chromium` on the PATH.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Locator, Page, Playwright, expect

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
PAGE_PATHS = {
    "overview": "",
    "production": "production",
    "market": "market",
    "money": "money",
    "exchange_rates": "exchange_rates",
    "sources": "sources",
}


def launch_chromium(playwright: Playwright, path: str | None = None) -> Browser:
    return playwright.chromium.launch(executable_path=path or shutil.which("chromium"), args=CHROMIUM_ARGS)


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


@contextmanager
def streamlit_server(
    script: str = "app.py",
    log_name: str = "server.log",
    timeout: float = 60,
    env: dict[str, str] | None = None,
) -> Iterator[Server]:
    """`streamlit run <script>` from the repository root, yielded once its health check answers;
    `env` adds to the environment it runs in."""
    port = free_port()
    OUTPUT.mkdir(exist_ok=True)
    log = OUTPUT / log_name
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
            while not _ready(url):
                if process.poll() is not None:
                    raise RuntimeError(f"streamlit exited with {process.returncode}:\n{log.read_text()}")
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"streamlit did not answer within {timeout:g} s:\n{log.read_text()}")
                time.sleep(0.05)
            yield Server(url, process, log, started)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for_app(page: Page, timeout: float = 30_000) -> None:
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


def open_page(page: Page, url: str, charts: int, timeout: float = 30_000) -> None:
    """Load a page of the app and wait until its title and its `charts` Plotly charts are drawn.

    Charts are loaded lazily: the run can finish before the first chart exists, so their number
    must be known.
    """
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=timeout)
    wait_for_app(page, timeout)
    expect_charts_drawn(page, charts, timeout)


def expect_charts_drawn(page: Page, charts: int, timeout: float = 30_000) -> None:
    """Exactly `charts` Plotly charts, each with at least one trace drawn."""
    located = page.get_by_test_id("stPlotlyChart")
    expect(located).to_have_count(charts, timeout=timeout)
    for chart in located.all():
        expect(chart.locator(".main-svg .trace").first).to_be_attached(timeout=timeout)


def chart(page: Page, chart_id: str) -> Locator:
    """A registry chart on the page, found by its key; not a stale copy kept on screen during a rerun."""
    return page.locator(f'.st-key-chart_{chart_id}[data-stale="false"]')
