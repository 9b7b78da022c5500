"""Command line: `python -m moskvich validate PATH...`, `audit PATH`, `export --out DIR [--lang ru]` and
`update-rates` and `record-change`."""

from __future__ import annotations

import argparse
import math
import re
import shutil
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from types import FrameType
from urllib.parse import urlsplit

from moskvich.base import i18n
from moskvich.dataset import audit, cbr, changelog
from moskvich.dataset.datapackage import DATA_DIR, DESCRIPTIONS_RU, FIGURES, RATES, tables
from moskvich.dataset.validate import Report, default_cache, escaped, validate_file
from moskvich.domain import market
from moskvich.domain.currency import DISPLAY_CURRENCIES, Foreign
from moskvich.domain.settings import DEFAULT_CURRENCY, Settings
from moskvich.publish import browser, gate
from moskvich.publish.export.drawing import ExportError
from moskvich.publish.export.files import write_files
from moskvich.publish.export.formats import FORMATS

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
GATED = (FIGURES, RATES, DESCRIPTIONS_RU)  # the tables the dashboard serves, checked together


def _say(text: object, to_error: bool = False) -> None:
    """One line, with the control characters of file names and cells escaped."""
    print(escaped(str(text)), file=sys.stderr if to_error else sys.stdout)


def _validate(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths]
    for path in paths:
        if not path.is_file():
            reason = "is a directory" if path.is_dir() else "no such file"
            _say(f"{path}: {reason}", to_error=True)
            return EXIT_USAGE
    status = EXIT_OK
    valid: list[tuple[Path, str]] = []
    for path in paths:
        report = validate_file(path)
        if report.valid and report.table is not None:
            valid.append((path, report.table))
        else:
            status = EXIT_INVALID
            for line in report.lines():
                _say(line)
    failed: set[Path] = set()
    said: set[str] = set()
    for folder, files, given in _served_together([(p, t) for p, t in valid if t in GATED]):
        verdict = gate.check_folder(folder, files=files)
        if not verdict.passed:
            failed |= set(given)
            status = EXIT_INVALID
            for line in Report(str(folder), None, verdict.problems).lines():
                if line not in said:
                    said.add(line)
                    _say(line)
    for path, table in valid:
        if path not in failed:
            _say(f"{path}: valid {table} table", to_error=True)
    return status


def _served_together(valid: list[tuple[Path, str]]) -> Iterator[tuple[Path, dict[str, Path], list[Path]]]:
    """The data sets the dashboard could serve with these valid files: each file with the other tables
    of its folder when that is a data folder (it has every table's file), else with those of data/.
    Files of one folder go together, as long as no two are of the same table."""
    groups: list[tuple[Path, dict[str, Path], list[Path]]] = []
    for path, table in valid:
        folder = path.parent if _is_data_folder(path.parent) else DATA_DIR
        group = next((g for g in groups if g[0] == folder and table not in g[1]), None)
        if group is None:
            group = (folder, {}, [])
            groups.append(group)
        group[1][table] = path
        group[2].append(path)
    yield from groups


def _is_data_folder(folder: Path) -> bool:
    return all((folder / tables()[name].filename).is_file() for name in GATED)


