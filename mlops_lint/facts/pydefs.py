"""Public Python definitions and their docstrings, read from the lines of the code view.

Docstring coverage needs only the outline of a file: which module-level functions and classes,
and which methods of public classes, there are, and whether each body opens with a string.
`ast.parse` builds every node of every body to say that, a millisecond per file; reading the
outline from the lines is several times faster. The reading works on the code view (comments and
string contents blanked, quotes kept: `CodeCorpus.code_view`), so nothing inside a string or a
comment is mistaken for code. Where a file does something the reading does not model (tabs in
indentation, a parenthesised docstring, unbalanced brackets...), it answers None and the caller
parses the file for real; a test holds the two to the same answers on every Python file at hand.
"""

from __future__ import annotations

from typing import Final

from mlops_lint import lazy_re

Counts = tuple[int, int, int | None]  # documented, total, line of the first documented definition

DEFINITION: Final = lazy_re.compile(r"(?:async[ \t]+)?(def|class)[ \t]+(\w+)")  # at a logical line's start
HEADER_END: Final = lazy_re.compile(r"[()\[\]{}:]")  # what decides where a definition's header ends
STRING_START: Final = lazy_re.compile(r"([rRuUbBfF]{0,2})('''|\"\"\"|'|\")")
NOT_BLANK: Final = lazy_re.compile(r"\S")
_OPEN: Final = "([{"
_CLOSE: Final = ")]}"
_ONE_BRACKET: Final = str.maketrans("[{]}", "(())")


class Unsure(Exception):
    """The file does something the line reading does not model: parse it instead."""


def outline_counts(view: str) -> Counts | None:
    """Docstring counts of the public definitions of a Python file, from its code view, as `ast`
    would give them; None when only a real parse can tell."""
    try:
        return _counts(view)
    except Unsure:
        return None


def _counts(view: str) -> Counts:
    documented = total = 0
    first: int | None = None
    enclosing: list[tuple[int, bool]] = []  # logical lines holding the next one: (indent, a measured class)
    depth, in_string, continued, offset = 0, False, False, 0
    # Brackets are counted on a copy where every bracket is "(" or ")": two counts a line, not six.
    lines = zip(view.split("\n"), view.translate(_ONE_BRACKET).split("\n"), strict=True)
    for number, (line, brackets) in enumerate(lines, start=1):
        if depth == 0 and not in_string and not continued and (body := line.lstrip(" ")).strip():
            if body[0] in "\t\f":
                raise Unsure
            indent = len(line) - len(body)
            while enclosing and enclosing[-1][0] >= indent:
                enclosing.pop()
            found = DEFINITION.match(body)
            measured = bool(found and (not enclosing or enclosing[-1][1]) and not found.group(2).startswith("_"))
            if found and measured:
                total += 1
                if _has_docstring(view, offset + indent + found.end()):
                    documented += 1
                    first = number if first is None else first
            enclosing.append((indent, measured and found is not None and found.group(1) == "class"))
        offset += len(line) + 1
        if '"""' in line or "'''" in line:  # string contents are blanked: these are delimiters
            in_string ^= (line.count('"""') + line.count("'''")) % 2 == 1
        if "(" in brackets or ")" in brackets:  # and so are brackets inside strings
            depth += brackets.count("(") - brackets.count(")")
            if depth < 0:
                raise Unsure
        continued = line.endswith(("\\", "\\\r"))
    if depth or in_string:
        raise Unsure
    return documented, total, first


def _has_docstring(view: str, after_name: int) -> bool:
    """Whether the definition whose name ends at `after_name` opens its body with a non-empty
    string (a plain or raw one, or several side by side, as the whole first statement)."""
    depth = 0
    for mark in HEADER_END.finditer(view, after_name):
        char = mark.group()
        if char == ":" and depth == 0:
            break
        depth += 1 if char in _OPEN else -1 if char in _CLOSE else 0
    else:
        raise Unsure
    at = _next_code(view, mark.end())
    if view.startswith("(", at) and STRING_START.match(view, _next_code(view, at + 1)):
        raise Unsure  # `("docstring")` is still one, `("a" + b)` is not: leave it to the parser
    strings, content = 0, False
    while (string := STRING_START.match(view, at)) is not None:
        prefix, quote = string.group(1).lower(), string.group(2)
        end = view.find(quote, string.end())
        if end < 0 or (len(quote) == 1 and "\n" in view[string.end() : end]):
            raise Unsure  # a string continued over lines with backslashes
        if "b" in prefix or "f" in prefix:
            return False  # bytes or an f-string: not a docstring
        strings, content = strings + 1, content or end > string.end()
        at = end + len(quote)
        while at < len(view) and view[at] in " \t\r":
            at += 1
    if not strings:
        return False
    if at < len(view) and view[at] not in "\n;":
        if view[at] == "\\":
            raise Unsure
        return False  # the string is part of a larger expression: `"a" + b`, `"x".join(...)`
    return content


def _next_code(view: str, at: int) -> int:
    """Where the first character after `at` that is not blank (in the view) is."""
    found = NOT_BLANK.search(view, at)
    return found.start() if found else len(view)
