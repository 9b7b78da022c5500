"""Money figures in every currency, at the chosen rates and at the official rate of their day."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from moskvich.base import i18n
from moskvich.base.fmt import format_date, format_money, format_month, format_published
from moskvich.base.i18n import _
from moskvich.domain.context import Context
from moskvich.domain.currency import (
    CURRENCIES,
    DISPLAY_CURRENCIES,
    FOREIGN,
    Rates,
    convert,
    official_rates_on,
    shown_source,
)
from moskvich.domain.figures import SOURCE_COLUMNS, qualifier_word, row, with_flags
from moskvich.domain.market import PPP, money_month
from moskvich.domain.story import PER_VEHICLE


def money_items(
    figures: pd.DataFrame, history: pd.DataFrame, rates: Rates | None, items: tuple[tuple[str, str], ...]
) -> pd.DataFrame:
    """One row per money figure: the amount as reported, in each currency at `rates` (at the
    official rate of its day when `rates` is None), and in each currency at the official rate in
    force on the source's date (`official_<CUR>`, dated `rate_date`). Each item's label (a message of
    moskvich.domain.story) is in the current language."""
    return at_rates(official_items(figures, history, items), rates)


def official_items(
    figures: pd.DataFrame, history: pd.DataFrame, items: tuple[tuple[str, str], ...]
) -> pd.DataFrame:
    """`money_items` without the columns at the chosen rates: what stays the same as the rates move."""
    out = []
    known = set(figures["id"])
    for figure_id, label in items:
        if figure_id not in known:
            continue
        fig = row(figures, figure_id)
        entry = {"item": _(label), "amount": fig["value"], "unit": fig["unit"]}
        try:
            official = official_rates_on(history, fig["published_date"].date())
        except ValueError:
            official = None  # the source's date lies outside the rate series
        entry["rate_date"] = official.day if official else None
        for currency in CURRENCIES:
            entry[f"official_{currency}"] = (
                convert(fig["value"], fig["unit"], currency, official.rates) if official else float("nan")
            )
        entry |= {c: fig[c] for c in SOURCE_COLUMNS}
        out.append(entry)
    return pd.DataFrame(out)


def at_rates(items: pd.DataFrame, rates: Rates | None) -> pd.DataFrame:
    """`official_items` with the amount in each currency at `rates`, one column per currency; with
    no rates chosen, those columns hold the amounts at the official rate of their day."""
    out = items.copy()
    if out.empty:
        return out
    amounts = list(zip(items["amount"].tolist(), items["unit"].tolist(), strict=True))
    for position, currency in enumerate(CURRENCIES, start=3):
        converted = (
            items[f"official_{currency}"].tolist()
            if rates is None
            else [convert(a, unit, currency, rates) for a, unit in amounts]
        )
        out.insert(position, currency, converted)
    return out


def vehicle_counts(figures: pd.DataFrame) -> pd.DataFrame:
    """The vehicles planned, built or sold that the Moscow-KAMAZ investment is divided by, with what
    each count is (`divides`, a message with {n}), whether it is planned, and their sources."""
    out = []
    known = set(figures["id"])
    for label, ids, divides, planned in PER_VEHICLE:
        if not set(ids) <= known:
            continue
        rows = [row(figures, i) for i in ids]
        out.append(
            {
                "basis": label,
                "vehicles": sum(r["value"] for r in rows),
                "divides": divides,
                "planned": planned,
                "source_name": "; ".join(dict.fromkeys(r["source_name"] for r in rows)),
                "published": "; ".join(r["published"] for r in rows),
                "id": "; ".join(ids),
            }
        )
    columns = ["basis", "vehicles", "divides", "planned", "source_name", "published", "id"]
    return pd.DataFrame(out, columns=columns)


def divide(counts: pd.DataFrame, total: float, currency: str) -> pd.DataFrame:
    """`total` in `currency` per vehicle of each of the `vehicle_counts`."""
    out = counts.copy()
    out.insert(2, "per_vehicle", [total / vehicles for vehicles in counts["vehicles"]])
    out.insert(3, "currency", currency)
    return out


def value_over_time(
    history: pd.DataFrame, amount_rub: float, currency: str, rub_per_ppp: float = math.nan
) -> pd.DataFrame:
    """What `amount_rub` was worth in `currency` at each official rate since the series began; in
    international dollars (PPP) no exchange rate applies: the roubles over `rub_per_ppp` throughout."""
    if currency == PPP:
        series = pd.Series(amount_rub / rub_per_ppp, index=history.index)
    elif currency == "RUB":
        series = pd.Series(amount_rub, index=history.index)
    else:
        series = amount_rub / history[currency].dropna()
    return pd.DataFrame({"date": series.index, "value": series.to_numpy(), "currency": currency})


def official_history_long(history: pd.DataFrame) -> pd.DataFrame:
    """The rate history as date, currency, rub_per_unit rows (for tables and CSV export)."""
    long = history[list(FOREIGN)].reset_index().melt("date", var_name="currency", value_name="rub_per_unit")
    return long.dropna().reset_index(drop=True)


def converted_header(currency: str, official: bool) -> str:
    """The Money table's header of amounts in `currency`, saying at which rate."""
    if currency == PPP:
        if official:
            return _("In international dollars (PPP), from the official rate of the day")
        return _("In international dollars (PPP), from your rates")
    if official:
        return _("In {currency}, official rate of the day").format(currency=currency)
    return _("In {currency}, your rates").format(currency=currency)


