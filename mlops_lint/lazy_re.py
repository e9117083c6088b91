"""Regular expressions compiled when first used.

mlops-lint holds some 400 patterns and a run needs about half of them; compiling them all as the
modules load cost a quarter of a second on every run, however small the repository. A lazy
pattern compiles on its first use and then hands over the compiled pattern's own methods, so
later calls cost what a compiled pattern's do.
"""

from __future__ import annotations

import re
from typing import Any, cast

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner")


class LazyPattern:
    """Stands for `re.compile(pattern, flags)` until something other than its source is needed."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def __getattr__(self, name: str) -> Any:
        # Only called for what the instance does not hold yet: the first use of a method.
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = self.compiled
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    @property
    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (cached by the `re` module)."""
        return re.compile(self.pattern, self.flags)

    def __repr__(self) -> str:
        return f"lazy_re.compile({self.pattern!r}, {self.flags})"


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern that compiles on first use; typed as the compiled pattern it behaves as."""
    return cast("re.Pattern[str]", LazyPattern(pattern, flags))
