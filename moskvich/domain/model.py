"""The data made ready for the pages: dated figures, the rate history, presets, chart contexts."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from moskvich.dataset.datapackage import tables
from moskvich.dataset.load import Dataset, InvalidData, with_russian
from moskvich.dataset.validate import Problem, Report
from moskvich.domain.context import Context
from moskvich.domain.currency import (
    BANK_OF_RUSSIA,
    Choice,
    Preset,
    choose,
    cited_origins,
    covers,
    presets,
    rate_history,
    rates_credit,
)
from moskvich.domain.figures import prepare
from moskvich.domain.settings import Settings

T = TypeVar("T")
log = logging.getLogger(__name__)
CHECK_EVERY = 60.0  # seconds between looks at the data folder


@dataclass(frozen=True)
class Model:
    dataset: Dataset
    figures: pd.DataFrame
    history: pd.DataFrame
    presets: tuple[Preset, ...]
    rates_source: str = BANK_OF_RUSSIA  # who set the exchange rates, for every credit line
    # What a session's uploads changed, one sentence per uploaded table; empty for the built-in data.
    uploaded: tuple[str, ...] = ()
    # The figures an upload changed or added, by id: `changed` or `added`; tables mark them.
    flags: Mapping[str, str] = field(default_factory=dict)
    cache: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)  # see Context.cache

    def context(self, settings: Settings, link: str = "") -> Context:
        """The charts' context; `link` is the address the dashboard was opened at."""
        choice = self.choose(settings)
        known = list(self.presets)
        return Context(
            self.figures,
            self.history,
            choice,
            settings.currency,
            rates_credit(choice, known, self.rates_source),
            self.rates_source,
            self.uploaded,
            cited_origins(choice, known, self.rates_source),
            link,
            self.flags,
            self.cache,
        )

    def choose(self, settings: Settings) -> Choice:
        """The rates the settings ask for; the other rates follow one given at the cross rates of the
        settings' day, or of the start-up day when the rates in use do not reach it."""
        day = settings.day if settings.day is not None and covers(self.history, settings.day) else None
        return choose(dict(settings.given), self.history, day or self.default_day)

    def once(self, key: Hashable, make: Callable[[], T]) -> T:
        """`make()`, computed once per data set (see Context.once): only for what depends on the data
        and the key alone."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    @property
    def default_day(self) -> date:
        """The start-up day of the cross rates and the sliders: the article date, or the latest
        day when the rates do not reach back to it (an upload)."""
        return self.presets[0].official.day


def build(
    dataset: Dataset,
    rates_source: str = BANK_OF_RUSSIA,
    uploaded: tuple[str, ...] = (),
    flags: Mapping[str, str] | None = None,
) -> Model:
    history = rate_history(dataset.rates)
    figures = prepare(with_russian(dataset.figures, dataset.russian))
    found = tuple(presets(history, figures, rates_source))
    return Model(dataset, figures, history, found, rates_source, uploaded, dict(flags or {}))


# Reads a data folder (and a cache, see `validate_bytes`) into the model readers may see, or the
# problems that keep it from them: moskvich.publish.gate.admit, which the UI hands the reloader.
Admit = Callable[[Path, Path | None], Model | InvalidData]


@dataclass(frozen=True)
class Served:
    """The data package's files as the model in use was admitted from them, for whoever publishes
    them (the data routes): each file's bytes by name, a version that changes with any of them, and
    when the newest of them was last modified (UTC)."""

    files: Mapping[str, bytes]
    version: str
    modified: datetime


@dataclass(frozen=True)
class HeldBack:
    """A change of the data folder that did not pass the checks, while readers keep the data before."""

    seen: datetime  # when the change was first seen (UTC)
    problems: tuple[Problem, ...]
    shown_since: datetime  # when the data still shown was loaded (UTC)


class ModelReloader:
    """The built-in model of a data folder, rebuilt when the folder's files change, for a long-running
    app: `current()` looks at the files at most once every `every` seconds of `clock`.

    A change is seen from the files' modification times and sizes, then confirmed from their content,
    and the changed folder goes through `admit` (the one data gate). Data that does not pass keeps the
    last good model in use, logs each problem and is told by `held_back`; only when no good model was
    ever built does `current()` return the InvalidData, for an error page. `cache` remembers data that
    passed the schema checks, for the next server (see `validate_bytes`).
    """

    def __init__(
        self,
        data_dir: Path,
        admit: Admit,
        clock: Callable[[], float] = time.monotonic,
        every: float = CHECK_EVERY,
        cache: Path | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self._admit = admit
        self._cache = cache
        self._clock = clock
        self._every = every
        self._lock = threading.Lock()
        self._result: Model | InvalidData | None = None
        self._next_check = 0.0
        self._stamp: tuple | None = None
        self._digest: str | None = None
        self._loaded: datetime | None = None
        self._held: HeldBack | None = None
        self._seen: Served | None = None  # the files of the change being admitted
        self._served: Served | None = None

    @property
    def served(self) -> Served | None:
        """The files of the model in use; None until one was admitted."""
        return self._served

    @property
    def held_back(self) -> HeldBack | None:
        """The change the readers do not see because it failed the checks; None when they see the
        latest data (or no good data was ever loaded)."""
        return self._held

    def current(self) -> Model | InvalidData:
        result = self._result
        if result is not None and self._clock() < self._next_check:
            return result
        # Sessions run in threads: one looks at the files, the others go on with the model they have.
        if result is not None and not self._lock.acquire(blocking=False):
            return result
        if result is None:
            self._lock.acquire()
        try:
            if self._result is None or self._clock() >= self._next_check:
                self._check()
            assert self._result is not None  # _check loads data it has not seen
            return self._result
        finally:
            self._lock.release()

    def _files(self) -> list[Path]:
        return [self.data_dir / spec.filename for spec in tables().values()] + [
            self.data_dir / "datapackage.json"
        ]

    def _check(self) -> None:
        self._next_check = self._clock() + self._every
        stamp = tuple(_stat(p) for p in self._files())
        if stamp == self._stamp:
            return
        self._stamp = stamp
        digest = hashlib.sha256()
        files = {}
        for path in self._files():
            try:
                files[path.name] = path.read_bytes()
                digest.update(files[path.name])
            except OSError as err:
                digest.update(f"unreadable: {err}".encode())
            digest.update(b"\0")
        if digest.hexdigest() == self._digest:
            return  # touched, not changed
        self._digest = digest.hexdigest()
        modified = max((s[1] for s in stamp if s[1] is not None), default=0)
        self._seen = Served(files, self._digest[:20], datetime.fromtimestamp(modified / 1e9, UTC))
        self._load()

    def _load(self) -> None:
        kept = self._result if isinstance(self._result, Model) else None
        keeping = "; still showing the data loaded before" if kept else ""
        seen = datetime.now(UTC)
        try:
            result = self._admit(self.data_dir, self._cache)
        except Exception as err:
            if kept is None:
                self._stamp = self._digest = None  # so that the next call tries again
                raise  # not a data problem the first load could show; a bug to see
            # Whatever goes wrong with new data must not take the running dashboard down.
            log.error("%s cannot be used%s: %s", self.data_dir, keeping, err)
            result = InvalidData([_report(Problem(str(self.data_dir), None, None, str(err)))])
        if isinstance(result, InvalidData):
            for report in result.reports:
                for line in report.lines():
                    log.warning("%s is not valid%s: %s", self.data_dir, keeping, line)
            self._result = kept or result
            if kept is not None and self._loaded is not None:
                problems = tuple(p for report in result.reports for p in report.problems)
                self._held = HeldBack(seen, problems, self._loaded)
            return
        if kept is not None:
            log.info("%s changed; the dashboard now uses the new data", self.data_dir)
        self._result, self._loaded, self._held = result, seen, None
        self._served = self._seen


def _report(problem: Problem) -> Report:
    return Report(problem.path, None, (problem,))


def _stat(path: Path) -> tuple[str, int, int] | tuple[str, None, None]:
    try:
        info = path.stat()
    except OSError:
        return (path.name, None, None)
    return (path.name, info.st_mtime_ns, info.st_size)
