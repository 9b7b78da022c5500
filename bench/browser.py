"""The dashboard in Debian's Chromium against a bare Streamlit app (bench/bare_app.py), in one run.

What is measured, and how "on screen" is decided:
- cold start: from starting `streamlit run` until the first page shows its charts (every Plotly chart
  has a drawn trace) and its converted amount, with the script run finished. It is a restart on
  data that passed its checks before (moskvich.dataset.validate's cache); the first start after a change of
  the data checks it again, about half a second more;
- slider to screen: from the key press (End, then Home, in turn) on the USD slider until the page
  has finished its run, no element is stale (Streamlit greys out what the run has not redrawn yet)
  and every text that depends on the rate shows the new value: the metrics and every text drawn in
  every rate-dependent chart (bar labels, reference-line labels), taken from the chart registry at
  the new rate. It is timed inside the page, from the keydown event to the DOM change that
  completes the picture. Each page is measured against the bare app with one chart and the bare
  app with as many charts as the page redraws on a move (`?charts=N`); the moves of the three are
  interleaved, so all see the same machine;
- page switch: from the click on a page's link in the sidebar until that page's run has finished,
  its title is shown and each of its Plotly charts has a drawn trace, timed inside the page;
- server-side rerun: AppTest run of each page after a slider move, median of 30;
- memory: server RSS with one session that has seen every page, then with 20 more sessions open;
- load: those 20 sessions each move the slider 10 times, all at once. They are on the Overview, the
  page people land on: the 20 tabs share the machine's CPUs with the server, and on the heavier pages
  the browser's drawing, not the server, would be measured.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit
from playwright.async_api import Browser, Page, async_playwright
from streamlit.testing.v1 import AppTest

from moskvich.dataset.load import load_dataset
from moskvich.domain.controls import moves_anything
from moskvich.domain.headlines import headline_metrics
from moskvich.domain.model import Model, build
from moskvich.domain.pages import PAGE_PATHS
from moskvich.domain.settings import Settings
from moskvich.plots import charts_for, charts_shown
from moskvich.ui.web import PAGES
from tests.browser.harness import CHROMIUM_ARGS, ROOT, VIEWPORT, Server, streamlit_server

BARE_APP = "bench/bare_app.py"
HIGH, LOW = 150.0, 30.0  # where End and Home put the USD slider
BARE_START = 61.59  # bare_app.py's default
IDLE = 3  # seconds to let the server settle before reading its memory
MOVES = 30
WARM_UP = 2
COLD_STARTS = 3
SESSIONS = 20
LOAD_MOVES = 10
SWITCH_ROUNDS = 6  # times round every page by its sidebar link
GOALS = {
    "cold_start_ratio": 1.3,
    "slider_median_ratio": 1.0,
    "slider_p95_ms": 200,
    "bytes_ratio": 2.0,
    "switch_median_ms": 350,
    "rerun_ms": 25,
    "mb_per_session": 5,
    "load_p95_ms": 1500,
}
LAST_RUN = ROOT / "docs" / "performance.json"  # what `make bench` recorded last, for the regression line
SLOWER = 1.2  # a page this much slower than in the last recorded run is named

# Until the run is over, nothing is stale and every marker text is on the page.
DRAWN_JS = """([charts, markers]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  const drawn = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .filter((chart) => chart.querySelector(".main-svg .trace"));
  const text = document.body.textContent;
  return drawn.length === charts && markers.every((marker) => text.includes(marker));
}"""

# Counts the script runs the server reports finished: one ForwardMsg per WebSocket message, and a
# finished run is a message with field 6 (script_finished). A fast run can reach React in one batch
# with its start, so that the page never shows "running"; this count still sees it. It is raised
# after Streamlit's own handler has dealt with the message.
RUNS_JS = """(() => {
  const finished = (buffer) => {
    const bytes = new Uint8Array(buffer);
    let i = 0;
    const varint = () => {
      let value = 0, shift = 0, byte;
      do { byte = bytes[i++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
      return value;
    };
    while (i < bytes.length) {
      const tag = varint();
      if (tag >>> 3 === 6) return true;
      const wire = tag & 7;
      if (wire === 0) varint();
      else if (wire === 2) { const length = varint(); i += length; }
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else return false;
    }
    return false;
  };
  window.__runsFinished = 0;
  window.__bytes = 0;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data instanceof ArrayBuffer) window.__bytes += event.data.byteLength;
        if (event.data instanceof ArrayBuffer && finished(event.data)) {
          setTimeout(() => { window.__runsFinished += 1; });
        }
      });
    }
  };
})();"""

# Installed before a key press; window.__moved resolves to the milliseconds from the keydown until a
# run has finished, the page shows it (nothing stale, still running or not yet drawn) and every
# marker is on the page, and the bytes the page received over its WebSocket meanwhile. Checked on
# every DOM change, and every 5 ms for a run that changes nothing.
MOVE_JS = """(markers) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const before = window.__runsFinished;
  const bytes = window.__bytes;
  window.__moved = new Promise((resolve, reject) => {
    let start = null;
    const check = () => {
      if (start === null || window.__runsFinished === before) return;
      if (app.getAttribute("data-test-script-state") !== "notRunning") return;
      if (document.querySelector('[data-stale="true"]')) return;
      const text = document.body.textContent;
      if (!markers.every((marker) => text.includes(marker))) return;
      stop();
      resolve([performance.now() - start, window.__bytes - bytes]);
    };
    const observer = new MutationObserver(check);
    const poll = setInterval(check, 5);
    const timeout = setTimeout(() => { stop(); reject(new Error("not settled within 30 s")); }, 30000);
    const stop = () => { observer.disconnect(); clearInterval(poll); clearTimeout(timeout); };
    addEventListener("keydown", () => { start = performance.now(); }, { capture: true, once: true });
    const all = { subtree: true, childList: true, attributes: true, characterData: true };
    observer.observe(document.body, all);
  });
}"""


# Installed before a click on a sidebar link; window.__switched resolves to the milliseconds from the
# click until a run has finished on the new page, its title shows, nothing is stale and each of its
# `charts` Plotly charts has a drawn trace.
SWITCH_JS = """([title, charts]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const before = window.__runsFinished;
  window.__switched = new Promise((resolve, reject) => {
    let start = null;
    const check = () => {
      if (start === null || window.__runsFinished === before) return;
      if (app.getAttribute("data-test-script-state") !== "notRunning") return;
      if (document.querySelector('[data-stale="true"]')) return;
      const heading = document.querySelector('[data-testid="stMain"] h1');
      if (!heading || heading.textContent.trim() !== title) return;
      const drawn = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
        .filter((chart) => chart.querySelector(".main-svg .trace"));
      if (drawn.length !== charts) return;
      stop();
      resolve(performance.now() - start);
    };
    const observer = new MutationObserver(check);
    const poll = setInterval(check, 5);
    const timeout = setTimeout(() => { stop(); reject(new Error("not drawn within 30 s")); }, 30000);
    const stop = () => { observer.disconnect(); clearInterval(poll); clearTimeout(timeout); };
    addEventListener("click", () => { start = performance.now(); }, { capture: true, once: true });
    const all = { subtree: true, childList: true, attributes: true, characterData: true };
    observer.observe(document.body, all);
  });
}"""


def _figure_texts(figure) -> set[str]:
    """The texts drawn in a figure, each line of a label apart, as they are in the page's text."""
    texts = {a.text for a in figure.layout.annotations if a.text}
    for trace in figure.data:
        text = getattr(trace, "text", None)
        if isinstance(text, str):
            texts.add(text)
        elif text is not None:
            texts.update(str(t) for t in text)
    return {line for text in texts for line in text.split("<br>") if line}


