"""`python -m mlops_lint`."""

from __future__ import annotations

from mlops_lint.cli import main

raise SystemExit(main())
