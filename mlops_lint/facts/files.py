"""The file index: every tracked path, grouped the ways detectors look files up.

Built in one pass over the listing with plain string operations (no Path objects), because a
monorepo can track 100,000 files and this runs on every assessment.
"""

from __future__ import annotations

import bisect
import collections
import dataclasses
import itertools
import re
from collections.abc import Iterable
from typing import Any, Final

from mlops_lint.config import settings
from mlops_lint.context import Context

VENDORED_DIRS: Final = frozenset(
    {"node_modules", "vendor", "third_party", "third-party", "site-packages", ".venv", "venv", ".tox"}
)
_TOKEN_EDGE: Final = frozenset("\n_-. +")
_TOKEN_SPLIT: Final = str.maketrans("_-.+", "    ")
_PLUS_ONE: Final = (1).__add__
_ASCII_LOWER: Final = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclasses.dataclass(frozen=True, slots=True)
class FileIndex:
    """Every tracked path, with fast look-ups by base name, extension and folder.

    Look-ups search one newline-joined copy of the listing with `str.find`, which runs in C:
    on a 100,000-file repository that is a millisecond where a Python loop over the paths
    costs a tenth of a second. Results are memoised.
    """

    paths: tuple[str, ...]  # sorted
    path_set: frozenset[str]
    tracked: bool
    joined: str  # "\n" + "\n".join(paths) + "\n"
    lowered: str  # the same, ASCII-lower-cased (same length, so offsets agree)
    _memo: dict[object, Any] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    def __contains__(self, path: object) -> bool:
        return path in self.path_set

    def named(self, *names: str) -> tuple[str, ...]:
        """Files whose base name (case-insensitive) is one of `names`."""
        if "name_set" not in self._memo:  # built in C; a present name is then found in the joined names
            self._memo["name_set"] = frozenset(self._base_names())
        present: frozenset[str] = self._memo["name_set"]
        text, starts = self._basenames()
        found: list[str] = []
        for name in dict.fromkeys(n.translate(_ASCII_LOWER) for n in names):
            if name not in present:
                continue
            needle = f"\n{name}\n"
            at = text.find(needle)
            while at >= 0:
                found.append(self.paths[bisect.bisect_right(starts, at + 1) - 1])
                at = text.find(needle, at + len(needle) - 1)
        return tuple(sorted(found))

    def _lowered_paths(self) -> list[str]:
        if "lowered_paths" not in self._memo:
            self._memo["lowered_paths"] = self.lowered[1:-1].split("\n") if self.paths else []
        result: list[str] = self._memo["lowered_paths"]
        return result

    def _by_ext(self) -> dict[str, list[str]]:
        """Paths grouped by the extension of their base name (lower case), in one pass on first use."""
        if "by_ext" not in self._memo:
            grouped: dict[str, list[str]] = collections.defaultdict(list)
            exts = [n[n.rfind(".") + 1 :] for n in self._base_names()]
            for ext, path in zip(exts, self.paths, strict=True):
                grouped[ext].append(path)
            self._memo["by_ext"] = grouped
        result: dict[str, list[str]] = self._memo["by_ext"]
        return result

    def with_ext(self, *exts: str) -> tuple[str, ...]:
        """Files with one of the extensions (without the dot, case-insensitive)."""
        key = ("ext", *exts)
        if key not in self._memo:
            grouped = self._by_ext()
            found = [p for e in exts for p in grouped.get(e.translate(_ASCII_LOWER), ())]
            self._memo[key] = tuple(sorted(found)) if len(exts) > 1 else tuple(found)
        result: tuple[str, ...] = self._memo[key]
        return result

    def under(self, *folders: str) -> tuple[str, ...]:
        """Files below any of the folders (repo-relative, case-sensitive)."""
        found: list[str] = []
        for folder in folders:
            prefix = folder.strip("/") + "/"
            low = bisect.bisect_left(self.paths, prefix)
            high = bisect.bisect_left(self.paths, prefix[:-1] + "0")  # "0" sorts right after "/"
            found += self.paths[low:high]
        return tuple(found)

    def in_folder(self, *names: str) -> tuple[str, ...]:
        """Files with a folder of one of these names (case-insensitive) anywhere in their path."""
        # A few C-speed scans of the listing beat grouping 100,000 paths by every folder name; the
        # set of folder names (far smaller than the listing) says which scans can find anything.
        present = self._folder_names()[0]
        wanted = [n for n in (name.translate(_ASCII_LOWER) for name in names) if n in present]
        found = {p for n in wanted for needle in (f"/{n}/", f"\n{n}/") for p in self._lines_with(needle)}
        return tuple(sorted(found))

    def _folder_names(self) -> tuple[frozenset[str], str]:
        """The lower-case folder names (from the distinct folders), as a set and joined by newlines."""
        if "folder_names" not in self._memo:
            folders = {p[: p.rfind("/")] for p in self._lowered_paths()}
            names = frozenset("\n".join(folders).replace("/", "\n").split("\n")) - {""}
            self._memo["folder_names"] = (names, "\n" + "\n".join(names) + "\n")
        result: tuple[frozenset[str], str] = self._memo["folder_names"]
        return result

    def named_with(self, *words: str) -> tuple[str, ...]:
        """Files whose base name has one of `words` as a whole token: `train` finds
        `train.py` and `prep_train_v2.py`, not `trainer.py` or `train_data/x.py`."""
        key = ("token", *words)
        if key not in self._memo:
            text, starts = self._basenames()
            present = self._name_tokens()[0]
            found: set[int] = set()
            for word in (w for w in words if w in present):
                at = text.find(word)
                while at >= 0:
                    end = at + len(word)
                    if text[at - 1] in _TOKEN_EDGE and text[end] in _TOKEN_EDGE:
                        found.add(bisect.bisect_right(starts, at) - 1)
                    at = text.find(word, end)
            self._memo[key] = tuple(self.paths[i] for i in sorted(found))
        result: tuple[str, ...] = self._memo[key]
        return result

    def _base_names(self) -> list[str]:
        """The lower-case base name of every path, in path order (shared by the name look-ups)."""
        if "base_names" not in self._memo:
            self._memo["base_names"] = [p[p.rfind("/") + 1 :] for p in self._lowered_paths()]
        names: list[str] = self._memo["base_names"]
        return names

    def _basenames(self) -> tuple[str, list[int]]:
        if "basenames" not in self._memo:
            names = self._base_names()
            starts = list(itertools.accumulate(map(_PLUS_ONE, map(len, names[:-1])), initial=1))
            self._memo["basenames"] = ("\n" + "\n".join(names) + "\n", starts)
        text, starts = self._memo["basenames"]
        return text, starts

    def containing(self, needle: str) -> tuple[str, ...]:
        """Files whose path contains `needle` (case-insensitive): a cheap pre-filter."""
        needle = needle.translate(_ASCII_LOWER)
        if needle not in self._memo and not self._may_contain(needle):
            self._memo[needle] = ()
        return self._lines_with(needle)

    def matching(
        self, pattern: re.Pattern[str], among: Iterable[str] | None = None, *, hints: Iterable[str] = ()
    ) -> tuple[str, ...]:
        """Files whose path matches `pattern` (search semantics).

        `hints` are lower-case substrings one of which every match contains: only the paths
        containing one (found in C) are tested, instead of every path of the repository.
        """
        if among is None and hints:
            among = sorted({p for hint in hints for p in self.containing(hint)})
        return tuple(p for p in (self.paths if among is None else among) if pattern.search(p))

    def _may_contain(self, needle: str) -> bool:
        """False when some piece of `needle` between separators is inside no word of any path.

        A piece holds no separator, so wherever the needle is in a path, each piece is inside a
        single word of it. The distinct words (digits-only ones left out) are a few kilobytes
        where the listing is megabytes: most words that are in no path cost nothing to rule out.
        """
        words = self._name_tokens()[1]
        pieces = needle.replace("/", " ").translate(_TOKEN_SPLIT).split()
        return all(p in words for p in pieces if not p.isdigit())

    def _name_tokens(self) -> tuple[frozenset[str], str]:
        """The words of every folder and base name, as a set and (digits-only ones left out) joined."""
        if "name_tokens" not in self._memo:
            names, joined = self._folder_names()[1], self._basenames()[0]
            text = (joined + names).replace("_", " ").replace("-", " ").replace(".", " ").replace("+", " ")
            tokens = frozenset(text.split())
            self._memo["name_tokens"] = (tokens, "\n".join(itertools.filterfalse(str.isdigit, tokens)))
        result: tuple[frozenset[str], str] = self._memo["name_tokens"]
        return result

    def _lines_with(self, needle: str) -> tuple[str, ...]:
        if needle in self._memo:
            cached: tuple[str, ...] = self._memo[needle]
            return cached
        text, low = self.joined, self.lowered
        found: list[str] = []
        at = low.find(needle)
        while at >= 0:
            start = low.rfind("\n", 0, at + (1 if needle.startswith("\n") else 0)) + 1
            end = low.find("\n", at + (1 if needle.startswith("\n") else 0))
            found.append(text[start:end])
            at = low.find(needle, end)
        result = tuple(found)
        self._memo[needle] = result
        return result


def file_index(ctx: Context) -> FileIndex:
    """Index the repository's files, leaving out vendored trees and the configured `exclude`."""
    repo = ctx.repo
    paths = repo.files
    if patterns := ctx.get(settings).exclude:
        import pathspec  # noqa: PLC0415 - only when the configuration excludes paths

        spec = pathspec.GitIgnoreSpec.from_lines(patterns)
        paths = tuple(p for p in paths if not spec.match_file(p))
    joined = "\n" + "\n".join(paths) + "\n"
    if any(f"{d}/" in joined for d in VENDORED_DIRS):
        paths = tuple(p for p in paths if not _vendored(p))
        joined = "\n" + "\n".join(paths) + "\n"
    return FileIndex(paths, frozenset(paths), repo.is_git, joined, joined.translate(_ASCII_LOWER))


def _vendored(path: str) -> bool:
    return "/" in path and any(part in VENDORED_DIRS for part in path.split("/")[:-1])


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