def _texts_at(model: Model, page: str, usd: float) -> set[str]:
    ctx = model.context(Settings.following("USD", usd))  # a slider move: the others follow
    texts = {m.value for m in headline_metrics(ctx)} if page == "overview" else set()
    for chart in charts_for(page):
        if chart.uses_rates:
            texts |= _figure_texts(chart.draw(ctx).figure)
    return texts


@dataclass(frozen=True)
class Target:
    """A page to measure: its path, its number of charts, the texts that show each USD rate."""

    name: str
    path: str
    charts: int
    start: float  # the USD rate it opens with
    markers: dict[float, list[str]]
    redrawn: int = 1  # charts a slider move redraws: the bare app to measure it against has as many


def _targets(model: Model) -> list[Target]:
    out = []
    start = model.presets[0].rates.usd  # where the sliders rest
    for spec in PAGES:
        at = {usd: _texts_at(model, spec.key, usd) for usd in (HIGH, LOW, start)}
        # A text both rates show cannot tell that the page has caught up.
        markers = {
            HIGH: sorted(at[HIGH] - at[LOW]),
            LOW: sorted(at[LOW] - at[HIGH]),
            start: sorted(at[start]),
        }
        redrawn = sum(c.uses_rates for c in charts_shown(spec.key))
        charts = len(charts_shown(spec.key))
        # At the reader's rates from the start, as a slider move leaves them: with none chosen, the
        # charts draw no line of a chosen rate to wait for.
        path = f"{PAGE_PATHS[spec.key]}?rub_per_usd={start:g}"
        out.append(Target(spec.key, path, charts, start, markers, redrawn))
    return out


