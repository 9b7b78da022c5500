"""The Overview page's numbers: the October 2022 headlines against what was reported later."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from moskvich import figures as F
from moskvich import story
from moskvich.context import Context
from moskvich.currency import convert, shown_source
from moskvich.figures import disagreements, reader_table, row
from moskvich.fmt import format_change, format_count, format_money, format_published, qualified
from moskvich.i18n import _


@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    delta: str | None
    help: str
    ids: tuple[str, ...]  # the rows the numbers come from
    signed: bool = False  # the delta is a change, drawn with an arrow and colour


def _cite(fig: pd.Series) -> str:
    return f"{shown_source(fig['source_name'])}, {format_published(fig['published'])}"


def _count(fig: pd.Series) -> str:
    """A count with the bound the source states before it: `about 27,000`."""
    bound = fig["qualifier"] if fig["qualifier"] in ("about", "nearly", "at least", "over", "up to") else ""
    return qualified(format_count(fig["value"]), bound)


def _change(value: float, plan: pd.Series) -> str:
    return format_change(value / plan["value"] - 1)


def _against(value: float, plan: pd.Series) -> str:
    """A metric's delta: `-46% against 50,000`."""
    return _("{change} against {plan}").format(change=_change(value, plan), plan=_count(plan))


def _outcome_cards(ctx: Context) -> list[Metric]:
    """Each year's reported production against that year's production plans, first and last, and its
    sales against its sales plans, like with like; a year without a sales plan says so."""
    figures = ctx.figures
    summary = ctx.once("year_summary", lambda: F.year_summary(figures))
    electric = ctx.once("year_summary_ev", lambda: F.year_summary(figures, ev=True))
    sales_plans = ctx.once("sales_plans", lambda: F.year_plans(figures, "vehicles_sold"))
    out = []
    for year, rows in summary.groupby("year"):
        series = rows.set_index("series")
        built = series.loc["Reported production"] if "Reported production" in series.index else None
        if built is not None and F.PLAN_FIRST in series.index:
            ev = electric[(electric["year"] == year) & (electric["series"] == "Reported EV production")]
            shown = _count(built)
            if len(ev):
                shown = _("{built} ({electric} electric)").format(
                    built=shown, electric=format_count(ev["value"].iloc[0])
                )
            plans = [(F.PLAN_FIRST, series.loc[F.PLAN_FIRST])]
            if F.PLAN_LAST in series.index and series.loc[F.PLAN_LAST]["value"] != plans[0][1]["value"]:
                plans.append((F.PLAN_LAST, series.loc[F.PLAN_LAST]))
            for name, plan in plans:
                if len(plans) == 1:
                    label = _("Built in {year}, against the production plan")
                elif name == F.PLAN_FIRST:
                    label = _("Built in {year}, against the first plan for production")
                else:
                    label = _("Built in {year}, against the last plan for production")
                out.append(
                    Metric(
                        label.format(year=year),
                        shown,
                        _against(built["value"], plan),
                        _("Plan: {plan}. Built: {built}.").format(plan=_cite(plan), built=_cite(built)),
                        (plan["id"], built["id"], *ev["id"]),
                        signed=True,
                    )
                )
        if "Reported sales" in series.index:
            sold = series.loc["Reported sales"]
            plans_of_year = sales_plans[sales_plans["year"] == year]
            if plans_of_year.empty:
                why = (
                    _(
                        "The sources give production plans for {year}, not sales plans, so the sales are "
                        "not set against a plan."
                    )
                    if F.PLAN_FIRST in series.index
                    else _("The sources give no plan for {year}.")
                )
                out.append(
                    Metric(
                        _("Sold in {year}").format(year=year),
                        _count(sold),
                        _("no sales plan for {year} in the sources").format(year=year),
                        _("Sales: {sales}.").format(sales=_cite(sold)) + " " + why.format(year=year),
                        (sold["id"],),
                    )
                )
            for _row, plan in plans_of_year.iterrows():
                label = (
                    _("Sold in {year}, against the first plan for sales")
                    if plan["series"] == F.PLAN_FIRST
                    else _("Sold in {year}, against the last plan for sales")
                )
                out.append(
                    Metric(
                        label.format(year=year),
                        _count(sold),
                        _against(sold["value"], plan),
                        _("Plan: {plan}. Sales: {sales}.").format(plan=_cite(plan), sales=_cite(sold)),
                        (plan["id"], sold["id"]),
                        signed=True,
                    )
                )
    return out


