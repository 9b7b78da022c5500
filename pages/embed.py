from moskvich.ui import web

web.embed_page()
