"""Helpers for the documentation detectors' tests: code commits that leave a document behind."""

from __future__ import annotations

import datetime
from pathlib import Path

from mlops_lint.context import Context
from mlops_lint.repo import RepoSnapshot
from tests.conftest import git, write_files


def leave_behind(root: Path, commits: int = 35, every_days: int = 7) -> Context:
    """Add `commits` code commits after the initial one (2026-01-01), one every `every_days` days."""
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    for n in range(commits):
        write_files(root, {"src/feature.py": f"VERSION = {n}\n"})
        git(root, "add", "-A")
        when = start + datetime.timedelta(days=every_days * (n + 1))
        git(root, "commit", "-qm", f"feature {n}", date=when.isoformat())
    return Context(RepoSnapshot.open(root))
