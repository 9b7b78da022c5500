"""Keys of what a session keeps in `st.session_state`, shared by the parts of the UI."""

NOTICES = "_notices"  # warnings about the link or a preset, shown at the top of the page
PRESET_DAY = "preset_day"  # the sidebar's date input
UPLOADS = "_uploads"  # this session's own data: moskvich.ui.web.uploads.Uploads
LANG_LINK = "lang_link"  # the hidden container of the widget that keeps the language in the link
RATES_LINK = "rates_link"  # the hidden container of the widgets that keep the rates in the link
ON_LOAD = "on_load"  # the hidden container of the script that scrolls a link to its chart
PRICES_LINK = "prices_link"  # the hidden container of the widget that keeps the prices in the link
CURRENT = "_current"  # moskvich.ui.web.moves.Current: the context at the rates in use, for exports
RATES_FRAGMENT = "rates"  # the key of a page's rates fragment (moskvich.ui.run), for st.rerun