def _amounts(values: pd.Series, currency: str) -> list[str]:
    return [format_money(v, currency) if pd.notna(v) else _("no official rate") for v in values]


def items_display(items: pd.DataFrame, currency: str, official: bool = False) -> pd.DataFrame:
    """The money table as people read it, in the current language: every amount formatted, in the
    display currency first, then in the others, with sources. `official`: no rates are chosen, so
    every amount is at the official rate of its day, and there is no column at the reader's rates."""
    table = pd.DataFrame({_("Item"): items["item"]})
    table[_("As reported")] = [
        format_money(a, u) for a, u in zip(items["amount"], items["unit"], strict=True)
    ]
    table[_("Qualifier")] = [qualifier_word(q) for q in items["qualifier"]]
    if not official:
        table[converted_header(currency, official=False)] = _amounts(items[currency], currency)
    table[converted_header(currency, official=True)] = _amounts(items[f"official_{currency}"], currency)
    table[_("Official rate of")] = [
        format_date(d) if isinstance(d, date) and i18n.current() == "ru" else d for d in items["rate_date"]
    ]
    table[_("Source")] = [shown_source(s) if isinstance(s, str) else s for s in items["source_name"]]
    table[_("Published")] = [format_published(p) for p in items["published"]]
    table[_("Link")] = items["source_url"]
    for cur in DISPLAY_CURRENCIES:
        if cur != currency and cur in items.columns:
            table[converted_header(cur, official)] = _amounts(items[cur], cur)
    return table.fillna("")


def money_display(ctx: Context, items: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """`items_display` of `money_table(ctx, items)`: the columns that do not move with the rates are
    made once per data set and display currency."""
    cur = ctx.currency
    official = ctx.rates is None
    table = money_table(ctx, items)
    if table.empty or official:
        out = ctx.once(("money display", items, cur, official), lambda: items_display(table, cur, official))
    else:
        out = ctx.once(("money display", items, cur, official), lambda: items_display(table, cur)).copy()
        for currency in DISPLAY_CURRENCIES:  # the columns at the chosen rates, where items_display put them
            if currency in table.columns:
                out[converted_header(currency, official=False)] = _amounts(table[currency], currency)
    if ctx.prices is not None and not table.empty:
        out = out.copy()
        out.insert(
            2, _("In roubles of December {year}").format(year=ctx.prices), _in_real_roubles(ctx, table)
        )
    return with_flags(out, table["id"].tolist(), ctx.flags) if not table.empty else out


def _in_real_roubles(ctx: Context, table: pd.DataFrame) -> list[str]:
    """Each amount as reported, of its month, and in roubles of December of the prices year:
    "₽5.0bn of October 2022 = ₽6.3bn"."""
    out = []
    for figure_id, amount, unit, real in zip(
        table["id"], table["amount"], table["unit"], table["official_RUB"], strict=True
    ):
        month = _months(ctx, (figure_id,))[0].to_timestamp().date()
        shown = format_money(real, "RUB") if pd.notna(real) else _("no official rate")
        out.append(
            _("{amount} of {month} = {real}").format(
                amount=format_money(amount, unit), month=format_month(month), real=shown
            )
        )
    return out


def money_table(ctx: Context, items: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """`money_items` at the context's rates; what does not depend on the rates is made once."""
    return money_at(ctx, items, ctx.rates)


def money_at(ctx: Context, items: tuple[tuple[str, str], ...], rates: Rates | None) -> pd.DataFrame:
    """`money_items` at `rates`; what does not depend on the rates is made once."""
    official = ctx.once(("official_items", items), lambda: official_items(ctx.figures, ctx.history, items))
    return in_real_terms(ctx, at_rates(official, rates))


def _months(ctx: Context, ids: tuple[str, ...]) -> list[pd.Period]:
    """The month each amount refers to, looked up once per data set: a lookup by id scans the figures,
    and a slider move on the Money page made a hundred of them."""
    return ctx.cache.once(
        ("money months", ids), lambda: [money_month(row(ctx.figures, i)) for i in ids], words=False
    )


def in_real_terms(ctx: Context, table: pd.DataFrame) -> pd.DataFrame:
    """The amounts deflated from their months when the reader chose prices of a year, and in
    international dollars too (`PPP`, `official_PPP`: the roubles over the PPP factor of the prices
    year or of the amount's year), after the conversion at the rates in use (moskvich.domain.market)."""
    if table.empty or ctx.market is None:
        return table
    months = _months(ctx, tuple(table["id"]))
    factors = [ctx.deflator(m) for m in months]
    ppp = [ctx.ppp_factor(m.year) if ctx.market.ppp.by_year else float("nan") for m in months]
    out = table.copy()
    for currency in CURRENCIES:
        for column in (currency, f"official_{currency}"):
            if column in out.columns:
                out[column] = out[column] * factors
    out.insert(out.columns.get_loc("RUB") + 1, PPP, out["RUB"] / ppp)
    out["official_PPP"] = out["official_RUB"] / ppp
    return out
