"""`python -m moskvich`, see moskvich.ui.cli."""

import sys

from moskvich.publish import browser  # light: pandas and plotly are not loaded yet

browser.start_early(sys.argv[1:])
try:
    from moskvich.ui.cli import main  # once the browser is starting

    sys.exit(main())
finally:
    # Closed here, not at exit: by then Python may already be deleting the browser's temporary
    # folders under it (when a usage error ends the command while the browser is still starting).
    browser.BROWSER.close()
