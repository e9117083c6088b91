"""mlops-lint: how mature is this repository's MLOps practice, with evidence."""

from __future__ import annotations

__version__ = "0.1.0"
