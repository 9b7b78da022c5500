"""Calculations on the figures table: plans against reports, revisions, timelines, disagreements."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd

from moskvich.base.fmt import format_figure, format_period, format_published, is_full_year, plain
from moskvich.base.i18n import N_, _
from moskvich.base.qualifiers import RANGE_ENDS, meaning
from moskvich.dataset.descriptions import shown, source_name
from moskvich.dataset.load import published_date
from moskvich.domain.story import KEY_EVENTS

SOURCE_COLUMNS = ["qualifier", "source_name", "published", "source_url", "id"]
# The series of the tables made here, by id: a plan, or what was reported of a metric (the series
# is the metric's id). Charts and cards show each under its label, translated (`series_label`).
PLAN, PLAN_FIRST, PLAN_LAST = "plan", "plan_first", "plan_last"
# The only 2026 production target is for the new M line; the older models are built besides it.
PLAN_M_LINE = "plan_m_line"
SERIES_LABELS = {
    PLAN: N_("Plan"),
    PLAN_FIRST: N_("First plan"),
    PLAN_LAST: N_("Last plan"),
    PLAN_M_LINE: N_("Plan, M70 and M90 only"),
    "vehicles_produced": N_("Reported production"),
    "vehicles_sold": N_("Reported sales"),
    "vehicles_shipped_to_dealers": N_("Reported shipments to dealers"),
    "ev_produced": N_("Reported EV production"),
}


def series_label(series: str) -> str:
    """A series as a reader sees it, in the current language."""
    return _(SERIES_LABELS[series])


_PRECISION = {10: "day", 7: "month", 4: "year"}


def prepare(figures: pd.DataFrame) -> pd.DataFrame:
    """The figures table with the source date as a date and how precise it is."""
    out = figures.copy()
    out["published_date"] = out["published"].map(published_date)
    out["published_precision"] = out["published"].str.len().map(_PRECISION)
    return out


def row(figures: pd.DataFrame, figure_id: str) -> pd.Series:
    matches = figures[figures["id"] == figure_id]
    if matches.empty:
        raise KeyError(f"figure {figure_id!r} is not in the data")
    return matches.iloc[0]


def _full_year(frame: pd.DataFrame) -> pd.Series:
    periods = zip(frame["period_start"], frame["period_end"], strict=True)
    return pd.Series([is_full_year(_day(s), _day(e)) for s, e in periods], frame.index, bool)


def _best(rows: pd.DataFrame) -> pd.Series:
    """One row among several for the same thing: an exact figure first, then the earliest source
    (later ones often repeat or round it). The Sources page lists where they disagree."""
    ranked = rows.assign(_exact=rows["qualifier"].eq("exactly")).sort_values(
        ["_exact", "published_date"], ascending=[False, True], kind="stable"
    )
    return ranked.iloc[0].drop(labels="_exact")


def _plan(plans: pd.DataFrame, last: bool) -> pd.Series:
    """The earliest or the latest plan; among plans of the same date, a single figure rather than one
    end of a range."""
    ranked = plans.assign(_single=~plans["qualifier"].isin(RANGE_ENDS)).sort_values(
        ["published_date", "_single"], ascending=[True, last], kind="stable"
    )
    return ranked.iloc[-1 if last else 0].drop(labels="_single")


def year_summary(figures: pd.DataFrame, ev: bool = False) -> pd.DataFrame:
    """Per calendar year: first and last production plan, and what was reported, with sources.

    `ev` selects the electric-vehicle figures. Without it, a year whose only plan is for the M70 and
    M90 shows that plan as a series of its own. Years run from 2022 to the latest year that has a
    full-year plan or report.
    """
    data = figures[_full_year(figures) & figures["value"].notna()]
    data = data.assign(year=data["period_start"].dt.year)
    data = data[data["year"] >= 2022]
    plan_metric = "ev_produced" if ev else "vehicles_produced"
    reported = (
        ["ev_produced"] if ev else ["vehicles_produced", "vehicles_sold", "vehicles_shipped_to_dealers"]
    )
    out = []
    for _year, rows in data.groupby("year"):
        plans = rows[(rows["kind"] == "plan") & (rows["metric"] == plan_metric)]
        if not plans.empty:
            first, last = _plan(plans, last=False), _plan(plans, last=True)
            out.append(first.to_dict() | {"series": PLAN_FIRST})
            if last["id"] != first["id"]:
                out.append(last.to_dict() | {"series": PLAN_LAST})
        m_line = rows[(rows["kind"] == "plan") & (rows["metric"] == "vehicles_produced_m70_m90")]
        if not ev and plans.empty and not m_line.empty:
            out.append(_plan(m_line, last=True).to_dict() | {"series": PLAN_M_LINE})
        for metric in reported:
            found = rows[(rows["kind"] == "reported") & (rows["metric"] == metric)]
            if not found.empty:
                out.append(_best(found).to_dict() | {"series": metric})
    if not out:
        return pd.DataFrame(columns=["year", "series", "value", *SOURCE_COLUMNS])
    frame = pd.DataFrame(out)
    frame["year"] = frame["year"].astype(int)
    return frame[["year", "series", "value", *SOURCE_COLUMNS]].reset_index(drop=True)


def year_plans(figures: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Per calendar year, the first and (when it differs) the last full-year plan for `metric`, as
    rows with `year` and `series` (PLAN_FIRST, PLAN_LAST)."""
    data = figures[_full_year(figures) & figures["value"].notna()]
    data = data[(data["kind"] == "plan") & (data["metric"] == metric)]
    out = []
    for year, plans in data.groupby(data["period_start"].dt.year):
        first, last = _plan(plans, last=False), _plan(plans, last=True)
        out.append(first.to_dict() | {"year": year, "series": PLAN_FIRST})
        if last["id"] != first["id"] and last["value"] != first["value"]:
            out.append(last.to_dict() | {"year": year, "series": PLAN_LAST})
    return pd.DataFrame(out, columns=[*figures.columns, "year", "series"])


