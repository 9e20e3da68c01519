"""``python -m wijk_core``: the Wijkwerf command line."""

import sys

from wijk_core.cli import main

sys.exit(main())
