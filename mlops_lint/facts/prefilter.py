"""The words a regex cannot match without, read from the pattern itself.

Python's regex engine crawls through text at a few megabytes a second for a pattern of many
case-insensitive alternatives (and far slower for some); `str.find` runs at a gigabyte. So before a
pattern runs over a file, `could_match` checks, in C, that the file holds at least one of the
literal pieces every match must contain. The pieces are derived from the parsed pattern, not
written by hand, so the check can only skip files where the pattern would find nothing. Within a
file the pattern then runs only around them (`windows`), and across a corpus `WordIndex` says
which files hold a word from their vocabulary.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import importlib
import itertools
import re
import sys
from collections.abc import Iterator, Sequence
from typing import Any, Final

# The standard regex engine's own parser: `re._parser` since 3.11 (`sre_parse`, deprecated, before).
_NEW: Final = sys.version_info >= (3, 11)
sre: Any = importlib.import_module("re._constants" if _NEW else "sre_constants")
sre_parse: Any = importlib.import_module("re._parser" if _NEW else "sre_parse")

MIN_NEEDLE: Final = 2  # shorter pieces ("_", "(") are in nearly every file: no use as a filter
MAX_VARIANTS: Final = 32  # exact strings joined across neighbouring parts, at most
_REPEATS: Final = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
_NEWLINE_CATEGORIES: Final = {
    getattr(sre, name)
    for name in ("CATEGORY_NOT_WORD", "CATEGORY_NOT_DIGIT", "CATEGORY_LINEBREAK", "CATEGORY_UNI_NOT_WORD",
                 "CATEGORY_UNI_NOT_DIGIT", "CATEGORY_UNI_LINEBREAK", "CATEGORY_LOC_NOT_WORD")
}  # fmt: skip
_SPACE_CATEGORIES: Final = {sre.CATEGORY_SPACE, sre.CATEGORY_UNI_SPACE}
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


# Bytes that make up words: ASCII letters, digits, "_" and every byte of a non-ASCII character
# (UTF-8). The others separate words; `bytes.translate` turns them into spaces, `split` cuts there.
_WORD_BYTES: Final = frozenset(
    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_" + bytes(range(128, 256))
)
_SEPARATE: Final = bytes(b if b in _WORD_BYTES else 0x20 for b in range(256))


def _words(text: str) -> list[bytes]:
    """The words of a text, in UTF-8 (a character string is in a text iff its UTF-8 bytes are)."""
    return text.encode("utf-8", "surrogatepass").translate(_SEPARATE).split()


@dataclasses.dataclass(frozen=True, slots=True)
class WordIndex:
    """Which of many lower-case texts hold a string, answered from the words they contain.

    Looking each string up in megabytes of code takes milliseconds, and a run looks up hundreds;
    here each text's distinct words are listed once, and a look-up scans only the vocabulary (a
    twentieth of the text) and reads which texts hold the words found. A string inside a text lies
    in one of its words, or, holding separators, has its longest word-piece in one: that piece
    chooses the candidates, and they are then checked for the whole string.
    """

    texts: tuple[str, ...]
    _vocabulary: list[tuple[bytes, list[int], list[list[int]]]] = dataclasses.field(
        default_factory=list, compare=False, repr=False
    )  # built on first use: the words joined by newlines, where each starts, which texts hold each
    _memo: dict[object, frozenset[int]] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, texts: Sequence[str]) -> WordIndex:
        """Index the (lower-case) texts."""
        return cls(tuple(texts))

    def holding(self, *needles: str) -> frozenset[int]:
        """The positions of the texts holding any of the (lower-case) needles."""
        return frozenset().union(*(self._holding(n) for n in needles))

    def matchable(self, pattern: re.Pattern[str]) -> frozenset[int] | None:
        """The positions of the texts holding a word every match of `pattern` needs (`needles`);
        None when the pattern needs no particular word, so any text may match."""
        wanted = needles(pattern)
        if wanted is None:
            return None
        if pattern not in self._memo:
            self._memo[pattern] = self.holding(*wanted)
        return self._memo[pattern]

    def _holding(self, needle: str) -> frozenset[int]:
        if needle in self._memo:
            return self._memo[needle]
        encoded = needle.encode("utf-8", "surrogatepass")
        piece = max(encoded.translate(_SEPARATE).split(), key=len, default=b"")
        if len(piece) < MIN_NEEDLE:  # in nearly every text's words: a plain look in each text is quicker
            found = frozenset(i for i, text in enumerate(self.texts) if needle in text)
        else:
            blob, starts, postings = self._vocab()
            candidates: set[int] = set()
            at = blob.find(piece)
            while at >= 0:
                word = bisect.bisect_right(starts, at) - 1
                candidates.update(postings[word])
                at = blob.find(piece, starts[word + 1]) if word + 1 < len(starts) else -1
            exact = piece == encoded  # the needle is one word-piece: every word holding it counts
            found = frozenset(candidates if exact else (i for i in candidates if needle in self.texts[i]))
        self._memo[needle] = found
        return found

    def _vocab(self) -> tuple[bytes, list[int], list[list[int]]]:
        if not self._vocabulary:
            postings: dict[bytes, list[int]] = {}
            for i, text in enumerate(self.texts):
                for word in set(_words(text)):
                    if (holders := postings.get(word)) is None:
                        postings[word] = [i]
                    else:
                        holders.append(i)
            starts = list(itertools.accumulate((len(w) + 1 for w in postings), initial=0))[:-1]
            self._vocabulary.append((b"\n".join(postings), starts, list(postings.values())))
        return self._vocabulary[0]


def could_match(pattern: re.Pattern[str], lowered: str) -> bool:
    """False only when `pattern` cannot match the text whose lower-case form is `lowered`."""
    wanted = needles(pattern)
    return wanted is None or any(n in lowered for n in wanted)


def _required(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """For a sequence: the best of the requirements of its parts (any one of them holds).

    Neighbouring parts that match one of a few exact strings are joined into longer pieces:
    `Batch(?:Endpoint|Deployment)\\(` requires "batchendpoint(" or "batchdeployment(".
    """
    options: list[frozenset[str]] = []
    run: set[str] | None = None  # the exact strings the parts so far can match, joined
    for op, arg in items:
        exact = _exact(op, arg)
        if exact is not None and (run is None or len(run) * len(exact) <= MAX_VARIANTS):
            run = set(exact) if run is None else {a + b for a in run for b in exact}
            continue
        if run:
            options.append(frozenset(run))
        run = set(exact) if exact is not None else None
        if exact is None and (need := _required_of(op, arg)) is not None:
            options.append(need)
    if run:
        options.append(frozenset(run))
    return max(options, key=_usefulness, default=None)


def _exact(op: Any, arg: Any) -> frozenset[str] | None:
    """The lower-case strings an item matches, when they are a few exact ones (`a`, `[Aa]`, `(?:x|yz)`)."""
    if (char := _char(op, arg)) is not None:
        return frozenset({char})
    if op is sre.BRANCH:
        branches = [_exact_sequence(list(branch)) for branch in arg[1]]
        if any(b is None for b in branches):
            return None
        found = frozenset().union(*(b for b in branches if b is not None))
        return found if len(found) <= MAX_VARIANTS else None
    if op in _GROUPS:
        return _exact_sequence(list(_body(op, arg)))
    return None


def _exact_sequence(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    found: set[str] = {""}
    for op, arg in items:
        exact = _exact(op, arg)
        if exact is None or len(found) * len(exact) > MAX_VARIANTS:
            return None
        found = {a + b for a in found for b in exact}
    return frozenset(found)


def _required_of(op: Any, arg: Any) -> frozenset[str] | None:
    if op is sre.BRANCH:
        branches = [_required(list(branch)) for branch in arg[1]]
        if any(b is None for b in branches):
            return None
        return frozenset().union(*(b for b in branches if b is not None))
    if op in _GROUPS:
        return _required(list(_body(op, arg)))
    if op in _REPEATS and arg[0] >= 1:
        return _required(list(_body(op, arg)))
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


def finditer(pattern: re.Pattern[str], text: str, lowered: str | None = None) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, searching only the stretches where a match can be (`windows`)."""
    for start, end in windows(pattern, text, text.lower() if lowered is None else lowered):
        yield from pattern.finditer(text, start, end)


