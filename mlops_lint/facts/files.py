"""The file index: every tracked path, grouped the ways detectors look files up.

Built in one pass over the listing with plain string operations (no Path objects), because a
monorepo can track 100,000 files and this runs on every assessment.
"""

from __future__ import annotations

import bisect
import collections
import dataclasses
import itertools
import operator
import re
from collections.abc import Iterable, Iterator
from typing import Any, Final

from mlops_lint import lazy_re
from mlops_lint.config import settings
from mlops_lint.context import Context

VENDORED_DIRS: Final = frozenset(
    {"node_modules", "vendor", "third_party", "third-party", "site-packages", ".venv", "venv", ".tox"}
)
_TOKEN_EDGE: Final = frozenset("\n_-. +")
_WORD_BREAKS: Final = str.maketrans("/_-.+", "     ")  # what separates the words of a name
_ONE_DIGIT: Final = str.maketrans("123456789", "000000000")  # words are compared with digits as 0
_FOLDERS: Final = lazy_re.compile(r"\n[^\n]*/")  # a line's folders, up to its base name
_DEPTH: Final = operator.methodcaller("count", "/")
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

    @classmethod
    def of(cls, paths: tuple[str, ...], *, tracked: bool) -> FileIndex:
        """The index of a sorted listing."""
        joined = "\n" + "\n".join(paths) + "\n"
        return cls(paths, frozenset(paths), tracked, joined, joined.translate(_ASCII_LOWER))

    def __contains__(self, path: object) -> bool:
        return path in self.path_set

    def named(self, *names: str) -> tuple[str, ...]:
        """Files whose base name (case-insensitive) is one of `names`."""
        present = self._names()[0]  # a name in no path needs no scan
        text = self._base_names_text()
        found: list[str] = []
        for name in dict.fromkeys(n.translate(_ASCII_LOWER) for n in names):
            if name in present:
                found += (self.paths[i] for _, i in _occurrences(text, f"\n{name}\n", line_at=1))
        return tuple(sorted(found))

    def _by_ext(self) -> dict[str, list[str]]:
        """Paths grouped by the extension of their base name (lower case), in one pass on first use."""
        if "by_ext" not in self._memo:
            grouped: dict[str, list[str]] = collections.defaultdict(list)
            exts = [n.rpartition(".")[2] for n in self._base_names()]
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
        # Top-level folders are ranges of the sorted listing; deeper ones take a C-speed scan of the
        # listing each, and only names that are the name of something in the listing are looked for.
        known, tops = self._names()[0], self._top_folders()
        found: set[str] = set()
        for name in dict.fromkeys(n.translate(_ASCII_LOWER) for n in names):
            if name in known:
                for low, high in tops.get(name, ()):
                    found.update(self.paths[low:high])
                found.update(self._lines_with(f"/{name}/"))
        return tuple(sorted(found))

    def _top_folders(self) -> dict[str, list[tuple[int, int]]]:
        """Each top-level folder's name (lower case) and its range in the sorted listing.

        One step per top-level entry, not per path: the files of a folder are contiguous.
        """
        if "top_folders" not in self._memo:
            tops: dict[str, list[tuple[int, int]]] = collections.defaultdict(list)
            paths, at = self.paths, 0
            while at < len(paths):
                folder = paths[at].partition("/")[0]
                if folder == paths[at]:  # a file at the root
                    at += 1
                    continue
                end = bisect.bisect_left(paths, folder + "0", at)  # "0" sorts right after "/"
                tops[folder.translate(_ASCII_LOWER)].append((at, end))
                at = end
            self._memo["top_folders"] = tops
        result: dict[str, list[tuple[int, int]]] = self._memo["top_folders"]
        return result

    def named_with(self, *words: str) -> tuple[str, ...]:
        """Files whose base name has one of `words` as a whole token: `train` finds
        `train.py` and `prep_train_v2.py`, not `trainer.py` or `train_data/x.py`."""
        key = ("token", *words)
        if key not in self._memo:
            text = self._base_names_text()
            present = self._names()[1]
            found: set[int] = set()
            for word in (w for w in words if all(p in present for p in _pieces(w))):
                found.update(
                    line
                    for at, line in _occurrences(text, word)
                    if text[at - 1] in _TOKEN_EDGE and text[at + len(word)] in _TOKEN_EDGE
                )
            self._memo[key] = tuple(self.paths[i] for i in sorted(found))
        result: tuple[str, ...] = self._memo[key]
        return result

    def _base_names(self) -> list[str]:
        """The lower-case base name of every path, in path order (shared by the name look-ups)."""
        if "base_names" not in self._memo:
            text = self._base_names_text()
            self._memo["base_names"] = text[1:-1].split("\n") if self.paths else []
        names: list[str] = self._memo["base_names"]
        return names

    def _base_names_text(self) -> str:
        """The lower-case base names, one per line in path order, between newlines (made in C)."""
        if "basenames" not in self._memo:
            self._memo["basenames"] = _FOLDERS.sub("\n", self.lowered)
        text: str = self._memo["basenames"]
        return text

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
        single word of it. The distinct words are a few kilobytes where the listing is megabytes:
        most needles that are in no path cost nothing to rule out.
        """
        joined = self._names()[2]
        return all(p in joined for p in _pieces(needle))

    def _names(self) -> tuple[frozenset[str], frozenset[str], str]:
        """Every folder and file name in the listing (lower case); the words in them (between
        separators, digits read as 0, numbers left out); and those words joined by newlines, for
        substring checks.

        The names are one split of the listing; the words come from the distinct names, a
        fraction of the listing (both in C). They only decide which scans of the listing run.
        """
        if "names" not in self._memo:
            names = frozenset(self.lowered.replace("/", "\n").split("\n"))
            # Words come from the names' shapes (every digit read as 0): "mod_123.py" and
            # "mod_456.py" are one shape, so a monorepo's numbered files are split once, not each.
            shapes = frozenset("\n".join(names).translate(_ONE_DIGIT).split("\n"))
            words = frozenset(itertools.filterfalse(str.isdigit, "\n".join(shapes).translate(_WORD_BREAKS).split()))
            self._memo["names"] = (names, words, "\n".join(words))
        result: tuple[frozenset[str], frozenset[str], str] = self._memo["names"]
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


def _pieces(needle: str) -> list[str]:
    """The words of a needle that must each be inside a word of a path holding it, digits read
    as 0 as in the index's words (numbers alone are not kept as words: far too many)."""
    return [p for p in needle.translate(_ONE_DIGIT).translate(_WORD_BREAKS).split() if not p.isdigit()]


