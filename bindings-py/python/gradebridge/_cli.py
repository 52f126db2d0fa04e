"""The ``gradebridge`` console script: the same command as the Rust binary."""

from __future__ import annotations

import sys

from . import _native


def main() -> None:
    sys.exit(_native.cli(sys.argv[1:]))