def _audit(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if not path.is_file():
        _say(f"{path}: {'is a directory' if path.is_dir() else 'no such file'}", to_error=True)
        return EXIT_USAGE
    result = market.audit_with_shares(path)
    for line in Report(str(path), FIGURES, result.problems).lines():
        _say(line)
    for finding in result.findings:
        _say(finding)
    for unused in result.unused:
        _say(f"{unused.path}:{unused.line}: explains no finding any more; remove it", to_error=True)
    if not result.problems:
        _say(audit.summary(result), to_error=True)
    return EXIT_OK if result.ok else EXIT_INVALID


def _formats(text: str) -> list[str]:
    wanted = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        shown = ", ".join(repr(f) for f in unknown) or "none given"
        raise argparse.ArgumentTypeError(f"unknown format {shown}; choose from {','.join(FORMATS)}")
    return list(dict.fromkeys(wanted))


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a rate: give roubles per unit, a number above 0")
    return value


def _out(text: str) -> Path:
    if not text.strip():
        raise argparse.ArgumentTypeError("an empty name is no folder; give the folder for the files")
    return Path(text)


@contextmanager
def _stopped_by_sigterm() -> Iterator[list[int]]:
    """SIGTERM (a container or job being stopped) ends the command as Ctrl-C does, through its clean-up:
    an export half made leaves nothing behind. The signal is also noted in the list yielded: the
    SystemExit raised while the headless browser draws can be swallowed on its way out (a test saw an
    export finish after its SIGTERM), so the caller checks the list once the work returns."""
    received: list[int] = []

    def stop(signum: int, frame: FrameType | None) -> None:
        received.append(signum)
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield received
    finally:
        signal.signal(signal.SIGTERM, previous)


def _export(args: argparse.Namespace) -> int:
    out: Path = args.out
    if out.exists() and not out.is_dir():
        _say(f"{out}: is a file, not a folder; nothing exported", to_error=True)
        return EXIT_USAGE
    if not args.data.is_dir():
        _say(f"{args.data}: no such data folder; nothing exported", to_error=True)
        return EXIT_USAGE
    if any(FORMATS[f].needs_browser for f in args.format):
        try:
            browser.BROWSER.start()  # in the background while the data loads, if __main__ has not
        except browser.NoBrowser as err:
            _say(f"{err} Or export only --format html,csv. Nothing exported.", to_error=True)
            return EXIT_INVALID
    # As a server starts: a folder that passed before, with the same code, is not drawn again.
    verdict = gate.check_folder(args.data, default_cache())
    if verdict.model is None:
        for line in Report(str(args.data), None, verdict.problems).lines():
            _say(line, to_error=True)
        _say(f"{args.data}: the data did not pass the checks; nothing exported", to_error=True)
        return EXIT_INVALID
    model = verdict.model
    # As in a link: no rate converts each amount at the official rate of its day; one sets the
    # rouble's strength and the others follow; more are set apart.
    chosen: dict[Foreign, float | None] = {"USD": args.usd, "EUR": args.eur, "CNY": args.cny}
    years = model.market.index.years() if model.market else []
    if args.prices is not None and args.prices not in years:
        _say(
            f"--prices {args.prices}: not a year with consumer prices "
            f"({', '.join(map(str, years))}); nothing exported",
            to_error=True,
        )
        return EXIT_USAGE
    given = tuple((c, v) for c, v in chosen.items() if v is not None)
    settings = Settings(args.currency, given, prices=args.prices)
    ctx = model.context(settings)  # in English, for the messages here
    created = not out.exists()
    try:
        with _stopped_by_sigterm() as stopped, i18n.language(args.lang):  # the files' words and numbers
            files = model.context(settings)
            paths = write_files(files, args.format, out, date.today(), written=_say)
            if stopped:  # stopped, though the files were made: take them back
                for path in paths:
                    path.unlink(missing_ok=True)
                if created:
                    shutil.rmtree(out, ignore_errors=True)
                return 128 + stopped[0]
    except OSError as err:
        _say(f"{out}: cannot write there ({err.strerror or err}); nothing exported", to_error=True)
        return EXIT_INVALID
    except ExportError as err:
        _say(f"{err}; nothing exported", to_error=True)
        return EXIT_INVALID
    _say(f"{len(paths)} files in {out}, money in {ctx.currency} {ctx.credit}", to_error=True)
    return EXIT_OK


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data", type=Path, default=DATA_DIR, metavar="DIR", help="a data package folder (default: data/)"
    )


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
        _say(f"{args.data}: no such data folder; nothing updated", to_error=True)
        return EXIT_USAGE
    until = args.until or date.today()
    check = gate.update_check(args.data)
    try:
        outcome = cbr.update_rates(
            args.data, until, check, args.base_url, cbr.TIMEOUT, args.allow_jump, cbr.DEADLINE
        )
    except cbr.UpdateError as err:
        _say(f"{err}; {args.data} left unchanged", to_error=True)
        return EXIT_INVALID
    _say(outcome.message())
    return EXIT_OK


def _record_change(args: argparse.Namespace) -> int:
    if not args.data.is_dir():
        _say(f"{args.data}: no such data folder; nothing recorded", to_error=True)
        return EXIT_USAGE
    ids = [i for i in re.split(r"[,\s]+", args.figures) if i]
    try:
        change = changelog.record_figures(args.data, ids, args.note, datetime.now(UTC))
    except (changelog.ChangelogError, OSError) as err:
        _say(f"{err}; {changelog.path_in(args.data)} left unchanged", to_error=True)
        return EXIT_INVALID
    _say(
        f"recorded the change to {len(change.figures)} figure{'s' * (len(change.figures) != 1)} in "
        f"{changelog.path_in(args.data)}; the feed shows it once the data is reloaded"
    )
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m moskvich", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate",
        help="check CSV files against the data package schema and the dashboard's rules",
        description="Check figures and rates CSV files; the table is detected from the header. Files that "
        "pass are then checked as the data the dashboard would serve (its rules, and every chart drawn), "
        "with the other tables of their folder when it holds every table, else with those of data/.",
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
    exporter.add_argument("--out", type=_out, required=True, metavar="DIR", help="folder for the files")
    exporter.add_argument(
        "--format",
        type=_formats,
        default=list(FORMATS),
        metavar="LIST",
        help=f"comma-separated, from {','.join(FORMATS)} (default: all)",
    )
    for currency in ("usd", "eur", "cny"):
        exporter.add_argument(
            f"--{currency}", type=_rate, metavar="R", help=f"roubles per {currency.upper()}"
        )
    exporter.add_argument(
        "--currency",
        choices=DISPLAY_CURRENCIES,
        default=DEFAULT_CURRENCY,
        help="show money in this currency (PPP: international dollars at the World Bank's PPP factor)",
    )
    exporter.add_argument(
        "--prices",
        type=int,
        metavar="YEAR",
        help="money in roubles of December of YEAR (Rosstat's consumer prices); default: as reported",
    )
    _data_option(exporter)
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
        "datapackage.json. The updated data must pass every check the dashboard applies before it serves "
        "data; on any failure the data folder is left as it was.",
    )
    _data_option(updater)
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
    updater.add_argument(
        "--allow-jump",
        action="store_true",
        help="accept a rate that changed more from one record date to the next than the official rates "
        "ever have (after checking that the Bank really set it); the change is recorded in datapackage.json",
    )
    updater.set_defaults(run=_update_rates)
    recorder = commands.add_parser(
        "record-change",
        help="record in the changelog (and so in the feed) that figures were added or changed",
        description="Append a row to changelog.csv of the data folder saying which figures were added or "
        "changed and how, after editing figures.csv; the dashboard's Atom feed (/feed.xml) lists it with "
        "the figures' sources. Every id must be one of figures.csv.",
    )
    recorder.add_argument("--figures", required=True, metavar="IDS", help="the figures' ids, comma-separated")
    recorder.add_argument("--note", required=True, metavar="TEXT", help="what changed, in a sentence")
    _data_option(recorder)
    recorder.set_defaults(run=_record_change)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    status: int = args.run(args)
    return status
