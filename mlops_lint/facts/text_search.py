"""Fast line search over the code and config corpora: plain-word pre-filters, then a regex.

A regex with many alternatives is slow on megabytes of code, and a Python loop checking words
file by file is slow on thousands of files. Here the words of all files read are indexed once
(`prefilter.WordIndex`), so finding the files that hold a word is a look-up; the regex then runs
only on them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterable

from mlops_lint.context import Context
from mlops_lint.facts.code import CodeCorpus
from mlops_lint.facts.ml_code import is_test_file
from mlops_lint.facts.prefilter import WordIndex
from mlops_lint.facts.tracking import COMMENT, lowered_texts
from mlops_lint.model import Evidence


@dataclasses.dataclass(frozen=True, slots=True)
class TextIndex:
    """The lower-case texts of every code and config file read, indexed by word."""

    paths: tuple[str, ...]
    texts: WordIndex

    def containing(self, *needles: str) -> frozenset[str]:
        """The paths whose lower-case text holds any of the (lower-case) needles."""
        return frozenset(self.paths[i] for i in self.texts.holding(*needles))


def text_index(ctx: Context) -> TextIndex:
    """Index the lower-case texts of the code and config corpora once."""
    lowered = ctx.get(lowered_texts)
    paths = tuple(lowered)
    return TextIndex(paths, WordIndex.of([lowered[p] for p in paths]))


def first_hits(  # noqa: PLR0913 - keyword-only filters
    ctx: Context,
    corpora: Iterable[CodeCorpus],
    pattern: re.Pattern[str],
    needles: tuple[str, ...],
    *,
    among: Collection[str] | None = None,
    code_only: bool = True,
) -> dict[str, Evidence]:
    """The first matching line per file, tests and comment lines left out, by path.

    The regex runs only on files holding one of the `needles` (all files when there are none)
    and, when given, listed in `among`. With `code_only`, matches in comments, string contents
    and notebook markdown cells do not count (see `CodeCorpus.code_view`).
    """
    wanted = ctx.get(text_index).containing(*needles) if needles else None
    found: dict[str, Evidence] = {}
    for corpus in corpora:
        files = [
            f
            for f in corpus.files
            if (wanted is None or f.path in wanted) and (among is None or f.path in among) and not is_test_file(f.path)
        ]
        for hit in corpus.search(pattern, files, code_only=code_only):
            if hit.path not in found and not COMMENT.match(hit.text):
                found[hit.path] = Evidence(hit.path, hit.line, hit.text)
    return found
