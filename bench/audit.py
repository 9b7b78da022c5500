"""The audit of an upload against hostile files, all measured in one run.

A hostile figures file is what costs the audit most per byte: every row about one metric, unit and
year, half of them full-year plans and half year-to-date reports with source dates spread over two
years, so that each plan has thousands of earlier reports to be compared with, and a finding for
most of them. Files of 1, 2.5 and 5 MB (decimal, the upload limit is 5 MB) are built here, each
parsed once, then audited `RUNS` times (`moskvich.dataset.audit.audit`, what an upload of figures runs
after the validator); the median counts. The whole check of an upload (`use_upload`: the validator,
the gate's rules and trial drawing, the audit) is timed once per file besides. Times are CPU seconds of
this process (the work is single-threaded), which other programs on a shared machine do not inflate;
the wall-clock times are kept in the JSON beside them.
"""

from __future__ import annotations

import io
import os
import statistics
import time
from datetime import date, timedelta

from moskvich.dataset import audit
from moskvich.dataset.datapackage import FIGURES, tables
from moskvich.dataset.load import load_dataset, parse_table
from moskvich.publish.upload import ADD, Accepted, use_upload

SIZES = (1_000_000, 2_500_000, 5_000_000)
RUNS = 3
GOAL_S = 5.0  # the audit of a 5 MB file
HEADER = ",".join(tables()[FIGURES].field_names) + "\n"


def hostile_figures(size: int) -> bytes:
    """A valid figures CSV of at most `size` bytes built to make the audit work hardest: short rows, so
    that a megabyte holds as many as it can, each compared with as many others as possible."""
    out = io.StringIO()
    out.write(HEADER)
    written = len(HEADER)
    row = 0
    while True:
        published = date(2023, 1, 2) + timedelta(days=(row * 7919) % 700)
        if row % 2:
            kind, end, value = "plan", "2023-12-31", 1000 + row % 5000
        else:
            kind, end, value = (
                "reported",
                (date(2023, 1, 1) + timedelta(days=row % 360)).isoformat(),
                2000 + row % 9000,
            )
        line = f"h{row},{published.isoformat()},{kind},m,2023-01-01,{end},{value},vehicles,,x,x,\n"
        if written + len(line) > size:
            return out.getvalue().encode("utf-8")
        out.write(line)
        written += len(line)
        row += 1


def measure(size: int) -> dict:
    data = hostile_figures(size)
    frame = parse_table(data.decode("utf-8"), tables()[FIGURES])
    cpu, wall = [], []
    for _ in range(RUNS):
        start, start_wall = time.process_time(), time.perf_counter()
        result = audit.audit(frame, "hostile.csv")
        cpu.append(time.process_time() - start)
        wall.append(time.perf_counter() - start_wall)
    base = load_dataset()
    start, start_wall = time.process_time(), time.perf_counter()
    outcome = use_upload(data, "hostile.csv", FIGURES, ADD, base)
    return {
        "size": size,
        "bytes": len(data),
        "rows": len(frame),
        "findings": len(result.findings),
        "audit_s": statistics.median(cpu),
        "audit_samples_s": cpu,
        "audit_wall_s": statistics.median(wall),
        "upload_s": time.process_time() - start,
        "upload_wall_s": time.perf_counter() - start_wall,
        "upload_used": isinstance(outcome, Accepted),
    }


def run() -> tuple[str, dict]:
    load = os.getloadavg()[0]
    files = [measure(size) for size in SIZES]
    largest = files[-1]
    met = largest["audit_s"] < GOAL_S
    numbers = {"load_average_at_start": round(load, 2), "files": files, "goal_s": GOAL_S, "goal_met": met}
    rows = "\n".join(
        f"| {f['size'] / 1e6:g} MB ({f['bytes']:,} bytes) | {f['rows']:,} | {f['findings']:,} | "
        f"{f['audit_s']:.2f} s | {f['upload_s']:.2f} s |"
        for f in files
    )
    ratio = largest["audit_s"] / files[0]["audit_s"]
    grows = largest["bytes"] / files[0]["bytes"]
    markdown = f"""## Audit

Written by `bench/audit.py`: the audit of hostile figures files (every row about one metric and year,
plans and year-to-date reports that each plan is compared with; see the module), median of {RUNS}
runs, and the whole check of the same file as an upload (validator, the gate's rules and trial
drawing, audit) once; CPU seconds of the process. Load average when it started: {load:.2f}.

| File | Rows | Findings | Audit | Whole upload check |
|---|---|---|---|---|
{rows}

5 MB against 1 MB: {ratio:.1f}x the time for {grows:.1f}x the bytes. Goal, the audit of a 5 MB file
under {GOAL_S:g} s: {"met" if met else "**missed**"}. The wall-clock times, which other programs on a
shared machine stretch, are in docs/performance.json."""
    return markdown, numbers
