"""Export speed, all measured in one run so the ratios compare like with like.

- Command line: `python -m moskvich export --format png` for every chart, from starting the process
  until it exits. Each PNG's modification time (set when it is written, kept when the finished
  batch is moved into place) gives the time to the first image and the time between images.
- Plain calls: the same decorated figures written one by one with `fig.write_image`, as code without
  a kept browser would; each call starts a browser of its own.
- In the app: the function a chart's PNG button calls, clicked twice per chart in this process; the
  first click of all starts the shared browser.
"""

from __future__ import annotations

import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from moskvich.dataset.load import load_dataset
from moskvich.domain.model import build
from moskvich.domain.settings import Settings
from moskvich.plots import CHARTS
from moskvich.publish import browser
from moskvich.publish.export.drawing import PNG_SCALE, WIDTH, decorate
from moskvich.publish.export.formats import render

ROOT = Path(__file__).resolve().parent.parent
CLI_RUNS = 3
GOALS = {"first_image_s": 3.0, "per_image_s": 0.25, "batch_speedup": 3.0, "app_second_png_s": 0.5}


def cli_run(folder: Path) -> dict:
    """One command-line run; each image's write time comes from its file's modification time."""
    start_wall, start = time.time(), time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "moskvich", "export", "--out", str(folder), "--format", "png"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    total = time.perf_counter() - start
    times = sorted(p.stat().st_mtime - start_wall for p in folder.glob("*.png"))
    assert len(times) == len(CHARTS), f"found {len(times)} of {len(CHARTS)} images"
    gaps = [b - a for a, b in itertools.pairwise(times)]
    return {"total_s": total, "first_image_s": times[0], "per_image_s": statistics.median(gaps)}


def plain_calls(folder: Path, ctx, day: date) -> list[float]:
    """One `fig.write_image` per chart, of the same decorated figure the command line draws."""
    seconds = []
    for chart in CHARTS.values():
        figure = decorate(chart, chart.draw(ctx), ctx, day)
        start = time.perf_counter()
        size = {"width": WIDTH, "height": figure.layout.height, "scale": PNG_SCALE}
        figure.write_image(folder / f"{chart.id}.png", **size)
        seconds.append(time.perf_counter() - start)
    return seconds


def app_clicks(ctx, day: date) -> tuple[float, list[float]]:
    """The PNG button's function, twice per chart: (first click of all, every second click)."""
    first, second = None, []
    for chart in CHARTS.values():
        drawn = chart.draw(ctx)
        for click in (1, 2):
            start = time.perf_counter()
            data = render(chart, drawn, ctx, "png", day)
            took = time.perf_counter() - start
            assert data.startswith(b"\x89PNG")
            if first is None:
                first = took
            elif click == 2:
                second.append(took)
    assert first is not None
    return first, second


def run() -> tuple[str, dict]:
    load = os.getloadavg()[0]
    model = build(load_dataset())
    ctx = model.context(Settings())
    day = date.today()
    with tempfile.TemporaryDirectory() as tmp:
        cli = [cli_run(Path(tmp) / f"cli{i}") for i in range(CLI_RUNS)]
        plain = plain_calls(Path(tmp), ctx, day)
    app_first, app_second = app_clicks(ctx, day)

    n = len(CHARTS)
    cli_total = statistics.median(r["total_s"] for r in cli)
    numbers = {
        "charts": n,
        "tabs": browser.TABS,
        "load_average_at_start": round(load, 2),
        "cli_runs": cli,
        "cli_total_s": cli_total,
        "first_image_s": statistics.median(r["first_image_s"] for r in cli),
        "per_image_s": statistics.median(r["per_image_s"] for r in cli),
        "plain_calls_s": plain,
        "plain_total_s": sum(plain),
        "plain_per_call_s": statistics.median(plain),
        "batch_speedup": sum(plain) / cli_total,
        "app_first_png_s": app_first,
        "app_second_png_s": statistics.median(app_second),
        "app_second_png_max_s": max(app_second),
    }
    met = {
        "first_image_s": numbers["first_image_s"] <= GOALS["first_image_s"],
        "per_image_s": numbers["per_image_s"] <= GOALS["per_image_s"],
        "batch_speedup": numbers["batch_speedup"] >= GOALS["batch_speedup"],
        "app_second_png_s": numbers["app_second_png_s"] <= GOALS["app_second_png_s"],
    }
    numbers["goals_met"] = met

    def mark(key: str) -> str:
        return "met" if met[key] else "**missed**"

    second = f"{numbers['app_second_png_s']:.3f} s (max {max(app_second):.3f} s)"

    markdown = f"""## Export

Written by `bench/export.py`: {n} charts as PNG ({WIDTH * PNG_SCALE} px wide), kaleido
with one kept browser of {browser.TABS} tab(s), against plain `fig.write_image` calls in the same run.
Load average when it started: {load:.2f}. Medians of {CLI_RUNS} command-line runs.

| What | Measured | Goal | |
|---|---|---|---|
| Command line, all {n} charts, start to exit | {cli_total:.2f} s | | |
| {n} plain `fig.write_image` calls | {sum(plain):.2f} s ({statistics.median(plain):.2f} s each) | | |
| Speed-up, plain ÷ command line | {numbers["batch_speedup"]:.1f}x | ≥ 3x | {mark("batch_speedup")} |
| First image, from the command's start | {numbers["first_image_s"]:.2f} s | ≤ 3 s | {mark("first_image_s")} |
| Each image after the first | {numbers["per_image_s"]:.3f} s | ≤ 0.25 s | {mark("per_image_s")} |
| In the app, first PNG click (starts the browser) | {app_first:.2f} s | | |
| In the app, second PNG click of a chart | {second} | ≤ 0.5 s | {mark("app_second_png_s")} |

The in-app times are of the function the button calls (making the file); the page's round trip to
the browser comes on top."""
    return markdown, numbers
