"""The data made ready for the pages: dated figures, the rate history, presets, chart contexts."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from moskvich.context import Context
from moskvich.currency import (
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
from moskvich.datapackage import DATA_DIR, tables
from moskvich.figures import prepare
from moskvich.load import Dataset, InvalidData, load_dataset, with_russian
from moskvich.settings import Settings

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


def build(dataset: Dataset, rates_source: str = BANK_OF_RUSSIA, uploaded: tuple[str, ...] = ()) -> Model:
    history = rate_history(dataset.rates)
    figures = prepare(with_russian(dataset.figures, dataset.russian))
    found = tuple(presets(history, figures, rates_source))
    return Model(dataset, figures, history, found, rates_source, uploaded)


class ModelReloader:
    """The built-in model of a data folder, rebuilt when the folder's files change, for a long-running
    app: `current()` looks at the files at most once every `every` seconds of `clock`.

    A change is seen from the files' modification times and sizes, then confirmed from their content.
    Changed data that fails the checks keeps the last good model in use and logs each problem; only
    when no good model was ever built does `current()` return the InvalidData, for an error page.
    `cache` remembers data that passed the schema checks, for the next server (see `validate_bytes`).
    """

    def __init__(
        self,
        data_dir: Path = DATA_DIR,
        clock: Callable[[], float] = time.monotonic,
        every: float = CHECK_EVERY,
        cache: Path | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self._cache = cache
        self._clock = clock
        self._every = every
        self._lock = threading.Lock()
        self._result: Model | InvalidData | None = None
        self._next_check = 0.0
        self._stamp: tuple | None = None
        self._digest: str | None = None

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
        for path in self._files():
            try:
                digest.update(path.read_bytes())
            except OSError as err:
                digest.update(f"unreadable: {err}".encode())
            digest.update(b"\0")
        if digest.hexdigest() == self._digest:
            return  # touched, not changed
        self._digest = digest.hexdigest()
        self._load()

    def _load(self) -> None:
        kept = self._result if isinstance(self._result, Model) else None
        keeping = "; still showing the data loaded before" if kept else ""
        try:
            self._result = build(load_dataset(self.data_dir, self._cache))
        except InvalidData as err:
            for report in err.reports:
                for line in report.lines():
                    log.warning("%s is not valid%s: %s", self.data_dir, keeping, line)
            self._result = kept or err
        except Exception as err:
            if kept is None:
                self._stamp = self._digest = None  # so that the next call tries again
                raise  # not a data problem the first load could show; a bug to see
            # Data that passes the checks but cannot be built (e.g. no day with all three rates) must not
            # take the running dashboard down.
            log.error("%s cannot be used%s: %s", self.data_dir, keeping, err)
        else:
            if kept is not None:
                log.info("%s changed; the dashboard now uses the new data", self.data_dir)


def _stat(path: Path) -> tuple[str, int, int] | tuple[str, None, None]:
    try:
        info = path.stat()
    except OSError:
        return (path.name, None, None)
    return (path.name, info.st_mtime_ns, info.st_size)