def plan_revisions(figures: pd.DataFrame) -> pd.DataFrame:
    """Every full-year production plan by announcement date, and the reported outcome per target year."""
    data = figures[_full_year(figures) & figures["value"].notna()]
    data = data.assign(target_year=data["period_start"].dt.year)
    plans = data[(data["kind"] == "plan") & (data["metric"] == "vehicles_produced")]
    years = set(plans["target_year"])
    outcomes = data[
        (data["kind"] == "reported")
        & data["metric"].isin(["vehicles_produced", "vehicles_sold"])
        & data["target_year"].isin(years)
    ]
    frame = pd.concat(
        [
            plans.assign(series=PLAN),
            outcomes.assign(series=outcomes["metric"]),
        ]
    )
    columns = ["target_year", "published_date", "series", "value", *SOURCE_COLUMNS]
    return frame.sort_values(["target_year", "published_date", "series"])[columns].reset_index(drop=True)


def _is_month(frame: pd.DataFrame) -> pd.Series:
    start, end = frame["period_start"], frame["period_end"]
    return (start.dt.day == 1) & (start + pd.offsets.MonthEnd(0) == end)


def monthly_sales(figures: pd.DataFrame) -> pd.DataFrame:
    """Sales reported for single calendar months, one figure per month."""
    rows = figures[(figures["kind"] == "reported") & (figures["metric"] == "vehicles_sold")]
    rows = rows[_is_month(rows) & rows["value"].notna()]
    picked = [_best(group) for _, group in rows.groupby("period_start")]
    # With nothing picked the empty `rows` keeps the column types the charts rely on.
    frame = (pd.DataFrame(picked) if picked else rows).rename(columns={"period_start": "month"})
    return frame[["month", "value", *SOURCE_COLUMNS]].sort_values("month").reset_index(drop=True)


def cumulative_reports(figures: pd.DataFrame) -> pd.DataFrame:
    """Running totals: year-to-date sales per year, and production since the November 2022 restart."""
    rows = figures[(figures["kind"] == "reported") & figures["value"].notna()]
    start = rows["period_start"]
    ytd = rows[
        (rows["metric"] == "vehicles_sold")
        & (start.dt.month == 1)
        & (start.dt.day == 1)
        & ~_is_month(rows)
        & (start.dt.year == rows["period_end"].dt.year)
    ]
    ytd = ytd.assign(
        series=[_("Sales since 1 January, {year}").format(year=y) for y in ytd["period_start"].dt.year]
    )
    since = rows[rows["metric"] == "vehicles_produced_cumulative"].assign(
        series=_("Built since the Nov 2022 restart")
    )
    frame = pd.concat([ytd, since])
    picked = [_best(group) for _, group in frame.groupby(["series", "period_end"])]
    # With nothing picked the empty `frame` keeps the column types the charts rely on.
    out = (pd.DataFrame(picked) if picked else frame).rename(columns={"period_end": "as_of"})
    return (
        out[["series", "as_of", "value", *SOURCE_COLUMNS]]
        .sort_values(["series", "as_of"])
        .reset_index(drop=True)
    )


