"""Command line: `python -m moskvich validate PATH...` (and `export`, see moskvich.export)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from moskvich.validate import validate_file

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _validate(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths]
    for path in paths:
        if not path.is_file():
            reason = "is a directory" if path.is_dir() else "no such file"
            print(f"{path}: {reason}", file=sys.stderr)
            return EXIT_USAGE
    status = EXIT_OK
    for path in paths:
        report = validate_file(path)
        if report.valid:
            print(f"{path}: valid {report.table} table", file=sys.stderr)
        else:
            status = EXIT_INVALID
            for line in report.lines():
                print(line)
    return status


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m moskvich", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate",
        help="check CSV files against the data package schema",
        description="Check figures and rates CSV files; the table is detected from the header.",
    )
    validate.add_argument("paths", nargs="+", metavar="PATH")
    validate.set_defaults(run=_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)
