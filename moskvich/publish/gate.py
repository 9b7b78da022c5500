"""The one gate: every data set passes it before a reader sees it, whichever way it comes.

The data folder when a server starts and whenever its files change (`model.ModelReloader`), the rates
`update-rates` is about to write, an upload, the files `validate` is given: each is held to

1. the schema, the foreign keys and what the folder's datapackage.json states (`load.read_folder`,
   `validate`);
2. the story's rules (`rules`): the rows the pages compute with hold sensible numbers, the rows they
   need are there, every rate lies in its slider's range and changes no more from one record date to
   the next than the official series ever has, unless the operator accepted it;
3. a trial: the model is built and every chart of the registry drawn from it, in every language and
   display currency and at every preset, with the tables the pages convert money in.

Only data that passes all three replaces what readers see. The answer, a `Verdict`, lists the problems
(file, line, column, what is wrong) or holds the model that passed.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import date
from functools import partial
from importlib.metadata import version
from pathlib import Path

import pandas as pd

from moskvich.base import i18n
from moskvich.base.i18n import _
from moskvich.dataset import changelog
from moskvich.dataset.datapackage import FIGURES, RATES
from moskvich.dataset.load import Dataset, InvalidData, Origin, read_folder
from moskvich.dataset.validate import Problem, Report
from moskvich.dataset.validate.cache import passed_before, remember
from moskvich.domain import amounts, rules
from moskvich.domain.currency import DISPLAY_CURRENCIES, Rates
from moskvich.domain.headlines import headline_metrics
from moskvich.domain.model import Model, build
from moskvich.domain.settings import DEFAULT_CURRENCY, DEFAULT_LANG, SLIDERS, Settings
from moskvich.domain.story import MONEY_ITEMS
from moskvich.plots import CHARTS


@dataclass(frozen=True)
class Verdict:
    """What the gate found: the problems, or the model that passed."""

    problems: tuple[Problem, ...]
    model: Model | None = None  # None when there are problems
    jumps: tuple[rules.Jump, ...] = ()  # rate changes beyond the limit, among the problems

    @property
    def passed(self) -> bool:
        return not self.problems

    def invalid(self) -> InvalidData:
        """The problems as the reports of InvalidData, one per file."""
        by_path: dict[str, list[Problem]] = defaultdict(list)
        for problem in self.problems:
            by_path[problem.path].append(problem)
        return InvalidData([Report(path, None, tuple(found)) for path, found in by_path.items()])


def check_folder(
    data_dir: Path,
    cache: Path | None = None,
    files: Mapping[str, Path] | None = None,
    contents: Mapping[Path, bytes] | None = None,
) -> Verdict:
    """A data folder through the gate; `cache`, `files` and `contents` as for `load.read_folder`."""
    try:
        folder = read_folder(data_dir, cache, files, contents)
    except InvalidData as err:
        return Verdict(tuple(p for report in err.reports for p in report.problems))
    if logged := changelog.problems(data_dir, contents, cache):
        return Verdict(tuple(logged))
    if cache is None or files is not None or contents is not None:
        return check(folder.dataset, folder.origins, str(data_dir))
    # A server start on a folder that passed before, with the same code, need not draw everything
    # again (about 3 s of a 10 s start); a change to either is tried in full.
    key = _trial_key(data_dir)
    tried = key is not None and passed_before(cache, key)
    verdict = check(folder.dataset, folder.origins, str(data_dir), tried=tried)
    if verdict.passed and key is not None:
        remember(cache, key)
    return verdict


def _trial_key(data_dir: Path) -> str | None:
    """What the trial's outcome depends on: the folder's files, the package's files (code, templates,
    translations) and the libraries that draw; None if a file cannot be read (then it is tried)."""
    digest = hashlib.sha256(b"trial")
    package = Path(__file__).parents[1]
    files = [p for p in sorted(package.rglob("*")) if p.is_file() and "__pycache__" not in p.parts]
    try:
        for path in [*sorted(p for p in data_dir.iterdir() if p.is_file()), *files]:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    except OSError:
        return None
    for library in ("numpy", "pandas", "plotly"):
        digest.update(version(library).encode())
    return digest.hexdigest()


def admit(data_dir: Path, cache: Path | None = None) -> Model | InvalidData:
    """The model of a data folder that passes the gate, or its problems: what `model.ModelReloader`
    takes."""
    verdict = check_folder(data_dir, cache)
    return verdict.model if verdict.model is not None else verdict.invalid()


def update_check(
    data_dir: Path,
) -> Callable[[Mapping[Path, bytes]], tuple[list[Problem], list[tuple[date, str]]]]:
    """The gate as `update-rates` asks it (cbr.Check): the folder with some files' new bytes, its
    problems and the rate changes beyond the day-to-day limit among them."""

    def check_update(contents: Mapping[Path, bytes]) -> tuple[list[Problem], list[tuple[date, str]]]:
        verdict = check_folder(data_dir, contents=contents)
        return list(verdict.problems), [(jump.day, jump.currency) for jump in verdict.jumps]

    return check_update


def check(dataset: Dataset, origins: Mapping[str, Origin], name: str, tried: bool = False) -> Verdict:
    """A data set through the story's rules and the trial. `origins` says where each table's rows come
    from (a table without one is named `name`, its rows without lines); `name` names the data set in
    what concerns it as a whole; `tried`: it passed the trial before, with this code."""
    figures = origins.get(FIGURES) or Origin(name, (None,) * len(dataset.figures))
    rates = origins.get(RATES) or Origin(name, (None,) * len(dataset.rates))
    jumps = rules.jumps(dataset.rates, rates, dataset.accepted_jumps)
    problems = [
        *rules.figure_problems(dataset.figures, figures),
        *rules.missing_rows(dataset.figures, figures),
        *rules.rate_problems(dataset.rates, rates),
        *(rules.jump_problem(jump, rates) for jump in jumps),
        *rules.currency_problems(dataset.rates, rates),
    ]
    if problems:
        return Verdict(tuple(sorted(problems, key=_order)), jumps=tuple(jumps))
    key = (_content(dataset), tuple(CHARTS.values()))
    with _passed_lock:
        if key in _passed:
            _passed.move_to_end(key)
            return Verdict((), _passed[key])
    try:
        model = build(dataset)
    except Exception as err:  # any failure here would be every reader's
        message = _("the dashboard cannot be built from this data: {reason}").format(reason=_reason(err))
        return Verdict((Problem(name, None, None, message),))
    failed = [] if tried else trial(model, name)
    if failed:
        return Verdict(tuple(failed))
    with _passed_lock:
        _passed[key] = model
        while len(_passed) > PASSED_KEPT:
            _passed.popitem(last=False)
    return Verdict((), model)


# The models of the last data sets that passed in this process, by their content and the charts
# drawn from them: the same data again (a reader uploading a file another has, a check of the files
# in use) is answered with the model already built and tried, with what readers have drawn from it.
# A new process, such as `moskvich validate`, tries everything.
PASSED_KEPT = 8
_passed: OrderedDict[tuple[str, tuple[object, ...]], Model] = OrderedDict()
_passed_lock = threading.Lock()


def _content(dataset: Dataset) -> str:
    """A digest of every table and setting of the data set."""
    digest = hashlib.sha256()
    for field in fields(dataset):
        value = getattr(dataset, field.name)
        if isinstance(value, pd.DataFrame):
            digest.update(repr((field.name, list(value.columns), [str(t) for t in value.dtypes])).encode())
            digest.update(pd.util.hash_pandas_object(value).to_numpy().tobytes())
        else:
            kept = sorted(value) if isinstance(value, frozenset) else value
            digest.update(repr((field.name, kept)).encode())
    return digest.hexdigest()


def trial(model: Model, name: str) -> list[Problem]:
    """Every chart of the registry drawn from the model, and the money the pages convert outside
    charts: in each language and display currency at the official rate of each amount's day, at every
    preset a reader can choose, and at one rate that the others follow. One problem per chart or
    table that fails, naming it and why."""
    views = [(lang, Settings()) for lang in i18n.LANGS]  # each amount at the official rate of its day
    views += [(DEFAULT_LANG, Settings(c)) for c in DISPLAY_CURRENCIES if c != DEFAULT_CURRENCY]
    # money in roubles of the latest December with consumer prices (and so in PPP at its factor)
    years = model.market.index.years() if model.market else []
    views += [(DEFAULT_LANG, Settings("PPP", prices=years[-1]))] if years else []
    views += [(DEFAULT_LANG, Settings.apart(p.rates)) for p in model.presets if _on_the_sliders(p.rates)]
    views += [  # one rate chosen, the others following it
        (DEFAULT_LANG, Settings.following("USD", p.rates.usd))
        for p in model.presets[:1]
        if _on_the_sliders(p.rates)
    ]
    failed: dict[str, Exception] = {}  # by what failed, its first failure

    def attempt(what: str, draw: Callable[[], object]) -> None:
        if what not in failed:
            try:
                draw()
            except Exception as err:
                failed[what] = err

    for lang, settings in views:
        with i18n.language(lang):
            ctx = model.context(settings)
            for chart in CHARTS.values():
                attempt(chart.id, partial(chart.draw, ctx))
            attempt(_METRICS, partial(headline_metrics, ctx))
            attempt(_MONEY_TABLE, partial(amounts.money_display, ctx, MONEY_ITEMS))
    message = _('"{title}" cannot be drawn from this data: {reason}')  # in the language of the run
    return [
        Problem(name, None, None, message.format(title=_title(what), reason=_reason(err)))
        for what, err in failed.items()
    ]


_METRICS, _MONEY_TABLE = "headline metrics", "money table"


def _title(what: str) -> str:
    if what == _METRICS:
        return _("the Overview's key figures")
    if what == _MONEY_TABLE:
        return _("the Money page's table")
    return CHARTS[what].title


def _on_the_sliders(rates: Rates) -> bool:
    """Whether the sliders can take these rates; a preset they cannot take is not applied."""
    return all(s.low <= rates.rub_per(c) <= s.high for c, s in SLIDERS.items())


def _reason(err: Exception) -> str:
    return str(err.args[0]) if isinstance(err, KeyError) and err.args else str(err) or type(err).__name__


def _order(problem: Problem) -> tuple[str, int, int]:
    return (problem.path, problem.line or 0, problem.column or 0)
