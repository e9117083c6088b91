"""The words a regex cannot match without, read from the pattern itself.

Python's regex engine crawls through text at a few megabytes a second for a pattern of many
case-insensitive alternatives (and far slower for some); `str.find` runs at a gigabyte. So before a
pattern runs over a file, `could_match` checks, in C, that the file holds at least one of the
literal pieces every match must contain. The pieces are derived from the parsed pattern, not
written by hand, so the check can only skip files where the pattern would find nothing.
"""

from __future__ import annotations

import functools
import importlib
import re
import sys
from typing import Any, Final

# The standard regex engine's own parser: `re._parser` since 3.11 (`sre_parse`, deprecated, before).
_NEW: Final = sys.version_info >= (3, 11)
sre: Any = importlib.import_module("re._constants" if _NEW else "sre_constants")
sre_parse: Any = importlib.import_module("re._parser" if _NEW else "sre_parse")

MIN_NEEDLE: Final = 3  # shorter pieces ("_", "(") are in nearly every file: no use as a filter
_REPEATS: Final = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
_GROUPS: Final = {sre.SUBPATTERN, getattr(sre, "ATOMIC_GROUP", sre.SUBPATTERN)}


@functools.lru_cache(maxsize=1024)
def needles(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Lower-case strings one of which every match contains, or None when none can be told.

    Lower case because they are checked against lower-cased text: a valid (if weaker) test for
    case-sensitive patterns too.
    """
    try:
        found = _required(list(sre_parse.parse(pattern.pattern, pattern.flags)))
    except (re.error, RecursionError, TypeError, ValueError):  # pragma: no cover - compiled already
        return None
    if not found or min(map(len, found)) < MIN_NEEDLE:
        return None
    # A needle holding another is implied by it: "oauth2bearer" goes when "auth" is there.
    return frozenset(n for n in found if not any(o != n and o in n for o in found))


def could_match(pattern: re.Pattern[str], lowered: str) -> bool:
    """False only when `pattern` cannot match the text whose lower-case form is `lowered`."""
    wanted = needles(pattern)
    return wanted is None or any(n in lowered for n in wanted)


def _required(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """For a sequence: the best of the requirements of its parts (any one of them holds)."""
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, arg in items:
        char = _char(op, arg)
        if char is not None:
            run.append(char)
            continue
        if run:
            options.append(frozenset({"".join(run)}))
            run = []
        if (need := _required_of(op, arg)) is not None:
            options.append(need)
    if run:
        options.append(frozenset({"".join(run)}))
    return max(options, key=_usefulness, default=None)


def _required_of(op: Any, arg: Any) -> frozenset[str] | None:
    if op is sre.BRANCH:
        branches = [_required(list(branch)) for branch in arg[1]]
        if any(b is None for b in branches):
            return None
        return frozenset().union(*(b for b in branches if b is not None))
    if op in _GROUPS:
        return _required(list(arg[-1]))
    if op in _REPEATS and arg[0] >= 1:
        return _required(list(arg[2]))
    return None  # classes, anchors, look-arounds, back-references: nothing required


def _char(op: Any, arg: Any) -> str | None:
    """The lower-case character an item always matches, if it is one (`a`, or `[Aa]`)."""
    if op is sre.LITERAL:
        return chr(arg).lower()
    if op is sre.IN and arg and all(o is sre.LITERAL for o, _ in arg):
        chars = {chr(a).lower() for _, a in arg}
        return chars.pop() if len(chars) == 1 else None
    return None


def _usefulness(option: frozenset[str]) -> tuple[int, int]:
    """Long pieces first (rarer), then fewer of them (fewer scans)."""
    return (min(*map(len, option), 8), -len(option))
