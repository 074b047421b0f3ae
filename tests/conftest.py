"""Tests run without the on-disk cache unless a test turns it on: results must not depend on it."""

import pytest


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch):
    monkeypatch.setenv("CROSSWALK_CACHE_DIR", "off")
