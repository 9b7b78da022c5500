"""The data made ready for the pages: dated figures, the rate history, presets, chart contexts."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from moskvich.context import Context
from moskvich.currency import BANK_OF_RUSSIA, Preset, Rates, presets, rate_history, rate_origins, rates_credit
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
    # The figures an upload changed or added, by id: `changed` or `added`; tables mark them.
    flags: Mapping[str, str] = field(default_factory=dict)
    cache: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)  # see Context.cache

    def context(self, settings: Settings, picked: Preset | None = None, link: str = "") -> Context:
        """The charts' context; `picked` is the official rate of a day the user chose, so that rates
        taken from it are credited to that day; `link` is the address the dashboard was opened at."""
        known = [*self.presets, picked] if picked else list(self.presets)
        return Context(
            self.figures,
            self.history,
            settings.rates,
            settings.currency,
            rates_credit(settings.rates, known),
            self.rates_source,
            self.uploaded,
            tuple(rate_origins(settings.rates, known)),
            link,
            self.flags,
            self.cache,
        )

    def once(self, key: Hashable, make: Callable[[], T]) -> T:
        """`make()`, computed once per data set (see Context.once): only for what depends on the data
        and the key alone."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    @property
    def defaults(self) -> Rates:
        """The start-up rates: the official rates on the article date, or the latest ones when the
        rates do not reach back to it (an upload)."""
        return self.presets[0].rates


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