def search(pattern: re.Pattern[str], text: str, lowered: str | None = None) -> re.Match[str] | None:
    """`pattern.search(text)`, searching only the stretches where a match can be (`windows`)."""
    return next(finditer(pattern, text, lowered), None)


def windows(pattern: re.Pattern[str], text: str, lowered: str) -> list[tuple[int, int]]:
    """Stretches of `text` (start, end) where `pattern` can match, for `finditer(text, start, end)`.

    Every match holds one of the needles, so only the lines around their occurrences are
    searched (MARGIN_LINES either side, whole lines, each ending after its newline so that
    look-aheads and `$` see what they would in the whole text; look-behinds and `\\b` see
    before `start` anyway). A match spanning more lines than the margin around its needle would
    be missed: none of mlops-lint's patterns is meant to. The whole text is one stretch when
    nothing can be told, or when the stretches would cover most of it anyway.
    """
    whole = [(0, len(text))]
    wanted = needles(pattern)
    if wanted is None:
        return whole
    if len(lowered) != len(text) or not _windowable(pattern):  # no stretches, but maybe nothing at all
        return whole if could_match(pattern, lowered) else []
    marks: list[int] = []
    for needle in wanted:
        at = lowered.find(needle)
        while at >= 0:
            marks.append(at)
            if len(marks) > MAX_MARKS:
                return whole
            at = lowered.find(needle, at + 1)
    found: list[tuple[int, int]] = []
    for at in sorted(marks):
        if found and at < found[-1][1]:
            continue  # inside the previous stretch
        start, end = _lines_around(text, at)
        if found and start <= found[-1][1]:
            start = found.pop()[0]
        found.append((start, end))
    return whole if sum(end - start for start, end in found) * 2 > len(text) else found


