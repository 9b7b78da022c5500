"""Moskvich against the market, real roubles and purchasing power: plain calculations.

- Shares: Moskvich's sales over the Russian passenger-car market of the same year, as Autostat counts
  it (the counter that reports Moskvich's own sales), beside the shares sources reported; a plan drawn
  as the share it would have taken of that year's market.
- Real roubles: Rosstat's month-on-month consumer prices chained into a price level per month. A month
  the sources lack is the residual that makes its year's chain equal the December-on-December figure,
  spread evenly when several are missing; months after the latest known one take the latest level.
- Purchasing power: roubles over the World Bank's PPP conversion factor (roubles per international
  dollar) of a year; the latest factor when the year has none.

docs/methodology.md states the formulas, the sources and their limits.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from moskvich.base import fmt
from moskvich.base.i18n import N_, _
from moskvich.dataset import audit
from moskvich.dataset.datapackage import FIGURES, MARKET_CONTEXT, tables
from moskvich.dataset.load import row_lines
from moskvich.domain import figures as F

PPP = "PPP"  # the display currency of international dollars
NOMINAL = "nominal"  # the prices setting's default: money as reported
# The counter whose market total Moskvich's sales are set against: Autostat counts the registrations
# of new passenger cars, and Moskvich's reported sales are Autostat's counts too.
SHARE_COUNTER = "autostat"
MARKET_SERIES = "market_sales_passenger_cars"
# What the market chart draws, each series with its counter: (series, counter).
MARKET_LINES = (
    ("market_sales_passenger_cars", "autostat"),
    ("market_sales_cars_lcv", "aeb"),
)
SHARE_LINES = (
    ("chinese_brands_share_passenger_cars", "autostat"),
    ("lada_market_share", "autostat"),
    ("lada_market_share", "avtovaz"),
)
# The series of the October 2022 deals and what became of them.
DEAL_SERIES = (
    "renault_buyback_option",
    "renault_buyback_statement",
    "renault_sanctions",
    "nissan_plant_stake",
    "nissan_plant_event",
    "nissan_plant_output",
    "avtovaz_investment",
)
DEAL_METRICS = ("deal_price",)  # the figures' own rows of the 1-rouble and 1-euro sales
DEAL_DAY = date(2022, 10, 20)
ROUNDING = 0.05  # percentage points: a share reported to one decimal is within this of the exact one


def month_of(day: date | pd.Timestamp) -> pd.Period:
    return pd.Period(year=day.year, month=day.month, freq="M")


@dataclass(frozen=True)
class PriceIndex:
    """Consumer prices as a level per month, 1 in the month before the first one known."""

    levels: dict[pd.Period, float]
    filled: tuple[pd.Period, ...] = ()  # months that are residuals, not reported
    unfilled: tuple[pd.Period, ...] = ()  # months missing with no December figure to fill them: flat

    @property
    def first(self) -> pd.Period:
        return min(self.levels)

    @property
    def last(self) -> pd.Period:
        return max(self.levels)

    def level(self, month: pd.Period) -> float:
        """The level of `month`; before the first month the first level, after the last the last."""
        return self.levels[min(max(month, self.first), self.last)]

    def factor(self, month: pd.Period, year: int) -> float:
        """What one rouble of `month` is in roubles of December of `year`."""
        return self.level(pd.Period(year=year, month=12, freq="M")) / self.level(month)

    def years(self, earliest: int = 2022) -> list[int]:
        """The years whose December the chain reaches, from `earliest`."""
        top = self.last.year if self.last.month == 12 else self.last.year - 1
        return list(range(earliest, top + 1))

    def beyond(self, month: pd.Period) -> bool:
        """Whether `month` lies outside the chain, so that a nearest level stands for it."""
        return not self.first <= month <= self.last


def price_index(monthly: pd.DataFrame, annual: pd.DataFrame) -> PriceIndex:
    """The chain of `monthly` (columns month `YYYY-MM`, mom_percent), its gaps filled from `annual`
    (year, dec_on_dec_percent)."""
    if monthly.empty:
        return PriceIndex({})
    known = {
        pd.Period(str(m), freq="M"): 1 + float(p) / 100
        for m, p in zip(monthly["month"], monthly["mom_percent"], strict=True)
    }
    dec_on_dec = {
        int(y): 1 + float(p) / 100 for y, p in zip(annual["year"], annual["dec_on_dec_percent"], strict=True)
    }
    first, last = min(known), max(known)
    growth: dict[pd.Period, float] = {}
    filled, unfilled = [], []
    for year in range(first.year, last.year + 1):
        months = [pd.Period(year=year, month=m, freq="M") for m in range(1, 13)]
        months = [m for m in months if first <= m <= last]
        missing = [m for m in months if m not in known]
        whole_year = len(months) == 12
        for m in months:
            growth[m] = known.get(m, 1.0)
        if not missing:
            continue
        if whole_year and year in dec_on_dec:
            rest = math.prod(known[m] for m in months if m in known)
            each = (dec_on_dec[year] / rest) ** (1 / len(missing))
            for m in missing:
                growth[m] = each
            filled += missing
        else:
            unfilled += missing
    levels = {first - 1: 1.0}
    level = 1.0
    for m in sorted(growth):
        level *= growth[m]
        levels[m] = level
    return PriceIndex(levels, tuple(filled), tuple(unfilled))


@dataclass(frozen=True)
class PppFactors:
    """Roubles per international dollar by year (World Bank, PA.NUS.PPP)."""

    by_year: dict[int, float]
    sources: dict[int, tuple[str, str, str]] = field(default_factory=dict)  # name, link, published

    def factor(self, year: int) -> tuple[float, int]:
        """The factor of `year`, or the latest factor when the year has none; and its year."""
        if year in self.by_year:
            return self.by_year[year], year
        latest = max(self.by_year)
        return self.by_year[latest], latest


def ppp_factors(ppp: pd.DataFrame) -> PppFactors:
    rows = ppp.itertuples(index=False)
    out, sources = {}, {}
    for r in rows:
        out[int(r.year)] = float(r.rub_per_intl_dollar)
        sources[int(r.year)] = (str(r.source_name), str(r.source_url), str(r.published))
    return PppFactors(out, sources)


@dataclass(frozen=True)
class Prices:
    """How money is shown: `year` None for nominal roubles, else roubles of December of `year`."""

    index: PriceIndex
    year: int | None = None

    def factor(self, month: pd.Period) -> float:
        return 1.0 if self.year is None else self.index.factor(month, self.year)


def deflate(amount: float, month: pd.Period, index: PriceIndex, year: int) -> float:
    """`amount` roubles of `month` in roubles of December of `year`."""
    return amount * index.factor(month, year)


def to_ppp(roubles: float, year: int, factors: PppFactors) -> float:
    """`roubles` in international dollars at the factor of `year` (the latest when it has none)."""
    return roubles / factors.factor(year)[0]


def money_month(fig: pd.Series) -> pd.Period:
    """The month an amount refers to: the end of the period it covers, else the month of its source."""
    end = fig.get("period_end")
    if end is not None and not pd.isna(end):
        return month_of(end)
    return month_of(fig["published_date"])


def prepare_context(context: pd.DataFrame) -> pd.DataFrame:
    """The context table with the source date as a date, as figures.prepare does for the figures."""
    return F.prepare(context)


def _full_year(frame: pd.DataFrame) -> pd.Series:
    start, end = frame["period_start"], frame["period_end"]
    return (
        (start.dt.month == 1)
        & (start.dt.day == 1)
        & (end.dt.month == 12)
        & (end.dt.day == 31)
        & (start.dt.year == end.dt.year)
    )


def market_by_year(
    context: pd.DataFrame, series: str = MARKET_SERIES, counter: str = SHARE_COUNTER
) -> pd.DataFrame:
    """One row per year of a counter's full-year series: the exact figure first, else the earliest."""
    rows = context[
        (context["series"] == series) & (context["counter"] == counter) & (context["kind"] == "reported")
    ]
    rows = rows[_full_year(rows) & rows["value"].notna()]
    out = [
        F._best(group).to_dict() | {"year": int(year)}
        for year, group in rows.groupby(rows["period_start"].dt.year)
    ]
    columns = ["year", *rows.columns]
    return pd.DataFrame(out, columns=columns).reset_index(drop=True) if out else pd.DataFrame(columns=columns)