def _bare(charts: int) -> Target:
    """bench/bare_app.py with `charts` bar charts; its markers are the text and every bar label."""
    markers = {
        usd: sorted({f"${5e9 * i / usd / 1e6:.1f}M" for i in range(1, charts + 1)})
        for usd in (HIGH, LOW, BARE_START)
    }
    return Target(f"bare_{charts}", f"?charts={charts}", charts, BARE_START, markers, charts)


BARE = _bare(1)


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[94]


def _summary(samples: list[float]) -> dict:
    return {
        "median": statistics.median(samples),
        "p95": _p95(samples),
        "samples": [round(s, 1) for s in samples],
    }


async def _open(browser: Browser, base: str, target: Target, timeout: float = 60_000) -> Page:
    context = await browser.new_context(viewport=VIEWPORT)
    await context.add_init_script(RUNS_JS)
    page = await context.new_page()
    await _goto(page, base, target, timeout)
    await page.get_by_role("slider", name="RUB per USD").focus()
    return page


async def _goto(page: Page, base: str, target: Target, timeout: float = 60_000) -> None:
    await page.goto(f"{base}/{target.path}", timeout=timeout)
    await page.wait_for_function(DRAWN_JS, arg=[target.charts, target.markers[target.start]], timeout=timeout)


async def _move(page: Page, key: str, markers: list[str]) -> float:
    return (await _move_and_bytes(page, key, markers))[0]


async def _move_and_bytes(page: Page, key: str, markers: list[str]) -> tuple[float, int]:
    """Slider to screen in ms, and the bytes received over the WebSocket until then."""
    await page.evaluate(MOVE_JS, markers)
    await page.keyboard.press(key)
    ms, received = await page.evaluate("() => window.__moved")
    return ms, received


def _keys(count: int) -> list[tuple[str, float]]:
    return [("End", HIGH) if i % 2 == 0 else ("Home", LOW) for i in range(count)]


async def _cold_start(browser: Browser, script: str, target: Target) -> float:
    with streamlit_server(script, log_name="bench-cold.log") as server:
        page = await _open(browser, server.url, target)
        elapsed = time.perf_counter() - server.started
        await page.context.close()
    return elapsed


async def _cold_starts(browser: Browser, overview: Target) -> dict:
    times = {"dashboard": [], "bare": []}
    for _ in range(COLD_STARTS):  # alternated, so drift in the machine's load hits both alike
        times["dashboard"].append(await _cold_start(browser, "app.py", overview))
        times["bare"].append(await _cold_start(browser, BARE_APP, BARE))
    return {name: {"median": statistics.median(t), "samples": t} for name, t in times.items()}