def _row(ctx: Context, figure_id: str) -> pd.Series:
    """A figure's row, looked up once per data set."""
    return ctx.once(("row", figure_id), lambda: row(ctx.figures, figure_id))


def headline_metrics(ctx: Context) -> list[Metric]:
    """What was built and sold against what was planned, then the October 2022 report's sums in the
    display currency."""
    cur = ctx.currency
    known = ctx.ids()
    out = [*ctx.once("outcome cards", lambda: _outcome_cards(ctx))]  # the same at any rate

    def have(*ids: str) -> bool:
        return set(ids) <= known

    if have(story.REPORT_INVESTMENT):
        inv = _row(ctx, story.REPORT_INVESTMENT)
        out.append(
            Metric(
                _("{amount} investment by Moscow and KAMAZ").format(
                    amount=format_money(inv["value"], inv["unit"])
                ),
                format_money(convert(inv["value"], inv["unit"], cur, ctx.rates), cur),
                None,
                _converted(inv, ctx),
                (inv["id"],),
            )
        )
    for figure_id, label in (
        (story.REPORT_AVTOVAZ_PRICE, _("Renault's Avtovaz stake sold for {amount}")),
        (story.REPORT_NISSAN_PRICE, _("Nissan's Russian business sold for {amount}")),
    ):
        if have(figure_id):
            deal = _row(ctx, figure_id)
            out.append(
                Metric(
                    label.format(amount=format_money(deal["value"], deal["unit"])),
                    format_money(convert(deal["value"], deal["unit"], cur, ctx.rates), cur),
                    None,
                    _converted(deal, ctx),
                    (deal["id"],),
                )
            )
    return out


def _converted(fig: pd.Series, ctx: Context) -> str:
    return _("{source}; converted {credit}.").format(source=_cite(fig), credit=ctx.credit)


@dataclass(frozen=True)
class CorrectionView:
    topic: str
    text: str
    claim: pd.Series
    sources: pd.DataFrame


def corrections(figures: pd.DataFrame) -> list[CorrectionView]:
    """The corrections whose rows are all in the data, with the rows that make them."""
    known = set(figures["id"])
    out = []
    for c in story.CORRECTIONS:
        if c.claim in known and set(c.corrected_by) <= known:
            sources = figures.set_index("id").loc[list(c.corrected_by)].reset_index()
            out.append(CorrectionView(_(c.topic), _(c.text), row(figures, c.claim), sources))
    return out


def metric_sources(ctx: Context, metrics: list[Metric]) -> pd.DataFrame:
    """The rows behind the metric cards, as the Sources page lists them."""
    ids = tuple(i for m in metrics for i in m.ids)
    return ctx.once(("sources of", ids), lambda: reader_table(rows_for(ctx.figures, list(ids)), ctx.flags))


def corrections_with_sources(ctx: Context) -> list[tuple[CorrectionView, pd.DataFrame]]:
    """Each correction with the table of the claim and the rows that correct it."""

    def make() -> list[tuple[CorrectionView, pd.DataFrame]]:
        return [
            (c, reader_table(rows_for(ctx.figures, [c.claim["id"], *c.sources["id"]]), ctx.flags))
            for c in corrections(ctx.figures)
        ]

    return ctx.once("corrections with sources", make)


def disagreements_table(ctx: Context) -> pd.DataFrame:
    return ctx.once("disagreements", lambda: reader_table(disagreements(ctx.figures), ctx.flags))


def rows_for(figures: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """The rows behind numbers on screen, for a sources table."""
    wanted = list(dict.fromkeys(ids))
    return figures.set_index("id").loc[[i for i in wanted if i in set(figures["id"])]].reset_index()