def moskvich_sales_by_year(figures: pd.DataFrame) -> pd.DataFrame:
    """Moskvich's reported full-year sales, one row per year, chosen as the Production page chooses."""
    rows = figures[(figures["metric"] == "vehicles_sold") & (figures["kind"] == "reported")]
    rows = rows[_full_year(rows) & rows["value"].notna()]
    out = [
        F._best(group).to_dict() | {"year": int(year)}
        for year, group in rows.groupby(rows["period_start"].dt.year)
    ]
    columns = ["year", *rows.columns]
    return pd.DataFrame(out, columns=columns) if out else pd.DataFrame(columns=columns)


# The kinds of point the shares chart draws; English keys, translated where shown.
COMPUTED, REPORTED_SHARE = "Computed: sales over the market", "Reported share"
PLAN_SHARES = {"vehicles_produced": "Production plan as a share", "vehicles_sold": "Sales plan as a share"}


def share(part: float, whole: float) -> float:
    """`part` over `whole`, in per cent."""
    return 100 * part / whole


def shares(figures: pd.DataFrame, context: pd.DataFrame) -> pd.DataFrame:
    """Moskvich's share of the market: computed per year (sales over the market), as sources
    reported it (years and months), and each plan as the share it would have taken of its year's
    market. Columns: kind, period_start, period_end, year, share (per cent), value (vehicles, for
    computed and plans), market (vehicles), market_id and the source columns of the Moskvich row."""
    market = market_by_year(context).set_index("year") if len(context) else pd.DataFrame()
    out = []

    def market_of(year: int) -> pd.Series | None:
        return market.loc[year] if year in market.index else None

    for r in moskvich_sales_by_year(figures).to_dict("records"):
        total = market_of(r["year"])
        if total is None:
            continue
        out.append(
            r
            | {
                "kind": COMPUTED,
                "share": share(r["value"], total["value"]),
                "market": total["value"],
                "market_id": total["id"],
                "market_source": total["source_name"],
            }
        )
    reported = figures[(figures["metric"] == "market_share") & figures["value"].notna()]
    for r in reported.to_dict("records"):
        out.append(
            r
            | {
                "kind": REPORTED_SHARE,
                "year": r["period_start"].year,
                "share": r["value"],
                "value": math.nan,
                "market": math.nan,
                "market_id": "",
                "market_source": "",
            }
        )
    for metric, kind in PLAN_SHARES.items():
        plans = F.year_plans(figures, metric)
        for r in plans.to_dict("records"):
            total = market_of(int(r["year"]))
            if total is None:
                continue
            out.append(
                r
                | {
                    "kind": kind,
                    "share": share(r["value"], total["value"]),
                    "market": total["value"],
                    "market_id": total["id"],
                    "market_source": total["source_name"],
                }
            )
    columns = [
        "kind",
        "year",
        "period_start",
        "period_end",
        "share",
        "value",
        "market",
        "market_id",
        "market_source",
        *F.SOURCE_COLUMNS,
    ]
    if not out:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(out)
    frame["year"] = frame["year"].astype(int)
    frame = frame.drop_duplicates(subset=["kind", "year", "period_start", "period_end", "share"])
    return frame[columns].sort_values(["period_start", "kind"], kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class ShareGap:
    """A computed share against a reported one for the same year, where they differ beyond rounding."""

    year: int
    computed: float
    reported: float
    computed_id: str
    market_id: str
    reported_id: str


def share_gaps(table: pd.DataFrame) -> list[ShareGap]:
    """Computed yearly shares against shares reported for the same whole year, beyond `ROUNDING`."""
    computed = table[table["kind"] == COMPUTED]
    reported = table[(table["kind"] == REPORTED_SHARE) & _most_of_a_year(table)]
    gaps = []
    for c in computed.to_dict("records"):
        for r in reported[reported["year"] == c["year"]].to_dict("records"):
            if (
                abs(round(c["share"], _decimals(r["share"])) - r["share"]) > 1e-9
                and abs(c["share"] - r["share"]) > ROUNDING
            ):
                gaps.append(ShareGap(c["year"], c["share"], r["share"], c["id"], c["market_id"], r["id"]))
    return gaps


def _most_of_a_year(frame: pd.DataFrame) -> pd.Series:
    """Periods within one calendar year that cover at least half of it: a share for January to
    October says what the year's share is, within rounding, a share for one month does not."""
    start, end = frame["period_start"], frame["period_end"]
    return (start.dt.year == end.dt.year) & ((end - start).dt.days >= 181)


def _decimals(value: float) -> int:
    text = repr(float(value)).rstrip("0").rstrip(".")
    return len(text.partition(".")[2])


def market_lines(context: pd.DataFrame) -> pd.DataFrame:
    """The market by year, one row per year and counter (never a line across two counters)."""
    frames = [market_by_year(context, s, c).assign(series=s, counter=c) for s, c in MARKET_LINES]
    frames = [f for f in frames if len(f)]
    return (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["year", "series", "counter", "value"])
    )


