"""The regex pre-filter: words derived from a pattern may skip a text only when it cannot match."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import random
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import mlops_lint
from mlops_lint.facts.prefilter import WordIndex, could_match, needles, windows
from mlops_lint.lazy_re import LazyPattern

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bfoo(?:bar|baz)+[Qq]x", {"foo"}),
        (r"mlflow\.(?:start_run|autolog)\(", {"mlflow.start_run(", "mlflow.autolog("}),  # joined
        (r"(?:start_run|autolog)\(", {"start_run(", "autolog("}),
        (r"\bBatch(?:Endpoint|Deployment)\(", {"batchendpoint(", "batchdeployment("}),
        (r"OAuth2PasswordBearer|HTTPBearer|Bearer", {"bearer"}),  # a needle holding another goes
        (r"[Mm][Ll]flow", {"mlflow"}),
        (r"a|bcd", None),  # too short to filter anything
        (r"(?:foo)?bar\w*", {"bar"}),
        (r"(?:foo)*x", None),
        (r"\d+\.\d+", None),
    ],
)
def test_needles_are_derived_from_the_pattern(pattern: str, expected: set[str] | None) -> None:
    found = needles(re.compile(pattern))
    assert (None if found is None else set(found)) == expected


def _patterns(value: object, depth: int = 0) -> Iterator[re.Pattern[str]]:
    if isinstance(value, LazyPattern):
        yield value.compiled
    elif isinstance(value, re.Pattern) and isinstance(value.pattern, str):
        yield value
    elif depth < 3 and isinstance(value, dict):
        for item in value.values():
            yield from _patterns(item, depth + 1)
    elif depth < 3 and isinstance(value, tuple | list | frozenset | set):
        for item in value:
            yield from _patterns(item, depth + 1)
    elif depth < 3 and dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _patterns(getattr(value, field.name), depth + 1)


def _every_pattern() -> list[re.Pattern[str]]:
    found: dict[tuple[str, int], re.Pattern[str]] = {}
    for info in pkgutil.walk_packages(mlops_lint.__path__, "mlops_lint."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            for pattern in _patterns(value):
                found[(pattern.pattern, pattern.flags)] = pattern
    return list(found.values())


def test_no_pattern_of_the_package_is_skipped_on_a_text_it_matches() -> None:
    """Every regex of mlops-lint, over every fixture file: a match implies the pre-check passes."""
    patterns = _every_pattern()
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in FIXTURES.rglob("*") if p.is_file()]
    assert len(patterns) > 200
    assert len(texts) > 100
    misses = [
        (pattern.pattern[:60], text[:60])
        for pattern in patterns
        for text in texts
        if pattern.search(text) and not could_match(pattern, text.lower())
    ]
    assert misses == []


def test_searching_around_the_needles_finds_what_the_whole_text_search_finds() -> None:
    """Every regex of mlops-lint over every fixture file: the stretches give the same matches."""
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in FIXTURES.rglob("*") if p.is_file()]
    different = []
    for pattern in _every_pattern():
        for text in texts:
            whole = [m.span() for m in pattern.finditer(text)]
            stretched = [
                m.span() for s, e in windows(pattern, text, text.lower()) for m in pattern.finditer(text, s, e)
            ]
            if whole != stretched:
                different.append((pattern.pattern[:60], text[:60]))
    assert different == []


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        # three lines either side, whole lines
        (r"\bmlflow\b", "a\n" * 20 + "use mlflow\n" + "b\n" * 20, [(34, 57)]),
        (r"mlflow$", "x\n" * 20 + "mlflow\nmlflow", [(0, 53)]),  # an end-of-text anchor: the whole text
        (r"log_model\([^()]*model", "x\n" * 20 + "log_model(\n m\n)\n", [(0, 56)]),  # [^()]* crosses lines
        (r"mlflow", "nothing to see\n", []),
        (r"\d+", "12\n", [(0, 3)]),  # nothing required: the whole text
        # a look-ahead over any character may need to see far below its needle: the whole text
        (
            r"def handler\(\)(?=[\s\S]{0,600}predict)",
            "x\n" * 20 + "def handler():\n" + "y\n" * 10 + "predict()\n",
            [(0, 85)],
        ),
        (r"make((?:[ \t]+[^\s;]+)*)", "x\n" * 20 + "make all\n", [(34, 49)]),  # `[^\s;]` stays on its line
    ],
)
def test_windows(pattern: str, text: str, expected: list[tuple[int, int]]) -> None:
    assert windows(re.compile(pattern), text, text.lower()) == expected


def test_word_index_finds_exactly_the_texts_holding_a_string() -> None:
    """Look-ups from the words agree with `needle in text`, whatever the needle holds: one word,
    part of a word, separators, only separators, non-ASCII, a needle spanning words."""
    rng = random.Random(7)
    alphabet = "ab_1 .(\n\t:-/éλ€"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40))) for _ in range(300)]
    texts += ["", "mlflow.log_model(m)", "oauth2bearer", "naïve café", "x" * 50]
    index = WordIndex.of(texts)
    needles = {"".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 6))) for _ in range(2000)}
    needles |= {"mlflow", "log_model(", "auth", "bearer", "ï", "café", "e c", "xx", "..", "(m)", "zz"}
    wrong = [n for n in sorted(needles) if index.holding(n) != {i for i, t in enumerate(texts) if n in t}]
    assert wrong == []
    assert index.holding("mlflow", "oauth") == {texts.index("mlflow.log_model(m)"), texts.index("oauth2bearer")}


def test_word_index_matchable_is_none_without_needles() -> None:
    index = WordIndex.of(["use mlflow here", "nothing"])
    assert index.matchable(re.compile(r"\d+")) is None
    assert index.matchable(re.compile(r"\bmlflow\.?")) == frozenset({0})