def event_date(rows: pd.DataFrame) -> pd.Series:
    """When an event happened: an event's period start where the source states it, else the source
    date (for a plan, the day it was announced)."""
    stated = rows["period_start"].where(rows["kind"] == "event")
    return stated.fillna(rows["published_date"])


def key_events(figures: pd.DataFrame) -> pd.DataFrame:
    """The curated timeline, with dates and sources; rows missing from the data are left out."""
    labels = {figure_id: _(label) for figure_id, label in KEY_EVENTS}
    rows = figures[figures["id"].isin(labels)]
    out = rows.assign(date=event_date(rows), event=rows["id"].map(labels), description=shown(rows))
    return out[["date", "event", "description", *SOURCE_COLUMNS]].sort_values("date").reset_index(drop=True)


def disagreements(figures: pd.DataFrame) -> pd.DataFrame:
    """Reported figures for the same measure and period on which sources give different values."""
    rows = figures[
        (figures["kind"] == "reported")
        & figures["value"].notna()
        & figures["period_start"].notna()
        & figures["period_end"].notna()
    ]
    keys = ["metric", "period_start", "period_end"]
    groups = [g for _, g in rows.groupby(keys) if g["value"].nunique() > 1]
    if not groups:
        return figures.iloc[0:0]
    return pd.concat(groups).sort_values([*keys, "value"]).reset_index(drop=True)


def source_names(frame: pd.DataFrame) -> list[str]:
    """Distinct sources of the rows, in order of appearance."""
    return list(dict.fromkeys(frame["source_name"].dropna()))


KIND_WORDS = {
    "plan": N_("Plan"),
    "reported": N_("Reported"),
    "deal": N_("Deal"),
    "investment": N_("Investment"),
    "capacity": N_("Capacity"),
    "event": N_("Event"),
}


def kind_word(kind: str) -> str:
    """A figure's kind in words, in the current language: `Plan`, `План`."""
    return _(KIND_WORDS[kind]) if kind in KIND_WORDS else kind


# The reader table's columns, in English; `reader_table` names them in the current language.
READER_COLUMNS = {
    "said": N_("What was said"),
    "figure": N_("Figure"),
    "period": N_("Period"),
    "kind": N_("Kind"),
    "source": N_("Source"),
    "published": N_("Published"),
    "link": N_("Link"),
}


def qualifier_word(qualifier: Any) -> Any:
    """A qualifier as a reader's table shows it, in the current language; others as they are."""
    word = meaning(qualifier).word
    return _(word) if word else qualifier


def _day(stamp: Any) -> date | None:
    return None if stamp is None or pd.isna(stamp) else pd.Timestamp(stamp).date()


# Measures a sentence names in words, for what an upload changed; others are named by their
# description. Translated where shown.
METRIC_WORDS = {
    "vehicles_sold": N_("sales"),
    "vehicles_produced": N_("production"),
    "vehicles_shipped_to_dealers": N_("shipments to dealers"),
    "vehicles_produced_cumulative": N_("production since the restart"),
    "ev_produced": N_("EV production"),
    "ev_sold": N_("EV sales"),
    "deal_price": N_("deal price"),
    "investment": N_("investment"),
    "revenue": N_("revenue"),
    "net_loss": N_("net loss"),
    "writedown": N_("write-down"),
    "total_debt": N_("total debt"),
    "jobs": N_("jobs"),
    "annual_capacity": N_("annual capacity"),
    "annual_capacity_target": N_("annual capacity target"),
    "market_share": N_("market share"),
}


def figure_words(row: Mapping[str, Any]) -> str:
    """A figure as a sentence names it, in the current language: `2023 sales`, `2024 sales plan`,
    `investment`; else by its description."""
    what = METRIC_WORDS.get(row.get("metric", ""))
    if what is None:
        return str(row.get("description") or row.get("id") or "")
    period = format_period(_day(row.get("period_start")), _day(row.get("period_end")))
    plan = row.get("kind") == "plan"
    if not period:
        return (_("{what} plan") if plan else "{what}").format(what=_(what))
    return (_("{period} {what} plan") if plan else _("{period} {what}")).format(period=period, what=_(what))


