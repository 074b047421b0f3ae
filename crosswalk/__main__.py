"""Allows ``python -m crosswalk``."""

import sys

from crosswalk.cli import main

sys.exit(main())
