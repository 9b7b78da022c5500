"""The Atom feed of data changes (`/feed.xml`): one entry per row of the changelog
(moskvich.dataset.changelog), newest first; a rates update says which record dates came and how far the
rates now run, a change to the figures says which, with their sources and links. Its words are in the
language asked for.

Ids are tag URIs made from the change itself, so every replica and every host name gives an entry
the same id and a feed reader shows it once.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, date, datetime
from xml.etree.ElementTree import Element, SubElement, tostring

import pandas as pd

from moskvich.base import i18n
from moskvich.base.fmt import format_count, format_date
from moskvich.base.i18n import _, ngettext
from moskvich.dataset.changelog import Change
from moskvich.domain.currency import shown_source

ATOM = "http://www.w3.org/2005/Atom"
MIME = "application/atom+xml; charset=utf-8"
TAG = "tag:moskvich-dashboard,2026"
SOURCES_PAGE = "sources"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed_xml(changes: Sequence[Change], figures: pd.DataFrame, first_rate: date, base: str) -> bytes:
    """The feed of `changes` (any order); `figures` names the sources of the figures changed,
    `first_rate` is the first day of the rates in use, `base` the app's address ("" when unknown)."""
    lang = i18n.current()
    feed = Element("feed", {"xmlns": ATOM, "xml:lang": lang})
    SubElement(feed, "title").text = _("Moskvich dashboard: changes to the data")
    SubElement(feed, "subtitle").text = _(
        "An entry whenever the exchange rates are updated or figures are added or changed."
    )
    SubElement(feed, "id").text = f"{TAG}:feed"
    newest = max((c.time for c in changes), default=datetime(2026, 1, 1, tzinfo=UTC))
    SubElement(feed, "updated").text = _stamp(newest)
    author = SubElement(feed, "author")
    SubElement(author, "name").text = _("Moskvich dashboard")
    query = "" if lang == "en" else f"?lang={lang}"
    SubElement(feed, "link", {"rel": "self", "href": f"{base}/feed.xml{query}"})
    SubElement(
        feed, "link", {"rel": "alternate", "type": "text/html", "href": f"{base}/{SOURCES_PAGE}{query}"}
    )
    for change in sorted(changes, key=lambda c: c.time, reverse=True):
        entry = SubElement(feed, "entry")
        SubElement(entry, "id").text = f"{TAG}:{change.kind}:{_stamp(change.time)}"
        SubElement(entry, "title").text = title(change)
        SubElement(entry, "updated").text = _stamp(change.time)
        SubElement(
            entry, "link", {"rel": "alternate", "type": "text/html", "href": f"{base}/{SOURCES_PAGE}{query}"}
        )
        SubElement(entry, "content", {"type": "html"}).text = content(change, figures, first_rate)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(
        feed, encoding="utf-8", xml_declaration=False
    )


def title(change: Change) -> str:
    if change.kind == "rates" and change.end is not None:
        return _("Exchange rates updated to {day}").format(day=format_date(change.end))
    count = len(change.figures)
    return ngettext("{n} figure added or changed", "{n} figures added or changed", count).format(
        n=format_count(count)
    )


def content(change: Change, figures: pd.DataFrame, first_rate: date) -> str:
    """The entry's text as HTML: what changed and, for figures, each with its source and link."""
    if change.kind == "rates" and change.start is not None and change.end is not None:
        text = _(
            "The Bank of Russia's official rates of the US dollar, euro and yuan for {start} to {end} were "
            "added; the rates now run from {first} to {end}."
        ).format(
            start=format_date(change.start),
            end=format_date(change.end),
            first=format_date(first_rate),
        )
        return f"<p>{html.escape(text)}</p>"
    parts = [f"<p>{html.escape(change.note)}</p>"] if change.note and i18n.current() == "en" else []
    by_id = figures.set_index("id") if "id" in figures.columns else pd.DataFrame()
    items = []
    for figure_id in change.figures:
        if figure_id not in by_id.index:
            gone = _("{id}: no longer in the data").format(id=figure_id)
            items.append(f"<li>{html.escape(gone)}</li>")
            continue
        row = by_id.loc[figure_id]
        russian = row.get("description_ru") if i18n.current() == "ru" else None
        described = russian if isinstance(russian, str) and russian else row["description"]
        source = html.escape(shown_source(str(row["source_name"])))
        url = str(row["source_url"])
        link = (
            f'<a href="{html.escape(url)}">{source}</a>'
            if url.startswith(("https://", "http://"))
            else source
        )
        said = _("{description} (source: {link})").format(description=html.escape(str(described)), link=link)
        items.append(f"<li>{said}</li>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "".join(parts)
