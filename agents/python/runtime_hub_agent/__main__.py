"""`python3 -m runtime_hub_agent`: see cli.py."""

import sys

from .cli import main

sys.exit(main())
