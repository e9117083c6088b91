"""Shared test fixtures: real git repositories made from `fixtures/` folders.

Fixture folders hold no `.git`; each test copies one into tmp_path and commits it with a pinned
identity and date, so history-based facts are deterministic. Never scan `fixtures/x` in place.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

import pytest

from mlops_lint.context import Context
from mlops_lint.repo import RepoSnapshot

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.com",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.com",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00+00:00",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00+00:00",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(repo: Path, *args: str, date: str | None = None) -> str:
    """Run git in `repo` with a pinned identity (and date), returning stdout."""
    env = {**os.environ, **GIT_ENV}
    if date is not None:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    done = subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env)
    return done.stdout


def write_files(root: Path, files: Mapping[str, str | bytes]) -> None:
    """Write files (text or bytes) below root, creating folders."""
    for rel, body in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            target.write_bytes(body)
        else:
            target.write_text(body, encoding="utf-8")


class MakeRepo(Protocol):
    def __call__(
        self,
        fixture: str | None = None,
        *,
        files: Mapping[str, str | bytes] | None = None,
        dirty: Mapping[str, str | bytes] | None = None,
        use_git: bool = True,
    ) -> Path: ...


class MakeContext(Protocol):
    def __call__(
        self,
        fixture: str | None = None,
        *,
        files: Mapping[str, str | bytes] | None = None,
        dirty: Mapping[str, str | bytes] | None = None,
        use_git: bool = True,
    ) -> Context: ...


@pytest.fixture
def make_repo(tmp_path: Path) -> MakeRepo:
    """Copy a fixture folder (plus extra files) into a fresh, committed git repository."""
    counter = iter(range(1000))

    def make(
        fixture: str | None = None,
        *,
        files: Mapping[str, str | bytes] | None = None,
        dirty: Mapping[str, str | bytes] | None = None,
        use_git: bool = True,
    ) -> Path:
        root = tmp_path / f"{fixture or 'repo'}-{next(counter)}"
        if fixture is not None:
            shutil.copytree(FIXTURES / fixture, root, symlinks=True)
        root.mkdir(parents=True, exist_ok=True)
        write_files(root, files or {})
        if use_git:
            git(root, "init", "-q", "-b", "main")
            git(root, "add", "-A")
            git(root, "commit", "-q", "--allow-empty", "-m", "initial commit")
        write_files(root, dirty or {})
        return root

    return make


@pytest.fixture
def make_ctx(make_repo: MakeRepo) -> MakeContext:
    """Like make_repo, but return a Context over the repository, ready for detectors."""

    def make(
        fixture: str | None = None,
        *,
        files: Mapping[str, str | bytes] | None = None,
        dirty: Mapping[str, str | bytes] | None = None,
        use_git: bool = True,
    ) -> Context:
        return Context(RepoSnapshot.open(make_repo(fixture, files=files, dirty=dirty, use_git=use_git)))

    return make