def share_lines(context: pd.DataFrame) -> pd.DataFrame:
    """The Chinese brands' and Lada's shares by year, each series with its counter."""
    frames = [market_by_year(context, s, c).assign(series=s, counter=c) for s, c in SHARE_LINES]
    frames = [f for f in frames if len(f)]
    return (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame(columns=["year", "series", "counter", "value"])
    )


def deals(figures: pd.DataFrame, context: pd.DataFrame) -> pd.DataFrame:
    """What became of the October 2022 deals, in date order: the sales of October 2022 from the
    figures (the first source of each), then the context's rows on Renault's option, the sanctions,
    AvtoVAZ's statements and investment and the former Nissan plant. Columns: date, dated (whether
    the source gives a day or month for it), series, value, unit, qualifier, description,
    description_ru and the source columns."""
    sales = figures[(figures["metric"].isin(DEAL_METRICS)) & (figures["published_date"].dt.date == DEAL_DAY)]
    firsts = sales[sales["unit"].isin(["RUB", "EUR"])].drop_duplicates(subset=["unit"])
    firsts = firsts.assign(series=["deal_price_" + u.lower() for u in firsts["unit"]])
    later = context[context["series"].isin(DEAL_SERIES)]
    rows = pd.concat([firsts, later], ignore_index=True)
    stated = rows["period_start"].where(rows["period_start"].notna(), rows["published_date"])
    rows = rows.assign(date=stated, dated=rows["period_start"].notna() | rows["published"].str.len().eq(10))
    columns = [
        "date",
        "dated",
        "series",
        "value",
        "unit",
        "qualifier",
        "description",
        "description_ru",
        "period_end",
        "published_date",
        "source_name",
        "published",
        "source_url",
        "id",
    ]
    return rows.sort_values(["date", "id"], kind="stable")[columns].reset_index(drop=True)


