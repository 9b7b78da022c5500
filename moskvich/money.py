"""Money figures in every currency, at the chosen rates and at the official rate of their day."""

from __future__ import annotations

from datetime import date

import pandas as pd

from moskvich import i18n
from moskvich.context import Context
from moskvich.currency import CURRENCIES, FOREIGN, Rates, convert, official_rates_on, shown_source
from moskvich.figures import SOURCE_COLUMNS, qualifier_word, row, with_flags
from moskvich.fmt import format_date, format_money, format_published
from moskvich.i18n import _
from moskvich.story import PER_VEHICLE


def money_items(
    figures: pd.DataFrame, history: pd.DataFrame, rates: Rates, items: tuple[tuple[str, str], ...]
) -> pd.DataFrame:
    """One row per money figure: the amount as reported, in each currency at `rates`, and in each
    currency at the official rate in force on the source's date (`official_<CUR>`, dated `rate_date`).
    Each item's label (a message of moskvich.story) is in the current language."""
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


def at_rates(items: pd.DataFrame, rates: Rates) -> pd.DataFrame:
    """`official_items` with the amount in each currency at `rates`, one column per currency."""
    out = items.copy()
    if out.empty:
        return out
    amounts = list(zip(items["amount"].tolist(), items["unit"].tolist(), strict=True))
    for position, currency in enumerate(CURRENCIES, start=3):
        out.insert(position, currency, [convert(a, unit, currency, rates) for a, unit in amounts])
    return out


def vehicle_counts(figures: pd.DataFrame) -> pd.DataFrame:
    """The vehicles planned, built or sold that the Moscow-KAMAZ investment is divided by, with their
    sources."""
    out = []
    known = set(figures["id"])
    for label, ids in PER_VEHICLE:
        if not set(ids) <= known:
            continue
        rows = [row(figures, i) for i in ids]
        out.append(
            {
                "basis": label,
                "vehicles": sum(r["value"] for r in rows),
                "source_name": "; ".join(dict.fromkeys(r["source_name"] for r in rows)),
                "published": "; ".join(r["published"] for r in rows),
                "id": "; ".join(ids),
            }
        )
    return pd.DataFrame(out, columns=["basis", "vehicles", "source_name", "published", "id"])


def divide(counts: pd.DataFrame, total: float, currency: str) -> pd.DataFrame:
    """`total` in `currency` per vehicle of each of the `vehicle_counts`."""
    out = counts.copy()
    out.insert(2, "per_vehicle", [total / vehicles for vehicles in counts["vehicles"]])
    out.insert(3, "currency", currency)
    return out


def value_over_time(history: pd.DataFrame, amount_rub: float, currency: str) -> pd.DataFrame:
    """What `amount_rub` was worth in `currency` at each official rate since the series began."""
    if currency == "RUB":
        series = pd.Series(amount_rub, index=history.index)
    else:
        series = amount_rub / history[currency].dropna()
    return pd.DataFrame({"date": series.index, "value": series.to_numpy(), "currency": currency})


def official_history_long(history: pd.DataFrame) -> pd.DataFrame:
    """The rate history as date, currency, rub_per_unit rows (for tables and CSV export)."""
    long = history[list(FOREIGN)].reset_index().melt("date", var_name="currency", value_name="rub_per_unit")
    return long.dropna().reset_index(drop=True)


def items_display(items: pd.DataFrame, currency: str) -> pd.DataFrame:
    """The money table as people read it, in the current language: every amount formatted, in the
    display currency first, then in the others, with sources."""
    table = pd.DataFrame({_("Item"): items["item"]})
    table[_("As reported")] = [
        format_money(a, u) for a, u in zip(items["amount"], items["unit"], strict=True)
    ]
    table[_("Qualifier")] = [qualifier_word(q) for q in items["qualifier"]]
    table[_("In {currency}, your rates").format(currency=currency)] = [
        format_money(v, currency) for v in items[currency]
    ]
    table[_("In {currency}, official rate of the day").format(currency=currency)] = [
        format_money(v, currency) if pd.notna(v) else _("no official rate")
        for v in items[f"official_{currency}"]
    ]
    table[_("Official rate of")] = [
        format_date(d) if isinstance(d, date) and i18n.current() == "ru" else d for d in items["rate_date"]
    ]
    table[_("Source")] = [shown_source(s) if isinstance(s, str) else s for s in items["source_name"]]
    table[_("Published")] = [format_published(p) for p in items["published"]]
    table[_("Link")] = items["source_url"]
    for cur in CURRENCIES:
        if cur != currency:
            table[_("In {currency}, your rates").format(currency=cur)] = [
                format_money(v, cur) for v in items[cur]
            ]
    return table.fillna("")


def money_display(ctx: Context, items: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """`items_display` of `money_table(ctx, items)`: the columns that do not move with the rates are
    made once per data set and display currency."""
    cur = ctx.currency
    table = money_table(ctx, items)
    if table.empty:
        return items_display(table, cur)
    fixed = ctx.once(("money display", items, cur), lambda: items_display(table, cur))
    out = fixed.copy()
    for currency in CURRENCIES:  # the columns at the chosen rates, where items_display put them
        out[_("In {currency}, your rates").format(currency=currency)] = [
            format_money(v, currency) for v in table[currency]
        ]
    return with_flags(out, table["id"].tolist(), ctx.flags)


def money_table(ctx: Context, items: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """`money_items` at the context's rates; what does not depend on the rates is made once."""
    official = ctx.once(("official_items", items), lambda: official_items(ctx.figures, ctx.history, items))
    return at_rates(official, ctx.rates)
