"""``python -m wijk_core``: the Wijkwerf command line."""

import sys

from .cli import main

sys.exit(main())
