"""The Overview page's numbers: the October 2022 headlines against what was reported later."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from moskvich import figures as F
from moskvich import story
from moskvich.context import Context
from moskvich.currency import convert
from moskvich.figures import disagreements, reader_table, row
from moskvich.fmt import format_change, format_count, format_money


@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    delta: str | None
    help: str
    ids: tuple[str, ...]  # the rows the numbers come from
    signed: bool = False  # the delta is a change, drawn with an arrow and colour


def _cite(fig: pd.Series) -> str:
    return f"{fig['source_name']}, {fig['published']}"


def _count(fig: pd.Series) -> str:
    qualifier = (
        f"{fig['qualifier']} " if fig["qualifier"] in ("about", "nearly", "at least", "over", "up to") else ""
    )
    return f"{qualifier}{format_count(fig['value'])}"


def _change(value: float, plan: pd.Series) -> str:
    return format_change(value / plan["value"] - 1)


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
            shown = _count(built) + (f" ({format_count(ev['value'].iloc[0])} electric)" if len(ev) else "")
            plans = [(F.PLAN_FIRST, series.loc[F.PLAN_FIRST])]
            if F.PLAN_LAST in series.index and series.loc[F.PLAN_LAST]["value"] != plans[0][1]["value"]:
                plans.append((F.PLAN_LAST, series.loc[F.PLAN_LAST]))
            for name, plan in plans:
                which = "the production plan" if len(plans) == 1 else f"the {name.lower()} for production"
                out.append(
                    Metric(
                        f"Built in {year}, against {which}",
                        shown,
                        f"{_change(built['value'], plan)} against {_count(plan)}",
                        f"Plan: {_cite(plan)}. Built: {_cite(built)}.",
                        (plan["id"], built["id"], *ev["id"]),
                        signed=True,
                    )
                )
        if "Reported sales" in series.index:
            sold = series.loc["Reported sales"]
            plans_of_year = sales_plans[sales_plans["year"] == year]
            if plans_of_year.empty:
                out.append(
                    Metric(
                        f"Sold in {year}",
                        _count(sold),
                        f"no sales plan for {year} in the sources",
                        f"Sales: {_cite(sold)}. "
                        + (
                            f"The sources give production plans for {year}, not sales plans, so the "
                            "sales are not set against a plan."
                            if F.PLAN_FIRST in series.index
                            else f"The sources give no plan for {year}."
                        ),
                        (sold["id"],),
                    )
                )
            for _, plan in plans_of_year.iterrows():
                out.append(
                    Metric(
                        f"Sold in {year}, against the {plan['series'].lower()} for sales",
                        _count(sold),
                        f"{_change(sold['value'], plan)} against {_count(plan)}",
                        f"Plan: {_cite(plan)}. Sales: {_cite(sold)}.",
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
                f"{format_money(inv['value'], inv['unit'])} investment by Moscow and KAMAZ",
                format_money(convert(inv["value"], inv["unit"], cur, ctx.rates), cur),
                None,
                f"{_cite(inv)}; converted {ctx.credit}.",
                (inv["id"],),
            )
        )
    for figure_id, label in (
        (story.REPORT_AVTOVAZ_PRICE, "Renault's Avtovaz stake sold for"),
        (story.REPORT_NISSAN_PRICE, "Nissan's Russian business sold for"),
    ):
        if have(figure_id):
            deal = _row(ctx, figure_id)
            out.append(
                Metric(
                    f"{label} {format_money(deal['value'], deal['unit'])}",
                    format_money(convert(deal["value"], deal["unit"], cur, ctx.rates), cur),
                    None,
                    f"{_cite(deal)}; converted {ctx.credit}.",
                    (deal["id"],),
                )
            )
    return out


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
            out.append(CorrectionView(c.topic, c.text, row(figures, c.claim), sources))
    return out


def metric_sources(ctx: Context, metrics: list[Metric]) -> pd.DataFrame:
    """The rows behind the metric cards, as the Sources page lists them."""
    ids = tuple(i for m in metrics for i in m.ids)
    return ctx.once(("sources of", ids), lambda: reader_table(rows_for(ctx.figures, list(ids))))


def corrections_with_sources(ctx: Context) -> list[tuple[CorrectionView, pd.DataFrame]]:
    """Each correction with the table of the claim and the rows that correct it."""

    def make() -> list[tuple[CorrectionView, pd.DataFrame]]:
        return [
            (c, reader_table(rows_for(ctx.figures, [c.claim["id"], *c.sources["id"]])))
            for c in corrections(ctx.figures)
        ]

    return ctx.once("corrections with sources", make)


def disagreements_table(ctx: Context) -> pd.DataFrame:
    return ctx.once("disagreements", lambda: reader_table(disagreements(ctx.figures)))


def rows_for(figures: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """The rows behind numbers on screen, for a sources table."""
    wanted = list(dict.fromkeys(ids))
    return figures.set_index("id").loc[[i for i in wanted if i in set(figures["id"])]].reset_index()
