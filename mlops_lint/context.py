"""Context: lazily computed, memoised facts about one repository.

A fact is a plain function `fact(ctx) -> value` (a frozen value). Detectors ask for facts with
`ctx.get(fact)`; the first call computes it, later calls reuse it, so each file is read and
parsed at most once however many detectors need it. The cache is keyed by the function itself,
which mypy can check, unlike name-based injection.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from mlops_lint.repo import RepoSnapshot

T = TypeVar("T")
Fact = Callable[["Context"], T]


class Context:
    """The facts of one assessment run."""

    def __init__(self, repo: RepoSnapshot | None, seed: Mapping[Fact[Any], Any] | None = None) -> None:
        self._repo = repo
        self._cache: dict[Fact[Any], Any] = dict(seed or {})
        self._promised: dict[Fact[Any], Callable[[], Mapping[Fact[Any], Any]]] = {}

    @classmethod
    def from_facts(cls, facts: Mapping[Fact[Any], Any]) -> Context:
        """A context with hand-made facts and no repository, for unit tests."""
        return cls(None, facts)

    @property
    def repo(self) -> RepoSnapshot:
        """The snapshot facts read from; detectors must not use it directly."""
        if self._repo is None:
            msg = "this context has no repository; seed the fact in Context.from_facts"
            raise LookupError(msg)
        return self._repo

    def get(self, fact: Fact[T]) -> T:
        """The value of `fact`, computed on first use (or taken from its promised supply)."""
        if fact not in self._cache:
            if (supply := self._promised.pop(fact, None)) is not None:
                for supplied, value in supply().items():
                    self._cache.setdefault(supplied, value)
            if fact not in self._cache:
                self._cache[fact] = fact(self)
        found: T = self._cache[fact]
        return found

    def promise(self, facts: Iterable[Fact[Any]], supply: Callable[[], Mapping[Fact[Any], Any]]) -> None:
        """Take these facts from `supply()` (facts by function) when first asked for, rather than
        computing them: another process computes them. What it does not supply is computed here."""
        for fact in facts:
            if fact not in self._cache:
                self._promised[fact] = supply