def _occurrences(text: str, needle: str, *, line_at: int = 0) -> Iterator[tuple[int, int]]:
    """Where `needle` is in `text`, with the number (from 0) of the line there: newlines are
    counted between one hit and the next (one pass in C however many hits). `line_at` is where
    in the needle its line is (1 for a needle opening with the newline before it); a newline
    closing the needle may also open the next hit."""
    step = len(needle.rstrip("\n"))
    line, counted, at = -1, 0, text.find(needle)
    while at >= 0:
        line += text.count("\n", counted, at + line_at)
        counted = at + line_at
        yield at, line
        at = text.find(needle, at + step)


def file_index(ctx: Context) -> FileIndex:
    """Index the repository's files, leaving out vendored trees and the configured `exclude`."""
    repo = ctx.repo
    paths = repo.files
    if patterns := ctx.get(settings).exclude:
        import pathspec  # noqa: PLC0415 - only when the configuration excludes paths

        spec = pathspec.GitIgnoreSpec.from_lines(patterns)
        paths = tuple(p for p in paths if not spec.match_file(p))
    index = FileIndex.of(paths, tracked=repo.is_git)
    if VENDORED_DIRS.isdisjoint(index._names()[0]):  # the names every look-up needs anyway
        return index
    return FileIndex.of(tuple(p for p in paths if not _vendored(p)), tracked=repo.is_git)


def _vendored(path: str) -> bool:
    return "/" in path and any(part in VENDORED_DIRS for part in path.split("/")[:-1])


def shallowest(paths: Iterable[str], count: int | None = None) -> list[str]:
    """The paths nearest the root first (then in path order), the first `count` of them.

    Two sorts whose comparisons and keys run in C: a Python key per path cost a tenth of a
    second on the 55,000 modules of a large monorepo.
    """
    ordered = sorted(paths)
    ordered.sort(key=_DEPTH)  # stable: path order within a depth
    return ordered if count is None else ordered[:count]


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
