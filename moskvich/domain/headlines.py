"""The Overview page's numbers: the October 2022 headlines against what was reported later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import pandas as pd

from moskvich.base.fmt import (
    format_change,
    format_count,
    format_date,
    format_day_short,
    format_money,
    format_published,
    format_source_day,
    qualified,
)
from moskvich.base.i18n import _
from moskvich.base.qualifiers import meaning
from moskvich.dataset.audit import period_disagreements
from moskvich.domain import figures as F
from moskvich.domain import story
from moskvich.domain.context import Context
from moskvich.domain.currency import Freshness, shown_source
from moskvich.domain.figures import disagreements, newest_published, reader_table, row
from moskvich.domain.market import PPP


@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    delta: str | None
    help: str
    ids: tuple[str, ...]  # the rows the numbers come from
    # A change against a fair yardstick, drawn with an arrow and colour that way; None draws the delta
    # plain: no comparison, a plan made once its year had begun, or no change at all.
    direction: Literal["up", "down"] | None = None
    note: str = ""  # under the delta: when the plan came, and cautions on the figure


def _cite(fig: pd.Series) -> str:
    return f"{shown_source(fig['source_name'])}, {format_published(fig['published'])}"


def _count(fig: pd.Series) -> str:
    """A count with the bound the source states before it: `about 27,000`."""
    how = meaning(fig["qualifier"])
    bound = fig["qualifier"] if how.before and not how.range_end else ""
    return qualified(format_count(fig["value"]), bound)


def _against(value: float, plan: pd.Series) -> tuple[str, Literal["up", "down"] | None]:
    """A metric's delta, `-46% against 50,000`, and the way its arrow points: none when the plan
    came once its year had begun (it is no fair yardstick) or the change rounds to nothing."""
    change = round(value / plan["value"] - 1, 2)  # as shown, a whole percentage
    delta = _("{change} against {plan}").format(change=format_change(change), plan=_count(plan))
    if change == 0 or not _plan_timing(plan)[0]:
        return delta, None
    return delta, "up" if change > 0 else "down"


def _publication_span(published: str) -> tuple[date, date]:
    """The first and last day a source dated `2023-12-07`, `2023-12` or `2023` can be from."""
    if len(published) == 10:
        day = date.fromisoformat(published)
        return day, day
    if len(published) == 7:
        first = date.fromisoformat(published + "-01")
        return first, (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)
    return date(int(published), 1, 1), date(int(published), 12, 31)


def _plan_timing(plan: pd.Series) -> tuple[bool, str]:
    """Whether a plan for the calendar year `plan["year"]` is a fair yardstick (made before its year
    began), and when it came, in words: `Plan of 7 Dec 2023, late in the year.`"""
    first, last = _publication_span(plan["published"])
    start, end = date(plan["year"], 1, 1), date(plan["year"], 12, 31)
    when = format_source_day(plan["published"], short=True)
    if last < start:
        return True, _("Plan of {when}.").format(when=when)
    if first > end:
        return False, _("Plan of {when}, after the year it plans.").format(when=when)
    if first >= date(end.year, 10, 1):
        return False, _("Plan of {when}, late in the year.").format(when=when)
    return False, _("Plan of {when}, with the year under way.").format(when=when)


def _plan_help(plan: pd.Series) -> str:
    """What the tooltip adds about a plan made once its year had begun."""
    if _plan_timing(plan)[0]:
        return ""
    return " " + _(
        "A plan made once its year had begun is no fair yardstick, so this change has no arrow or colour."
    )


def _cautions(ctx: Context, shown: list[pd.Series]) -> tuple[list[str], list[str]]:
    """What a card says while another source dates one of its figures differently (see the audit's
    period_differs), and the rows that do."""
    found = ctx.once("period disagreements", lambda: period_disagreements(ctx.figures))
    notes, ids = [], []
    for fig in shown:
        others = [f.other_id for f in found if f.id == fig["id"]] + [
            f.id for f in found if f.other_id == fig["id"]
        ]
        if not others:
            continue
        other = ctx.row(others[0])
        notes.append(
            _("Caution: {source} gives the same {value} for {period}.").format(
                source=shown_source(other["source_name"]),
                value=format_count(other["value"]),
                period=_("{start} to {end}").format(
                    start=format_day_short(other["period_start"].date()),
                    end=format_day_short(other["period_end"].date()),
                ),
            )
        )
        ids.append(other["id"])
    return notes, ids


def _outcome_cards(ctx: Context) -> list[Metric]:
    """Each year's reported production against that year's production plans, first and last, and its
    sales against its sales plans, like with like; a year without a sales plan says so. Each card says
    when its plan came, and an arrow only for a plan made before its year."""
    figures = ctx.figures
    summary, electric = ctx.year_summary(), ctx.year_summary(ev=True)
    sales_plans = ctx.once("sales_plans", lambda: F.year_plans(figures, "vehicles_sold"))
    out = []

    def against(
        label: str, shown: str, outcome: pd.Series, plan: pd.Series, helped: str, extra: list[pd.Series]
    ) -> Metric:
        delta, direction = _against(outcome["value"], plan)
        cautions, others = _cautions(ctx, [outcome, *extra])
        return Metric(
            label,
            shown,
            delta,
            helped + _plan_help(plan),
            (plan["id"], outcome["id"], *(e["id"] for e in extra), *others),
            direction,
            " ".join([_plan_timing(plan)[1], *cautions]),
        )

    for year, rows in summary.groupby("year"):
        series = rows.set_index("series")
        built = series.loc["vehicles_produced"] if "vehicles_produced" in series.index else None
        if built is not None and F.PLAN_FIRST in series.index:
            ev = electric[(electric["year"] == year) & (electric["series"] == "ev_produced")]
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
                    against(
                        label.format(year=year),
                        shown,
                        built,
                        plan,
                        _("Plan: {plan}. Built: {built}.").format(plan=_cite(plan), built=_cite(built)),
                        [ev.iloc[0]] if len(ev) else [],
                    )
                )
        if "vehicles_sold" in series.index:
            sold = series.loc["vehicles_sold"]
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
                cautions, others = _cautions(ctx, [sold])
                out.append(
                    Metric(
                        _("Sold in {year}").format(year=year),
                        _count(sold),
                        _("no sales plan for {year} in the sources").format(year=year),
                        _("Sales: {sales}.").format(sales=_cite(sold)) + " " + why.format(year=year),
                        (sold["id"], *others),
                        note=" ".join(cautions),
                    )
                )
            for _row, plan in plans_of_year.iterrows():
                label = (
                    _("Sold in {year}, against the first plan for sales")
                    if plan["series"] == F.PLAN_FIRST
                    else _("Sold in {year}, against the last plan for sales")
                )
                out.append(
                    against(
                        label.format(year=year),
                        _count(sold),
                        sold,
                        plan,
                        _("Plan: {plan}. Sales: {sales}.").format(plan=_cite(plan), sales=_cite(sold)),
                        [],
                    )
                )
    return out


def as_of(figures: pd.DataFrame, fresh: Freshness) -> str:
    """How far the figures and the rates run: `Figures to 11 March 2026, the date of the newest
    source. Bank of Russia rates to 22 August 2026 (105 days old).`"""
    return _("Figures to {day}, the date of the newest source. {rates}.").format(
        day=format_source_day(newest_published(figures)), rates=fresh.summary
    )


def headline_metrics(ctx: Context) -> list[Metric]:
    """What was built and sold against what was planned, then the October 2022 report's sums in the
    display currency."""
    known = ctx.ids()
    out = [*ctx.once("outcome cards", lambda: _outcome_cards(ctx))]  # the same at any rate

    def have(*ids: str) -> bool:
        return set(ids) <= known

    if have(story.REPORT_INVESTMENT):
        inv = ctx.row(story.REPORT_INVESTMENT)
        out.append(
            _money_card(
                ctx,
                inv,
                _("{amount} investment by Moscow and KAMAZ").format(
                    amount=format_money(inv["value"], inv["unit"])
                ),
            )
        )
    for figure_id, label in (
        (story.REPORT_AVTOVAZ_PRICE, _("Renault's Avtovaz stake sold for {amount}")),
        (story.REPORT_NISSAN_PRICE, _("Nissan's Russian business sold for {amount}")),
    ):
        if have(figure_id):
            deal = ctx.row(figure_id)
            out.append(_money_card(ctx, deal, label.format(amount=format_money(deal["value"], deal["unit"]))))
    return out


def _money_card(ctx: Context, fig: pd.Series, label: str) -> Metric:
    """A sum in the display currency; the line under it says at which rate."""
    cur = ctx.currency
    value = ctx.convert_figure(fig, cur)
    day = fig["published_date"].date()
    if ctx.rates is not None:
        rate = _("at your rates")
    elif pd.isna(value):
        rate = _("no official rate of {day} in the rates in use").format(day=format_date(day))
    else:
        rate = _("at the official rate of {day}").format(day=format_date(day))
    if cur == PPP:
        rate = _("at purchasing-power parity (World Bank)")
    if ctx.prices is not None:
        rate = _("{rate}, at December {year} prices").format(rate=rate, year=ctx.prices)
    shown = format_money(value, cur) if pd.notna(value) else format_money(fig["value"], fig["unit"])
    return Metric(label, shown, rate, _converted(fig, ctx), (fig["id"],))


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
