"""Keys of what a session keeps in `st.session_state`, shared by the parts of the UI."""

NOTICES = "_notices"  # warnings about the link or a preset, shown at the top of the page
PICKED = "_picked_day_preset"  # the official rates of the day last chosen in the sidebar
PRESET_DAY = "preset_day"  # the sidebar's date input
UPLOADS = "_uploads"  # this session's own data: moskvich.ui.uploads.Uploads
LANG_LINK = "lang_link"  # the hidden container of the widget that keeps the language in the link
ON_LOAD = "on_load"  # the hidden container of the script that scrolls a link to its chart