MARGIN_LINES: Final = 3
MAX_MARKS: Final = 200  # needles this common: their lines are most of the text


def _lines_around(text: str, at: int) -> tuple[int, int]:
    """From the start of the line MARGIN_LINES above `at` to after the newline MARGIN_LINES below."""
    start = at
    for _ in range(MARGIN_LINES + 1):
        start = text.rfind("\n", 0, start)
        if start < 0:
            break
    end = at
    for _ in range(MARGIN_LINES + 1):
        end = text.find("\n", end) + 1
        if end == 0:
            end = len(text)
            break
    return start + 1, end


@functools.lru_cache(maxsize=1024)
def _windowable(pattern: re.Pattern[str]) -> bool:
    """Whether the pattern has no end-of-text anchor (`$` without MULTILINE, `\\Z`): those
    would match at a stretch's end where the whole text does not end."""
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
    except (re.error, RecursionError, TypeError, ValueError):  # pragma: no cover - compiled already
        return False
    flags = tree.state.flags
    ends = {sre.AT_END_STRING} | (set() if flags & re.MULTILINE else {sre.AT_END})
    return not _has_anchor(list(tree), ends) and not _spans_lines(list(tree), dotall=bool(flags & re.DOTALL))


def _spans_lines(items: list[tuple[Any, Any]], *, dotall: bool) -> bool:
    """Whether a repeat can run over more lines than the margin with something other than
    whitespace (`[^)]*`, `.{0,200}` with DOTALL, in a look-ahead too): such a match may start, or
    need to see, far from its needle.
    Runs of whitespace (`\\s*`) are taken not to span more than the margin."""
    for op, arg in items:
        if op in _REPEATS and arg[1] > MARGIN_LINES and _crosses_lines(list(arg[2]), dotall=dotall):
            return True
        if op is sre.BRANCH and any(_spans_lines(list(b), dotall=dotall) for b in arg[1]):
            return True
        if (op in _GROUPS or op in _REPEATS) and _spans_lines(list(_body(op, arg)), dotall=dotall):
            return True
        if op in {sre.ASSERT, sre.ASSERT_NOT} and _spans_lines(list(arg[1]), dotall=dotall):  # `(?=[\s\S]{0,600}x)`
            return True
    return False


def _crosses_lines(items: list[tuple[Any, Any]], *, dotall: bool) -> bool:
    """Whether a repeated item can match a newline, not counting whitespace classes (`\\s`)."""
    for op, arg in items:
        if op is sre.ANY and dotall:
            return True
        if op is sre.NOT_LITERAL and arg != ord("\n"):
            return True
        if op is sre.IN:
            negated = any(o is sre.NEGATE for o, _ in arg)
            members = [(o, a) for o, a in arg if o is not sre.NEGATE]
            newline = any(
                (o is sre.LITERAL and a == ord("\n"))
                or (o is sre.RANGE and a[0] <= ord("\n") <= a[1])
                or (o is sre.CATEGORY and a in _NEWLINE_CATEGORIES | _SPACE_CATEGORIES)
                for o, a in members
            )
            if negated != newline and (negated or not all(map(_whitespace, members))):  # `[\s\S]` crosses
                return True
        if (op in _GROUPS or op in _REPEATS) and _crosses_lines(list(_body(op, arg)), dotall=dotall):
            return True
        if op is sre.BRANCH and any(_crosses_lines(list(b), dotall=dotall) for b in arg[1]):
            return True
    return False


def _whitespace(item: tuple[Any, Any]) -> bool:
    op, arg = item
    return (op is sre.CATEGORY and arg in _SPACE_CATEGORIES) or (op is sre.LITERAL and chr(arg) in " \t\n\r\f\v")


def _has_anchor(items: list[tuple[Any, Any]], anchors: set[Any]) -> bool:
    for op, arg in items:
        if op is sre.AT and arg in anchors:
            return True
        if op is sre.BRANCH and any(_has_anchor(list(b), anchors) for b in arg[1]):
            return True
        if (op in _GROUPS or op in _REPEATS) and _has_anchor(list(_body(op, arg)), anchors):
            return True
        if op in {sre.ASSERT, sre.ASSERT_NOT} and _has_anchor(list(arg[1]), anchors):
            return True
    return False


def _body(op: Any, arg: Any) -> Any:
    """The sub-pattern of a group or repeat (an atomic group's argument is the sub-pattern itself)."""
    return arg if op is getattr(sre, "ATOMIC_GROUP", None) else arg[-1]
