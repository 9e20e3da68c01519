"""``python -m wijk_core.store``: migrations from the command line (see ``migrate.main``)."""

import sys

from wijk_core.store.migrate import main

sys.exit(main())