CONTEXT_COLUMNS = [
    "id",
    "published",
    "kind",
    "series",
    "counter",
    "period_start",
    "period_end",
    "value",
    "unit",
    "qualifier",
    "description",
    "description_ru",
    "source_name",
    "source_url",
]


@dataclass(frozen=True)
class MarketData:
    """The market context (prepared), the price index and the PPP factors of a data set."""

    context: pd.DataFrame
    index: PriceIndex
    ppp: PppFactors
    cpi_monthly: pd.DataFrame
    cpi_annual: pd.DataFrame


def market_data(
    context: pd.DataFrame | None,
    cpi_monthly: pd.DataFrame | None,
    cpi_annual: pd.DataFrame | None,
    ppp: pd.DataFrame | None,
) -> MarketData:
    """The market data of a data set's tables; a table it lacks is empty."""
    if context is None:
        context = pd.DataFrame(
            {
                c: pd.Series(dtype="datetime64[ns]" if c.startswith("period") else object)
                for c in CONTEXT_COLUMNS
            }
        )
        context["value"] = context["value"].astype(float)
    monthly = (
        cpi_monthly
        if cpi_monthly is not None
        else pd.DataFrame(columns=["month", "mom_percent", "source_name", "source_url", "published"])
    )
    annual = (
        cpi_annual
        if cpi_annual is not None
        else pd.DataFrame(columns=["year", "dec_on_dec_percent", "source_name", "source_url", "published"])
    )
    factors = ppp_factors(ppp) if ppp is not None else PppFactors({})
    return MarketData(prepare_context(context), price_index(monthly, annual), factors, monthly, annual)