async def _slider_to_screen(browser: Browser, targets: list[Target]) -> dict:
    """Per page: its moves, and those of the bare app with one chart and with as many as the page
    redraws ("matching"), in turn."""
    out = {}
    with (
        streamlit_server(log_name="bench-app.log") as app,
        streamlit_server(BARE_APP, log_name="bench-bare.log") as bare,
    ):
        bare_pages = {1: await _open(browser, bare.url, BARE)}
        for target in targets:
            matching = max(target.redrawn, 1)
            if matching not in bare_pages:
                bare_pages[matching] = await _open(browser, bare.url, _bare(matching))
            floors = {n: _bare(n) for n in sorted({1, matching})}
            page = await _open(browser, app.url, target)
            mine: list[float] = []
            mine_bytes: list[int] = []
            floor: dict[int, list[float]] = {n: [] for n in floors}
            floor_bytes: dict[int, list[int]] = {n: [] for n in floors}
            for i, (key, usd) in enumerate(_keys(WARM_UP + MOVES)):
                ms, received = await _move_and_bytes(page, key, target.markers[usd])
                bare_ms = {
                    n: await _move_and_bytes(bare_pages[n], key, b.markers[usd]) for n, b in floors.items()
                }
                if i >= WARM_UP:
                    mine.append(ms)
                    mine_bytes.append(received)
                    for n, (value, got) in bare_ms.items():
                        floor[n].append(value)
                        floor_bytes[n].append(got)
            await page.context.close()
            out[target.name] = {
                "redrawn": target.redrawn,
                "dashboard": {**_summary(mine), "bytes_median": statistics.median(mine_bytes)},
                "bare": {**_summary(floor[1]), "bytes_median": statistics.median(floor_bytes[1])},
                "bare_matching": {
                    "charts": matching,
                    **_summary(floor[matching]),
                    "bytes_median": statistics.median(floor_bytes[matching]),
                },
            }
        for bare_page in bare_pages.values():
            await bare_page.context.close()
    return out


async def _page_switches(browser: Browser, targets: list[Target]) -> dict:
    """Round the pages by their sidebar links, SWITCH_ROUNDS times; the times per page switched to."""
    titles = {p.key: p.title for p in PAGES}
    times: dict[str, list[float]] = {t.name: [] for t in targets}
    with streamlit_server(log_name="bench-switch.log") as app:
        page = await _open(browser, app.url, targets[0])
        sidebar = page.get_by_test_id("stSidebar")
        for _ in range(SWITCH_ROUNDS):
            for target in [*targets[1:], targets[0]]:
                await page.evaluate(SWITCH_JS, [titles[target.name], target.charts])
                await sidebar.get_by_role("link", name=titles[target.name], exact=True).click()
                times[target.name].append(await page.evaluate("() => window.__switched"))
        await page.context.close()
    return {name: _summary(t) for name, t in times.items()}


def _rss_mb(server: Server) -> float:
    status = Path(f"/proc/{server.process.pid}/status").read_text()
    kilobytes = next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))
    return int(kilobytes) / 1024


async def _memory_and_load(browser: Browser, script: str, targets: list[Target]) -> dict:
    errors: list[str] = []
    with streamlit_server(script, log_name=f"bench-load-{Path(script).stem}.log") as server:
        started = _rss_mb(server)
        first = await _open(browser, server.url, targets[0])
        for target in targets[1:]:  # one session sees every page, so what all sessions share is loaded
            await _goto(first, server.url, target)
        await asyncio.sleep(IDLE)
        at_rest = _rss_mb(server)
        sessions = [targets[0]] * SESSIONS
        pages = [await _open(browser, server.url, t) for t in sessions]
        for page in pages:
            page.on("pageerror", lambda err: errors.append(str(err)))
        await asyncio.sleep(IDLE)
        loaded = _rss_mb(server)

        async def moves(page: Page, target: Target) -> list[float]:
            out = []
            for key, usd in _keys(LOAD_MOVES):
                try:
                    out.append(await _move(page, key, target.markers[usd]))
                except Exception as err:  # a move whose screen never settles is an error
                    errors.append(f"{target.name}: {err}")
            return out

        results = await asyncio.gather(*(moves(p, t) for p, t in zip(pages, sessions, strict=True)))
        for page in (*pages, first):
            if await page.get_by_test_id("stException").count():
                errors.append(f"error box on {page.url}")
            await page.context.close()
        errors.extend(line for line in server.log_text().splitlines() if "Traceback" in line)
    samples = [ms for r in results for ms in r]
    return {
        "rss_started_mb": started,
        "rss_at_rest_mb": at_rest,
        "rss_sessions_mb": loaded,
        "mb_per_session": (loaded - at_rest) / SESSIONS,
        "load": {**_summary(samples), "moves": len(samples), "errors": errors},
    }


