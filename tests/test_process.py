"""The server's memory setting: glibc accepts the fixed mmap threshold, and it is harmless to repeat."""

from __future__ import annotations

import sys

import pytest

from ui.process import fix_mmap_threshold


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a glibc setting")
def test_glibc_accepts_the_fixed_threshold_twice():
    assert fix_mmap_threshold() is True
    assert fix_mmap_threshold() is True