ROSSTAT = N_("Rosstat consumer prices")
WORLD_BANK_PPP = N_("World Bank PPP factors")


def prices_words(year: int, index: PriceIndex) -> str:
    """How money is deflated, for a credit: "in roubles of December 2025 (Rosstat's consumer prices;
    months after January 2026 at its level)"."""
    latest = fmt.format_month(index.last.to_timestamp().date()) if index.levels else ""
    return _(
        "in roubles of December {year}, deflated from each amount's month with Rosstat's consumer prices "
        "(months after {latest} at its level)"
    ).format(year=year, latest=latest)


def ppp_words(prices: int | None, factors: PppFactors) -> str:
    """How roubles become international dollars, for a credit."""
    if not factors.by_year:
        return ""
    latest = max(factors.by_year)
    if prices is not None:
        factor, year = factors.factor(prices)
        text = _(
            "in international dollars at the World Bank's PPP factor of {year}, {factor} roubles each"
        ).format(year=year, factor=fmt.decimal(factor, 2))
        if year != prices:
            text += _(" (the latest, for {year}, which has none)").format(year=prices)
        return text
    return _(
        "in international dollars at the World Bank's PPP factor of each amount's year (the {latest} "
        "factor for later years)"
    ).format(latest=latest)


def money_basis(prices: int | None, currency: str, data: MarketData | None) -> tuple[str, ...]:
    """What the money shown is beyond its rates: deflated, in international dollars; for credits."""
    if data is None:
        return ()
    parts = []
    if prices is not None and data.index.levels:
        parts.append(prices_words(prices, data.index))
    if currency == PPP:
        parts.append(ppp_words(prices, data.ppp))
    return tuple(p for p in parts if p)


# The audit's rule on shares (`share_differs`), which needs the calculations above ------------------


def share_findings(
    figures: pd.DataFrame, context: pd.DataFrame, path: str, lines: Sequence[int] | None
) -> list[audit.Finding]:
    """A share of the market a source reported that Moskvich's sales over the market total of the
    same year (moskvich.domain.market) contradict beyond rounding. `lines`: the figures' lines in `path`,
    None when `path` is the context table."""
    prepared = F.prepare(figures)
    where = dict(zip(figures["id"], lines, strict=True)) if lines is not None else {}
    found: list[audit.Finding] = []
    for gap in share_gaps(shares(prepared, prepare_context(context))):
        message = _(
            "reported share of {reported} for {year}, but Moskvich's sales over the market that year "
            "come to {computed} ({sales} over {market})"
        ).format(
            reported=fmt.format_percent(gap.reported, digits=2),
            year=gap.year,
            computed=fmt.format_percent(gap.computed, digits=2),
            sales=gap.computed_id,
            market=gap.market_id,
        )
        line = where.get(gap.reported_id)
        other_line = where.get(gap.computed_id)
        found.append(
            audit.Finding(
                path,
                line,
                "share_differs",
                gap.reported_id,
                gap.computed_id,
                other_line,
                f"{gap.reported_id}: {message}",
            )
        )
    return found


def audit_with_shares(path: Path | str) -> audit.Audit:
    """`audit.audit_file` of a figures or market context table, with the shares of the market that
    the tables of its folder contradict (`share_findings`), explained as that folder explains them."""
    path = Path(path)
    result = audit.audit_file(path)
    if result.problems:
        return result
    figures = audit.table_beside(path, FIGURES)
    context = audit.table_beside(path, MARKET_CONTEXT)
    if figures is None or context is None:
        return result
    explained = path.parent / tables()[audit.EXPLAINED].filename
    explanations = audit.read_explanations(explained)[0] if explained.is_file() else ()
    lines = None
    if path.resolve() == (path.parent / tables()[FIGURES].filename).resolve():
        lines = row_lines(path.read_text(encoding="utf-8"))
    return audit.with_findings(result, share_findings(figures, context, str(path), lines), explanations)
