"""The Atom feed made from the changelog, read back by feedparser."""

from __future__ import annotations

from datetime import UTC, date, datetime

import feedparser

from moskvich.base import i18n
from moskvich.dataset.changelog import Change
from moskvich.publish.feed import feed_xml

CHANGES = [
    Change(datetime(2026, 9, 1, 6, 0, tzinfo=UTC), "rates", date(2026, 8, 23), date(2026, 8, 29)),
    Change(
        datetime(2026, 9, 2, 7, 0, tzinfo=UTC),
        "figures",
        figures=("ifx20220802_invest", "gone_id"),
        note="A <b>fix</b>.",
    ),
]


def test_each_change_is_an_entry_newest_first(model):
    parsed = feedparser.parse(feed_xml(CHANGES, model.figures, date(2016, 1, 1), "https://example.org"))
    assert not parsed.bozo and parsed.version == "atom10"
    assert [e.title for e in parsed.entries] == [
        "2 figures added or changed",
        "Exchange rates updated to 2026-08-29",
    ]
    figures, rates = parsed.entries
    assert figures.id == "tag:moskvich-dashboard,2026:figures:2026-09-02T07:00:00Z"
    assert "A &lt;b&gt;fix&lt;/b&gt;." in figures.content[0].value  # the note is text, not markup
    assert 'href="https://interfax.com/newsroom/top-stories/81859/"' in figures.content[0].value
    assert "gone_id: no longer in the data" in figures.content[0].value
    assert (
        "for 2026-08-23 to 2026-08-29 were added; the rates now run from 2016-01-01" in rates.content[0].value
    )
    assert parsed.feed.links[0].href == "https://example.org/feed.xml"


def test_the_russian_feed_is_russian(model):
    with i18n.language("ru"):
        parsed = feedparser.parse(feed_xml(CHANGES, model.figures, date(2016, 1, 1), ""))
    assert parsed.feed.language == "ru"
    assert parsed.entries[1].title == "Курсы валют обновлены по 29.08.2026"
    assert parsed.entries[0].title == "2 показателя добавлены или изменены"
    assert "источник" in parsed.entries[0].content[0].value