def _reruns() -> dict:
    def timed(at: AppTest, slider) -> dict:
        at.run()
        samples = []
        for key, usd in _keys(MOVES):
            slider().set_value(usd)
            start = time.perf_counter()
            at.run()
            samples.append((time.perf_counter() - start) * 1000)
            assert not at.exception, f"{key}: {at.exception}"
        return _summary(samples)

    out = {}
    for spec in PAGES:
        if not moves_anything(spec.key):
            continue
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        at.switch_page(spec.file)
        out[spec.key] = timed(at, lambda at=at: at.slider(key="rub_per_usd_slider"))
    bare = AppTest.from_file(str(ROOT / BARE_APP), default_timeout=60)
    out["bare"] = timed(bare, lambda: bare.slider[0])
    return out


async def _measure() -> dict:
    chromium = shutil.which("chromium")
    if not chromium:
        raise SystemExit("Chromium not found; install it with `sudo apt-get install chromium` (Debian)")
    targets = _targets(build(load_dataset()))
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        cold = await _cold_starts(browser, targets[0])
        # A page that the rates move nothing on offers no rate control to move.
        slider = await _slider_to_screen(browser, [t for t in targets if moves_anything(t.name)])
        switches = await _page_switches(browser, targets)
        memory = {
            "dashboard": await _memory_and_load(browser, "app.py", targets),
            "bare": await _memory_and_load(browser, BARE_APP, [BARE]),
        }
        version = browser.version
        await browser.close()
    return {
        "chromium": version,
        "streamlit": streamlit.__version__,
        "cold_start_s": cold,
        "slider_to_screen_ms": slider,
        "page_switch_ms": switches,
        "rerun_ms": _reruns(),
        "memory": memory,
    }


def _last_run() -> dict:
    """The browser numbers `make bench` recorded last, before this run replaces them."""
    try:
        return json.loads(LAST_RUN.read_text(encoding="utf-8")).get("browser", {})
    except (OSError, ValueError):
        return {}


def _per_page(n: dict) -> dict[str, float]:
    """Each page's medians that the regression line compares: slider to screen, page switch, rerun."""
    out = {}
    for page, m in n.get("slider_to_screen_ms", {}).items():
        out[f"{page}: slider to screen"] = m["dashboard"]["median"]
    for page, m in n.get("page_switch_ms", {}).items():
        out[f"{page}: page switch"] = m["median"]
    for page, m in n.get("rerun_ms", {}).items():
        if page != "bare":
            out[f"{page}: server-side rerun"] = m["median"]
    return out


def slower_than_last(now: dict, last: dict) -> list[str]:
    """The pages' measures more than 20 % slower than in the last recorded run, by name."""
    before = _per_page(last)
    return [
        f"{name} {before[name]:,.1f} ms -> {value:,.1f} ms (+{value / before[name] - 1:.0%})"
        for name, value in _per_page(now).items()
        if name in before and before[name] > 0 and value > before[name] * SLOWER
    ]


def run() -> tuple[str, dict]:
    last = _last_run()
    start = {"load_average": list(os.getloadavg()), "cpus": os.cpu_count()}
    numbers = {"at_start": start, **asyncio.run(_measure())}
    numbers["slower_than_last"] = slower_than_last(numbers, last)
    if numbers["slower_than_last"]:
        print(f"slower than the last recorded run (by more than {SLOWER - 1:.0%}):")
        for line in numbers["slower_than_last"]:
            print(f"  {line}")
    return _markdown(numbers), numbers


