"""The dashboard's pages, once: from this table come the page keys, the app's navigation, the
addresses of pages and charts, the report's sections and the tests' lists of pages."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal

from moskvich.base.i18n import N_, _

PageKey = Literal["overview", "production", "market", "money", "exchange_rates", "sources"]


@dataclass(frozen=True)
class Page:
    key: PageKey
    file: str  # the page's script, from the repository's root
    title_message: str  # in English, marked with N_; `title` reads it in the current language
    icon: str

    @property
    def title(self) -> str:
        return _(self.title_message)

    @property
    def path(self) -> str:
        """Where the page is in the app, after the app's address, as st.navigation names it: the
        first page at the root, each other at its script's name."""
        return "" if self.key == PAGES[0].key else PurePosixPath(self.file).stem


PAGES = (
    Page("overview", "pages/overview.py", N_("Overview"), ":material/dashboard:"),
    Page("production", "pages/production.py", N_("Production"), ":material/factory:"),
    Page("market", "pages/market.py", N_("Moskvich in the market"), ":material/leaderboard:"),
    Page("money", "pages/money.py", N_("Money"), ":material/payments:"),
    Page("exchange_rates", "pages/exchange_rates.py", N_("Exchange rates"), ":material/currency_exchange:"),
    Page("sources", "pages/sources.py", N_("Sources & data"), ":material/menu_book:"),
)
PAGE: Mapping[PageKey, Page] = {p.key: p for p in PAGES}
PAGE_PATHS: Mapping[PageKey, str] = {p.key: p.path for p in PAGES}
EMBED_PATH = "embed"  # the page that shows one chart alone, for an <iframe>


class _Titles(Mapping[PageKey, str]):
    """`PAGE_TITLES["money"]` is "Money" in English and the Russian title in Russian, whoever reads
    it and whenever."""

    def __getitem__(self, key: PageKey) -> str:
        return PAGE[key].title

    def __iter__(self) -> Iterator[PageKey]:
        return iter(PAGE)

    def __len__(self) -> int:
        return len(PAGE)


PAGE_TITLES: Mapping[PageKey, str] = _Titles()
