"""`make bench` and `make bench-load`: run benchmarks and write their sections of docs/performance.md/.json.

Each benchmark module has `run() -> tuple[str, dict]`: a Markdown section, starting with its `## `
heading, and its numbers. `python -m bench` runs the audit, export and browser benchmarks, `python -m
bench load` (or any names of MODULES, e.g. `python -m bench audit`) only those named. A section that
runs replaces the section with the same heading and the numbers under its name; the others are kept
as they were, each with the line that says when and on what machine it ran.
Ratios are always taken between figures measured in the same run, since the machine is noisy.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MODULES = ("bench.audit", "bench.export", "bench.browser", "bench.routes", "bench.load")
DEFAULT = (
    "bench.audit",
    "bench.export",
    "bench.browser",
    "bench.routes",
)  # the load test takes half an hour: `make bench-load`
MARKDOWN = ROOT / "docs" / "performance.md"
JSON = ROOT / "docs" / "performance.json"
HEADER = (
    "# Performance\n\nWritten by `make bench` (the audit, exports, the browser, chart images at their "
    "addresses) and `make bench-load` (the load test). Each section says when and on what machine it "
    "was measured.\n"
)


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def sections(markdown: str) -> list[str]:
    """The `## ` sections of a performance.md, each without its trailing blank lines."""
    out: list[list[str]] = []
    for line in markdown.splitlines():
        if line.startswith("## "):
            out.append([])
        if out:
            out[-1].append(line)
    return ["\n".join(s).strip("\n") for s in out]


def with_run_line(section: str, m: dict) -> str:
    heading, _, rest = section.partition("\n")
    line = f"Run {m['date']} on {m['cpus']} CPUs, {m['platform']}, Python {m['python']}."
    return f"{heading}\n\n{line}\n\n{rest.strip(chr(10))}"


def merge(existing: list[str], new: str) -> list[str]:
    heading = new.partition("\n")[0]
    if any(s.partition("\n")[0] == heading for s in existing):
        return [new if s.partition("\n")[0] == heading else s for s in existing]
    return [*existing, new]


def main(argv: list[str]) -> int:
    names = {m.split(".")[-1]: m for m in MODULES}
    unknown = [a for a in argv if a not in names]
    if unknown:
        print(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(names)}", file=sys.stderr)
        return 2
    wanted = [names[a] for a in argv] if argv else list(DEFAULT)
    kept = sections(MARKDOWN.read_text(encoding="utf-8")) if MARKDOWN.exists() else []
    numbers = json.loads(JSON.read_text(encoding="utf-8")) if JSON.exists() else {}
    numbers.pop("machine", None)  # from before each section had its own
    for name in wanted:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:  # a benchmark whose tools are not installed
            print(f"skipped {name}: {err}", file=sys.stderr)
            continue
        print(f"running {name} ...", flush=True)
        markdown, data = module.run()
        m = machine()
        kept = merge(kept, with_run_line(markdown, m))
        numbers[name.split(".")[-1]] = {"machine": m, **data}
        # Written after each benchmark, so that one that fails later loses nothing measured before.
        MARKDOWN.parent.mkdir(exist_ok=True)
        MARKDOWN.write_text(HEADER + "\n" + "\n\n".join(kept) + "\n", encoding="utf-8")
        JSON.write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {MARKDOWN.relative_to(ROOT)} and {JSON.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
