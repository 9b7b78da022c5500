"""Chart images at their addresses (`/chart/<id>.png`, moskvich.publish.routes), all in one run of one
`streamlit run app.py` with the default bound (2 renders at a time, 6 waiting):

- first: the first PNG of a fresh server (the data is checked and the browser started);
- fresh: a PNG at settings not asked for before, one after another, so each is drawn;
- cached: the same address again, served from the cache;
- revalidated: the same address with the ETag the client has (304, no body);
- concurrent: 16 clients at once (each its own X-Forwarded-For, so no client's allowance is the
  limit), each asking for a fresh PNG: how many the bound lets in, how long they take, how many are
  told to come back (429), and the time until every answer is in.
"""

from __future__ import annotations

import statistics
import threading
import time
import urllib.error
import urllib.request

from moskvich.publish.limits import Config
from tests.browser.harness import streamlit_server

CHART = "production_by_year"
FRESH, CACHED, CONCURRENT = 8, 30, 16


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, float, dict[str, str]]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, headers=headers or {}), timeout=300
        ) as answer:
            answer.read()
            return answer.status, time.perf_counter() - started, dict(answer.headers)
    except urllib.error.HTTPError as err:
        err.read()
        return err.code, time.perf_counter() - started, dict(err.headers)


def _measure(base: str) -> dict:
    png = f"{base}/chart/{CHART}.png"
    status, first, _ = _get(f"{png}?rub_per_usd=60")
    assert status == 200
    fresh = []
    for n in range(FRESH):
        status, seconds, _ = _get(f"{png}?rub_per_usd={61 + n}")
        assert status == 200
        fresh.append(seconds)
    cached = []
    for _ in range(CACHED):
        status, seconds, headers = _get(f"{png}?rub_per_usd=61")
        cached.append(seconds)
    etag = headers["etag"]
    revalidated = [_get(f"{png}?rub_per_usd=61", {"If-None-Match": etag})[1] for _ in range(CACHED)]
    answers: list[tuple[int, float]] = []
    start = threading.Barrier(CONCURRENT)

    def ask(n: int) -> None:
        start.wait()
        status, seconds, _ = _get(f"{png}?rub_per_usd={100 + n}", {"X-Forwarded-For": f"198.51.100.{n}"})
        answers.append((status, seconds))

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(CONCURRENT)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    made = [s for status, s in answers if status == 200]
    refused = [s for status, s in answers if status == 429]
    return {
        "first_png_s": first,
        "fresh_png_median_s": statistics.median(fresh),
        "cached_png_median_ms": statistics.median(cached) * 1000,
        "revalidated_median_ms": statistics.median(revalidated) * 1000,
        "fresh_per_cached": statistics.median(fresh) / statistics.median(cached),
        "concurrent": {
            "asked": CONCURRENT,
            "drawn": len(made),
            "refused_429": len(refused),
            "bound": Config().slots + Config().queue,
            "drawn_median_s": statistics.median(made) if made else None,
            "drawn_max_s": max(made) if made else None,
            "refused_median_ms": statistics.median(refused) * 1000 if refused else None,
            "all_answered_s": wall,
        },
    }


def run() -> tuple[str, dict]:
    env = {"MOSKVICH_RENDER_LIMIT": "100000/1"}  # one client asks for every fresh image but the last part
    with streamlit_server(log_name="server-bench-routes.log", env=env, timeout=180) as server:
        n = _measure(server.url)
    c = n["concurrent"]
    markdown = f"""## Chart images at their addresses

`/chart/{CHART}.png` from one `streamlit run app.py` (moskvich.publish.routes), the default bound of
{Config().slots} renders at a time and {Config().queue} waiting (`bench/routes.py`).

| request | time |
|---|---|
| first PNG of a fresh server (data checked, browser started) | {n["first_png_s"]:.2f} s |
| fresh PNG (new settings), median of {FRESH} | {n["fresh_png_median_s"] * 1000:,.0f} ms |
| cached PNG (same address), median of {CACHED} | {n["cached_png_median_ms"]:.1f} ms |
| revalidated (ETag, 304), median of {CACHED} | {n["revalidated_median_ms"]:.1f} ms |

A cached answer is {n["fresh_per_cached"]:,.0f} times as fast as a fresh one.

{c["asked"]} clients asking at once for a fresh PNG each: {c["drawn"]} drawn (the bound lets
{c["bound"]} in at once), {c["refused_429"]} told to come back (429 with Retry-After, median
{_ms(c["refused_median_ms"])}); the drawn ones took {_s(c["drawn_median_s"])} (median) to
{_s(c["drawn_max_s"])}, every answer in after {c["all_answered_s"]:.2f} s."""
    return markdown, n


def _ms(value: float | None) -> str:
    return "none" if value is None else f"{value:,.1f} ms"


def _s(value: float | None) -> str:
    return "none" if value is None else f"{value:.2f} s"