def _ms(value: float) -> str:
    return f"{value:,.0f} ms"


def _mb(value: float) -> str:
    return f"{value:,.1f} MB"


def _charts(count: int) -> str:
    return f"{count} chart{'' if count == 1 else 's'}"


def _met(ok: bool) -> str:
    return "yes" if ok else "**no**"


def _markdown(n: dict) -> str:
    titles = {p.key: p.title for p in PAGES}
    rows = []
    cold = n["cold_start_s"]
    ratio = cold["dashboard"]["median"] / cold["bare"]["median"]
    rows.append(
        (
            f"Cold start until the Overview is drawn (median of {COLD_STARTS})",
            f"{cold['dashboard']['median']:.2f} s",
            f"{cold['bare']['median']:.2f} s",
            f"{ratio:.2f}x",
            f"≤ {GOALS['cold_start_ratio']}x bare",
            _met(ratio <= GOALS["cold_start_ratio"]),
        )
    )
    for page, m in n["slider_to_screen_ms"].items():
        mine, one, matching = m["dashboard"], m["bare"], m["bare_matching"]
        ratio = mine["median"] / matching["median"]
        charts = matching["charts"]
        floor = f"{_ms(matching['median'])} ({charts} chart{'s' if charts > 1 else ''})"
        if charts > 1:
            floor += f"; {_ms(one['median'])} (1 chart)"
        rows.append(
            (
                f"Slider to screen, {titles[page]} (redraws {_charts(m['redrawn'])}), median of {MOVES}",
                _ms(mine["median"]),
                floor,
                f"{ratio:.2f}x",
                f"≤ {GOALS['slider_median_ratio']}x the bare app with {_charts(charts)}",
                _met(ratio <= GOALS["slider_median_ratio"]),
            )
        )
        rows.append(
            (
                f"Slider to screen, {titles[page]}, 95th percentile",
                _ms(mine["p95"]),
                _ms(matching["p95"]),
                f"{mine['p95'] / matching['p95']:.2f}x",
                f"< {GOALS['slider_p95_ms']} ms",
                _met(mine["p95"] < GOALS["slider_p95_ms"]),
            )
        )
        received = mine["bytes_median"] / matching["bytes_median"]
        rows.append(
            (
                f"Data received per move, {titles[page]}, median",
                f"{mine['bytes_median'] / 1024:.1f} KB",
                f"{matching['bytes_median'] / 1024:.1f} KB ({_charts(charts)})",
                f"{received:.2f}x",
                f"≤ {GOALS['bytes_ratio']:g}x the bare app",
                _met(received <= GOALS["bytes_ratio"]),
            )
        )
    for page, m in n["page_switch_ms"].items():
        rows.append(
            (
                f"Page switch to {titles[page]} from the sidebar until its charts are drawn, median of "
                f"{SWITCH_ROUNDS}",
                _ms(m["median"]),
                "",
                "",
                f"< {GOALS['switch_median_ms']} ms",
                _met(m["median"] < GOALS["switch_median_ms"]),
            )
        )
    reruns = n["rerun_ms"]
    bare = reruns["bare"]["median"]
    heaviest = max((p for p in reruns if p != "bare"), key=lambda p: reruns[p]["median"])
    for page, m in reruns.items():
        if page == "bare":
            continue
        goal = page == heaviest
        rows.append(
            (
                f"Server-side rerun (AppTest), {titles[page]}, median of {MOVES}",
                f"{m['median']:.1f} ms",
                f"{bare:.1f} ms",
                f"{m['median'] / bare:.1f}x",
                f"< {GOALS['rerun_ms']} ms on the heaviest page" if goal else "",
                _met(m["median"] < GOALS["rerun_ms"]) if goal else "",
            )
        )
    mine, floor = n["memory"]["dashboard"], n["memory"]["bare"]
    for key, label in (
        ("rss_started_mb", "Server RSS after start-up"),
        ("rss_at_rest_mb", "Server RSS at rest, one session that has seen every page"),
        ("rss_sessions_mb", f"Server RSS with {SESSIONS} more sessions open"),
    ):
        rows.append((label, _mb(mine[key]), _mb(floor[key]), "", "", ""))
    rows.append(
        (
            "Memory per extra session",
            _mb(mine["mb_per_session"]),
            _mb(floor["mb_per_session"]),
            "",
            f"≤ {GOALS['mb_per_session']} MB",
            _met(mine["mb_per_session"] <= GOALS["mb_per_session"]),
        )
    )
    load, floor_load = mine["load"], floor["load"]
    rows.append(
        (
            f"Load, {SESSIONS} sessions on the Overview x {LOAD_MOVES} slider moves at once: errors",
            str(len(load["errors"])),
            str(len(floor_load["errors"])),
            "",
            "none",
            _met(not load["errors"]),
        )
    )
    rows.append(
        (
            "Load: slider to screen, median",
            _ms(load["median"]),
            _ms(floor_load["median"]),
            f"{load['median'] / floor_load['median']:.2f}x",
            "",
            "",
        )
    )
    rows.append(
        (
            "Load: slider to screen, 95th percentile",
            _ms(load["p95"]),
            _ms(floor_load["p95"]),
            f"{load['p95'] / floor_load['p95']:.2f}x",
            f"< {GOALS['load_p95_ms'] / 1000:g} s",
            _met(load["p95"] < GOALS["load_p95_ms"]),
        )
    )
    notes = []
    if mine["mb_per_session"] < 0:
        notes.append(
            "Memory per extra session is below zero: the server's resident memory fell while the "
            "sessions opened, so what a session keeps is smaller than that noise."
        )
    slower = n.get("slower_than_last", [])
    if slower:
        notes.append(
            f"More than {SLOWER - 1:.0%} slower than the last recorded run: " + "; ".join(slower) + "."
        )
    else:
        notes.append(f"No page is more than {SLOWER - 1:.0%} slower than in the last recorded run.")
    goals = [r[5] for r in rows if r[5]]
    table = ["| Measure | Dashboard | Bare app | Ratio | Goal | Met |", "|---|--:|--:|--:|---|---|"]
    table += ["| " + " | ".join(r) + " |" for r in rows]
    errors = [*load["errors"], *floor_load["errors"]]
    return "\n".join(
        [
            "## In the browser: the dashboard against a bare Streamlit app",
            "",
            f"Chromium {n['chromium']}, Streamlit {n['streamlit']}, both apps served by `streamlit run` "
            f"on this machine and measured in this run; {n['at_start']['cpus']} CPUs, load average "
            + " / ".join(f"{x:.2f}" for x in n["at_start"]["load_average"])
            + " (1, 5, 15 min) at the start. The bare app (`bench/bare_app.py`) has one slider, "
            "one `st.write` of the converted amount and one Plotly bar chart, or with `?charts=N` N of "
            "them: the floor that Streamlit and Plotly set. Slider to screen is timed in the page from the "
            "key press (End and Home in turn on the USD slider) until the run has finished, nothing is "
            "stale and every rate-dependent number and chart label shows the new rate, on the pages that "
            "offer rate controls (Production and Sources & data show no money, so they offer none); the "
            "data received per move is what the page's WebSocket received meanwhile; each page is "
            "measured against the bare app with as many charts as the page redraws on a move (at least "
            "one), and those moves and the one-chart bare app's are interleaved with the page's. A page "
            "switch is timed in the page from the click on its link in the sidebar until its run has "
            "finished, its title shows and each of its charts is drawn, going round the pages in order. "
            "Server-side reruns are AppTest runs of the whole page after a slider move (in the browser a "
            "move reruns only the page's rates fragment). A cold start is a restart on data "
            "that passed its checks before; the first start after the data changed checks it again (about "
            "0.5 s more). Raw samples are in `docs/performance.json`.",
            "",
            *table,
            "",
            *(f"{note}\n" for note in notes),
            f"Goals met: {goals.count('yes')} of {len(goals)}."
            + (f" Errors under load: {'; '.join(errors[:5])}." if errors else ""),
        ]
    )
