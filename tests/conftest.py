"""Shared test setup: the generators are importable (`make_test_data` from tests/data,
`samplegen` from scripts), the hypothesis profiles, and the --update-golden switch."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SCRIPTS = ROOT / "scripts"
# The row builders of tests/data and the sample generator's writer and scenario are reused
# by tests that build a folder or compare with what the sample data should hold.
for folder in (DATA, SCRIPTS):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

# Property tests: few examples by default, for the edit-test loop; the full run in CI
# (.ci/run sets HYPOTHESIS_PROFILE=ci). No deadline in either: the machines are shared,
# and a slow example is not a wrong one.
settings.register_profile("fast", max_examples=10, deadline=None)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from what the commands print now (review the diff)",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the golden files are to be rewritten rather than compared."""
    flag = bool(request.config.getoption("--update-golden"))
    return flag or os.environ.get("SC_CLI_UPDATE_GOLDEN") == "1"


@pytest.fixture(autouse=True)
def _own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own, empty cache folder: the user's cache is never touched, and a
    test that breaks a reader on purpose cannot be answered from another test's entry.
    Commands run twice within a test do meet what the first run kept."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("SC_CLI_CACHE_DIR", str(folder))
    return folder
