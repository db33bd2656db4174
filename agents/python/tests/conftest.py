"""Makes the package (agents/python) and the test helpers (tests/support) importable however
pytest is started."""

import sys
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(TESTS_DIR.parent), str(TESTS_DIR)]