# How a table marks the rows an upload changed or added (see `with_flags`); translated where shown.
FLAG_COLUMN = N_("Your upload")
FLAG_WORDS = {"changed": N_("changed"), "added": N_("new")}


def with_flags(table: pd.DataFrame, ids: Sequence[Any], flags: Mapping[str, str]) -> pd.DataFrame:
    """`table` with a column, after the first, that marks each row an upload changed or added; `ids`
    are the rows' figure ids (several joined with "; "). The table as it is when no row is marked."""
    marks = []
    for cell in ids:
        found = {flags[i] for i in str(cell).split("; ") if i in flags} if isinstance(cell, str) else set()
        marks.append(
            _(FLAG_WORDS["changed"]) if "changed" in found else _(FLAG_WORDS["added"]) if found else ""
        )
    if not any(marks):
        return table
    out = table.copy()
    out.insert(min(1, len(out.columns)), _(FLAG_COLUMN), marks)
    return out


def reader_table(rows: pd.DataFrame, flags: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Figures as a reader reads them: what was said, the figure with its unit and how it was stated,
    the period, the source and its date and link. No ids or metric names, no empty markers. `flags`:
    the rows an upload changed or added, marked in a column of their own."""
    column = {key: _(name) for key, name in READER_COLUMNS.items()}
    table = pd.DataFrame(
        {
            column["said"]: shown(rows).to_numpy(),
            column["figure"]: [
                format_figure(v, u, q)
                for v, u, q in zip(rows["value"], rows["unit"], rows["qualifier"], strict=True)
            ],
            column["period"]: [
                format_period(_day(a), _day(b))
                for a, b in zip(rows["period_start"], rows["period_end"], strict=True)
            ],
            column["kind"]: [kind_word(k) for k in rows["kind"]],
            column["source"]: [source_name(s) if isinstance(s, str) else s for s in rows["source_name"]],
            column["published"]: [format_published(p) for p in rows["published"]],
            column["link"]: rows["source_url"].to_numpy(),
        }
    )
    return with_flags(table, rows["id"].tolist(), flags) if flags else table


# A number written with thousands separators, as English (50,000) and Russian (50 000, with a space
# that does not break, or as typed) write it.
_GROUPED = re.compile(r"\b\d{1,3}(?:[,\u00a0\u202f ]\d{3})+\b")


def _ungrouped(text: str) -> str:
    """`50,000` and `50 000` as `50000`, so that a search finds a number however it is written."""
    return _GROUPED.sub(lambda found: re.sub(r"\D", "", found.group()), text)


def search(figures: pd.DataFrame, kinds: list[str], text: str = "") -> pd.DataFrame:
    """Rows of the given kinds in which every word of `text` appears (any case), in what the reader
    sees of the row: what was said, the figure, the period, the kind, the source and its date. A
    number matches with or without its thousands separators: `50000` finds `50,000`."""
    rows = figures[figures["kind"].isin(kinds)]
    words = _ungrouped(text.lower()).split()
    if not words or rows.empty:
        return rows
    seen = reader_table(rows).drop(columns=_(READER_COLUMNS["link"]))
    haystack = [_ungrouped(row) for row in seen.astype(str).agg(" ".join, axis=1).str.lower()]
    keep = [all(word in row for word in words) for row in haystack]
    return rows[keep]


def no_match(text: str, chosen: list[str], kinds: list[str]) -> str:
    """Why `search` finds no figure of the `chosen` kinds (of all `kinds`) for `text`, and what to do
    about it, as Markdown."""
    if not chosen:
        return _("No kind of figure is chosen: choose one or more in Kinds to see figures.")
    if len(chosen) < len(kinds):
        return _(
            "No figure of the chosen kinds has every word of “{text}”. Try fewer words, or choose more kinds."
        ).format(text=plain(text.strip()))
    return _("No figure has every word of “{text}”. Try fewer or other words.").format(
        text=plain(text.strip())
    )


def newest_published(figures: pd.DataFrame) -> str:
    """The date of the newest source, as precisely as it is known (YYYY-MM-DD, YYYY-MM or YYYY), for
    "figures reported up to ...". A month or year alone counts as its middle, as in sorting."""
    return str(max(figures["published"], key=lambda p: (published_date(p), len(p))))
