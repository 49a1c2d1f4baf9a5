"""Shared test setup: the generator of tests/data is importable as `make_test_data`."""

from __future__ import annotations

import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
# The row builders of the committed generator are reused by tests that build a folder.
if str(DATA) not in sys.path:
    sys.path.insert(0, str(DATA))
