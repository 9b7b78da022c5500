"""Command line: `python -m moskvich validate PATH...`, `audit PATH`, `export --out DIR [--lang ru]` and
`update-rates`."""

from __future__ import annotations

import argparse
import math
import re
import sys
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from moskvich import audit, browser, cbr, export, i18n
from moskvich.currency import CURRENCIES, Foreign
from moskvich.datapackage import DATA_DIR, FIGURES
from moskvich.load import InvalidData, load_dataset
from moskvich.model import build
from moskvich.settings import DEFAULT_CURRENCY, Settings
from moskvich.validate import Report, validate_file

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


def _audit(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if not path.is_file():
        print(f"{path}: {'is a directory' if path.is_dir() else 'no such file'}", file=sys.stderr)
        return EXIT_USAGE
    result = audit.audit_file(path)
    for line in Report(str(path), FIGURES, result.problems).lines():
        print(line)
    for finding in result.findings:
        print(finding)
    for unused in result.unused:
        print(f"{unused.path}:{unused.line}: explains no finding any more; remove it", file=sys.stderr)
    if not result.problems:
        print(audit.summary(result), file=sys.stderr)
    return EXIT_OK if result.ok else EXIT_INVALID


def _formats(text: str) -> list[str]:
    wanted = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in export.FORMATS]
    if unknown or not wanted:
        shown = ", ".join(repr(f) for f in unknown) or "none given"
        raise argparse.ArgumentTypeError(f"unknown format {shown}; choose from {','.join(export.FORMATS)}")
    return list(dict.fromkeys(wanted))


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a rate: give roubles per unit, a number above 0")
    return value


def _export(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.exists() and not out.is_dir():
        print(f"{out}: is a file, not a folder; nothing exported", file=sys.stderr)
        return EXIT_USAGE
    if not args.data.is_dir():
        print(f"{args.data}: no such data folder; nothing exported", file=sys.stderr)
        return EXIT_USAGE
    if any(export.FORMATS[f].needs_browser for f in args.format):
        try:
            browser.BROWSER.start()  # in the background while the data loads, if __main__ has not
        except browser.NoBrowser as err:
            print(f"{err} Or export only --format html,csv. Nothing exported.", file=sys.stderr)
            return EXIT_INVALID
    try:
        model = build(load_dataset(args.data))
    except InvalidData as err:
        for report in err.reports:
            for line in report.lines():
                print(line, file=sys.stderr)
        print(f"{args.data}: the data did not pass the checks; nothing exported", file=sys.stderr)
        return EXIT_INVALID
    # As in a link: no rate converts each amount at the official rate of its day; one sets the
    # rouble's strength and the others follow; more are set apart.
    chosen: dict[Foreign, float | None] = {"USD": args.usd, "EUR": args.eur, "CNY": args.cny}
    settings = Settings(args.currency, tuple((c, v) for c, v in chosen.items() if v is not None))
    ctx = model.context(settings)  # in English, for the messages here
    try:
        with i18n.language(args.lang):  # the files' words, numbers and dates
            files = model.context(settings)
            paths = export.write_files(files, args.format, out, date.today(), written=print)
    except OSError as err:
        print(f"{out}: cannot write there ({err.strerror or err}); nothing exported", file=sys.stderr)
        return EXIT_INVALID
    except export.ExportError as err:
        print(f"{err}; nothing exported", file=sys.stderr)
        return EXIT_INVALID
    print(f"{len(paths)} files in {out}, money in {ctx.currency} {ctx.credit}", file=sys.stderr)
    return EXIT_OK


def _day(text: str) -> date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text, re.ASCII):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def _base_url(text: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise argparse.ArgumentTypeError(f"{text!r} is not a web address starting with http:// or https://")
    return text if text.endswith("/") else text + "/"


def _update_rates(args: argparse.Namespace) -> int:
    if not args.data.is_dir():
        print(f"{args.data}: no such data folder; nothing updated", file=sys.stderr)
        return EXIT_USAGE
    until = args.until or date.today()
    try:
        outcome = cbr.update_rates(args.data, until, args.base_url, cbr.TIMEOUT)
    except cbr.UpdateError as err:
        print(f"{err}; {args.data} left unchanged", file=sys.stderr)
        return EXIT_INVALID
    print(outcome.message())
    return EXIT_OK


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
    auditor = commands.add_parser(
        "audit",
        help="check a figures CSV for figures that contradict each other",
        description="Check a figures CSV for figures that contradict each other. Findings that are true of "
        "the sources are explained in explained_findings.csv in the same folder. Exit status 0 when every "
        "finding is explained, 1 otherwise.",
    )
    auditor.add_argument("path", metavar="PATH")
    auditor.set_defaults(run=_audit)
    exporter = commands.add_parser(
        "export",
        help="write every chart as image, interactive HTML and CSV files",
        description="Write every chart of the dashboard into DIR, named <chart>_<date>.<format>, with the "
        "same look, sources and rates as the app's downloads. As in the app, with no rate given each "
        "amount is converted at the Bank of Russia's rate of the day it was reported; one rate sets "
        "the rouble's strength and the others follow at the official cross rates of 2022-10-20; two "
        "or three set each apart.",
    )
    exporter.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder for the files")
    exporter.add_argument(
        "--format",
        type=_formats,
        default=list(export.FORMATS),
        metavar="LIST",
        help=f"comma-separated, from {','.join(export.FORMATS)} (default: all)",
    )
    for currency in ("usd", "eur", "cny"):
        exporter.add_argument(
            f"--{currency}", type=_rate, metavar="R", help=f"roubles per {currency.upper()}"
        )
    exporter.add_argument(
        "--currency", choices=CURRENCIES, default=DEFAULT_CURRENCY, help="show money in this currency"
    )
    exporter.add_argument(
        "--data", type=Path, default=DATA_DIR, metavar="DIR", help="a data package folder (default: data/)"
    )
    exporter.add_argument(
        "--lang",
        choices=i18n.LANGS,
        default="en",
        help="the language of the files: titles, footers, notes, numbers and dates (default: en); file "
        "names and CSV columns stay the same, and messages here are in English",
    )
    exporter.set_defaults(run=_export)
    updater = commands.add_parser(
        "update-rates",
        help="append the Bank of Russia's official rates since the last date in the rates file",
        description="Ask the Bank of Russia's XML service for the USD, EUR and CNY rates of the days after "
        "the last date in rub_rates.csv, check them, append them and record the update in "
        "datapackage.json. On any failure the data folder is left as it was.",
    )
    updater.add_argument(
        "--data", type=Path, default=DATA_DIR, metavar="DIR", help="a data package folder (default: data/)"
    )
    updater.add_argument(
        "--until", type=_day, metavar="YYYY-MM-DD", help="the last day to ask for (default: today)"
    )
    updater.add_argument(
        "--base-url",
        type=_base_url,
        default=cbr.DEFAULT_BASE_URL,
        metavar="URL",
        help=f"where XML_dynamic.asp is served, for mirrors and tests (default: {cbr.DEFAULT_BASE_URL})",
    )
    updater.set_defaults(run=_update_rates)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)
