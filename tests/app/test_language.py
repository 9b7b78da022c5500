"""The language choice: `?lang=ru` in the link, the browser's language without it, kept across page
switches and presets, and carried by the links the Share tab gives."""

from streamlit.testing.v1 import AppTest

from moskvich.base import i18n
from moskvich.base.i18n import LANG_NAMES
from tests.app.helpers import APP, open_link, open_tab

CHOICE = "lang_choice"  # the choice on screen; the link's value is kept by the hidden box "lang"


def sidebar_texts(at: AppTest) -> list[str]:
    return [m.value for m in at.sidebar.markdown]


def ru(message: str) -> str:
    with i18n.language("ru"):
        return i18n._(message)


def test_a_russian_link_gives_the_russian_sidebar_and_title():
    at = open_link("money", lang="ru")
    assert [t.value for t in at.title] == [ru("Money")]
    assert at.title[0].value != "Money"  # the catalog has it
    assert ru("### Moskvich dashboard") in sidebar_texts(at)
    assert at.selectbox(key="display_currency").label == ru("Show money in")
    choice = at.segmented_control(key=CHOICE)
    assert choice.value == "ru" and choice.label == ru("Language")
    assert list(choice.options) == list(LANG_NAMES.values())
    assert at.query_params["lang"] == "ru"
    assert not at.warning


def test_the_language_is_kept_on_a_page_switch_and_a_preset():
    at = open_link("overview", lang="RU")  # in any case
    at.switch_page("pages/production.py").run()
    assert [t.value for t in at.title] == [ru("Production")]
    at.switch_page("pages/money.py").run()
    at.button(key="preset_latest").click().run()  # reruns only the rates fragment
    at.run()
    assert [t.value for t in at.title] == [ru("Money")]
    assert at.query_params["lang"] == "ru"


def test_choosing_english_and_back():
    at = open_link("overview")
    assert [t.value for t in at.title] == ["Overview"]
    assert "lang" not in at.query_params  # English stays out of the link
    at.segmented_control(key=CHOICE).set_value("ru").run()
    assert [t.value for t in at.title] == [ru("Overview")]
    assert at.query_params["lang"] == "ru"
    at.switch_page("pages/sources.py").run()
    assert [t.value for t in at.title] == [ru("Sources & data")]
    at.segmented_control(key=CHOICE).set_value("en").run()
    assert [t.value for t in at.title] == ["Sources & data"]
    assert "lang" not in at.query_params


def test_without_lang_the_browsers_language_decides():
    at = AppTest.from_file(APP, default_timeout=60)
    at.context = {"locale": "ru-RU"}
    at.run()
    assert [t.value for t in at.title] == [ru("Overview")]
    assert at.query_params["lang"] == "ru"


def test_a_bad_lang_gives_a_notice_and_english():
    at = open_link("overview", lang="xx")
    assert [t.value for t in at.title] == ["Overview"]
    assert [w.value for w in at.warning] == [
        "The link's language is not one of en, ru, so the dashboard is in English."
    ]
    assert "lang" not in at.query_params


def test_share_links_carry_the_language():
    at = open_link("money", lang="ru")
    open_tab(at, "investment_per_vehicle", ru("Share"))
    link, embed, image, table, _python, credit, *_ = [
        c.value for c in at.get_by_key("card_investment_per_vehicle").code
    ]
    assert all("lang=ru" in code for code in (link, embed, image, table))
    assert credit.startswith(ru("Moskvich dashboard"))


def test_the_embed_view_speaks_its_links_language():
    at = open_link("embed", chart="investment_value_over_time", lang="ru")
    assert len(at.get("plotly_chart")) == 1
    assert ru("[Open in the Moskvich dashboard]({link})").split("]")[0] in at.markdown[-1].value
    assert "lang=ru" in at.markdown[-1].value
