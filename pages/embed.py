from moskvich import ui

ui.embed_page()
