"""`make bench`: run every benchmark in one process run and write docs/performance.md and .json.

Each benchmark module has `run() -> tuple[str, dict]`: a Markdown section and its numbers.
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
MODULES = ("bench.export", "bench.browser")


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def main(argv: list[str]) -> int:
    wanted = [m for m in MODULES if not argv or m.split(".")[-1] in argv]
    sections, numbers = [], {"machine": machine()}
    for name in wanted:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        print(f"running {name} ...", flush=True)
        markdown, data = module.run()
        sections.append(markdown)
        numbers[name.split(".")[-1]] = data
    m = numbers["machine"]
    header = (
        "# Performance\n\nWritten by `make bench`. Machine: "
        f"{m['cpus']} CPUs, {m['platform']}, Python {m['python']}; run at {m['date']}.\n"
    )
    (ROOT / "docs").mkdir(exist_ok=True)
    body = header + "\n" + "\n\n".join(sections) + "\n"
    (ROOT / "docs" / "performance.md").write_text(body, encoding="utf-8")
    (ROOT / "docs" / "performance.json").write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")
    print("wrote docs/performance.md and docs/performance.json")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
