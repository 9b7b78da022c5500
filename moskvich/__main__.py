import sys

from moskvich.cli import main

sys.exit(main())
