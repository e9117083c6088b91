"""The file index: every tracked path, grouped the ways detectors look files up.

Built in one pass over the listing with plain string operations (no Path objects), because a
monorepo can track 100,000 files and this runs on every assessment.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from typing import Final

from mlops_lint.context import Context

VENDORED_DIRS: Final = frozenset(
    {"node_modules", "vendor", "third_party", "third-party", "site-packages", ".venv", "venv", ".tox"}
)


@dataclasses.dataclass(frozen=True, slots=True)
class FileIndex:
    """Tracked files by path, by lower-case base name, and by lower-case extension."""

    paths: tuple[str, ...]
    path_set: frozenset[str]
    by_name: Mapping[str, tuple[str, ...]]
    by_ext: Mapping[str, tuple[str, ...]]
    tracked: bool

    def __contains__(self, path: object) -> bool:
        return path in self.path_set

    def named(self, *names: str) -> tuple[str, ...]:
        """Files whose base name (case-insensitive) is one of `names`."""
        return tuple(p for n in names for p in self.by_name.get(n.lower(), ()))

    def with_ext(self, *exts: str) -> tuple[str, ...]:
        """Files with one of the extensions (without the dot, case-insensitive)."""
        return tuple(p for e in exts for p in self.by_ext.get(e.lower(), ()))

    def under(self, *folders: str) -> tuple[str, ...]:
        """Files below any of the folders (repo-relative, no trailing slash)."""
        prefixes = tuple(f.rstrip("/") + "/" for f in folders)
        return tuple(p for p in self.paths if p.startswith(prefixes))

    def matching(self, pattern: re.Pattern[str], among: Iterable[str] | None = None) -> tuple[str, ...]:
        """Files whose whole path matches `pattern` (search semantics)."""
        return tuple(p for p in (self.paths if among is None else among) if pattern.search(p))


def file_index(ctx: Context) -> FileIndex:
    """Index the repository's files, leaving out vendored trees."""
    repo = ctx.repo
    paths = tuple(p for p in repo.files if not _vendored(p))
    by_name: dict[str, list[str]] = {}
    by_ext: dict[str, list[str]] = {}
    for p in paths:
        name = p.rpartition("/")[2].lower()
        by_name.setdefault(name, []).append(p)
        stem, dot, ext = name.rpartition(".")
        if dot and stem:
            by_ext.setdefault(ext, []).append(p)
    return FileIndex(
        paths,
        frozenset(paths),
        {k: tuple(v) for k, v in by_name.items()},
        {k: tuple(v) for k, v in by_ext.items()},
        tracked=repo.is_git,
    )


def _vendored(path: str) -> bool:
    if "/" not in path:
        return False
    return any(part in VENDORED_DIRS for part in path.split("/")[:-1])


def parts(path: str) -> list[str]:
    """The lower-case folder names of a path (not its file name)."""
    return path.lower().split("/")[:-1]


def stem_tokens(path: str) -> set[str]:
    """Words of a file's base name without extension: `train_model.py` -> {train, model}."""
    name = path.rpartition("/")[2].lower()
    stem = name.rpartition(".")[0] or name
    return {t for t in re.split(r"[^a-z0-9]+", stem) if t}


def is_test_path(path: str) -> bool:
    """Whether a file is test code (pytest/unittest naming, or under a tests folder)."""
    name = path.rpartition("/")[2]
    return (
        name.startswith("test_")
        or name.endswith(("_test.py", "_tests.py"))
        or name == "conftest.py"
        or any(part in {"tests", "test", "testing"} for part in path.split("/")[:-1])
    )
