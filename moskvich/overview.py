"""The Overview page's numbers: the October 2022 headlines against what was reported later."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

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


def headline_metrics(ctx: Context) -> list[Metric]:
    """The October 2022 headline figures beside what was reported later, money in the display currency."""
    figures, cur = ctx.figures, ctx.currency
    known = set(figures["id"])
    out = []

    def have(*ids: str) -> bool:
        return set(ids) <= known

    if have(story.REPORT_PLAN_2022, story.REPORT_PLAN_2022_EV, story.REPORTED_2022, story.REPORTED_2022_EV):
        plan, plan_ev = row(figures, story.REPORT_PLAN_2022), row(figures, story.REPORT_PLAN_2022_EV)
        built, built_ev = row(figures, story.REPORTED_2022), row(figures, story.REPORTED_2022_EV)
        out.append(
            Metric(
                "Vehicles built in 2022",
                f"{format_count(built['value'])} ({format_count(built_ev['value'])} electric)",
                f"plan: {_count(plan)} ({format_count(plan_ev['value'])} electric)",
                f"Plan: {_cite(plan)}. Reported: {_cite(built)}.",
                (plan["id"], plan_ev["id"], built["id"], built_ev["id"]),
            )
        )
    if have(story.REPORT_PLAN_2023, story.REPORTED_2023_SOLD):
        plan, sold = row(figures, story.REPORT_PLAN_2023), row(figures, story.REPORTED_2023_SOLD)
        change = sold["value"] / plan["value"] - 1
        out.append(
            Metric(
                f"Sold in 2023 against the {format_count(plan['value'])} plan",
                format_count(sold["value"]),
                f"{format_change(change)} against the plan of {format_count(plan['value'])}",
                f"Plan: {_cite(plan)}. Sales: {_cite(sold)}.",
                (plan["id"], sold["id"]),
                signed=True,
            )
        )
    if have(story.REPORT_INVESTMENT):
        inv = row(figures, story.REPORT_INVESTMENT)
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
            deal = row(figures, figure_id)
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
