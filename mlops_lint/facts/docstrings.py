"""Docstring coverage of the project's Python code, read from the source (the code is never imported).

Counts public module-level functions and classes and the public methods of public classes
(names not starting with `_`) in the tracked Python files, tests, docs, hidden folders and
packaging scripts left out. Template files (`.py.tmpl`, `.py.j2`) are read with their template
tags blanked, so project templates are measured too. Also records configuration that enforces
docstrings (ruff's D rules, pydocstyle, interrogate, flake8-docstrings, pydoclint, darglint).

Each file's outline is read from its lines (`pydefs`, several times faster than a syntax tree);
templates and the rare file the line reading does not model are parsed with `ast`. A file that
`ast` would reject but whose outline reads cleanly is measured rather than set aside.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Iterator
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.code import code_corpus
from mlops_lint.facts.deps import dependencies
from mlops_lint.facts.files import file_index, is_test_path
from mlops_lint.facts.parse import python_tree
from mlops_lint.facts.pydefs import outline_counts
from mlops_lint.model import Evidence

MAX_FILES: Final = 600
TEMPLATE_SUFFIXES: Final = (".py.tmpl", ".py.j2", ".py.jinja", ".py.jinja2")
SKIPPED_NAMES: Final = frozenset({"setup.py", "conftest.py", "noxfile.py", "manage.py", "fabfile.py"})
SKIPPED_DIRS: Final = frozenset({"docs", "doc", "documentation", "migrations", "fixtures", "build", "dist"})
TEMPLATE_TAG: Final = lazy_re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
ENFORCERS: Final = lazy_re.compile(
    r"flake8-docstrings|pydocstyle|interrogate|pydoclint|darglint|docstr-coverage|"
    r"^[ \t]*(?:lint\.)?(?:extend-)?select\s*=\s*\[[^\]]*['\"](?:D\d*|ALL)['\"]|docstring-convention|missing-docstring",
    re.MULTILINE | re.IGNORECASE,
)
ENFORCER_PACKAGES: Final = (
    "flake8-docstrings",
    "pydocstyle",
    "interrogate",
    "pydoclint",
    "darglint",
    "docstr-coverage",
)
ENFORCER_FILES: Final = ("pyproject.toml", "setup.cfg", "tox.ini", ".flake8", "ruff.toml", ".ruff.toml",
                         ".pre-commit-config.yaml", ".pylintrc", "pylintrc", ".pydocstyle", ".interrogate.toml")  # fmt: skip


@dataclasses.dataclass(frozen=True, slots=True)
class FileDocs:
    """Docstring counts for one file; `line` is its first documented definition."""

    path: str
    documented: int
    total: int
    line: int | None


@dataclasses.dataclass(frozen=True, slots=True)
class DocstringCoverage:
    """Coverage over every measured file, the files that could not be parsed, and enforcement config."""

    files: tuple[FileDocs, ...]
    unparsed: tuple[str, ...]
    enforced_by: tuple[Evidence, ...]
    truncated: bool

    @property
    def documented(self) -> int:
        """Public definitions with a docstring."""
        return sum(f.documented for f in self.files)

    @property
    def total(self) -> int:
        """Public definitions measured."""
        return sum(f.total for f in self.files)

    @property
    def ratio(self) -> float | None:
        """The share documented, or None when there is nothing to measure."""
        return self.documented / self.total if self.total else None


def docstring_coverage(ctx: Context) -> DocstringCoverage:
    """Measure docstring coverage over the project's Python files (bounded)."""
    corpus = ctx.get(code_corpus)  # the bounded read of the code, shared with other facts
    candidates = sorted((f for f in corpus.files if _measured(f.path)), key=lambda f: _priority(f.path))
    files, unparsed = [], []
    for source in candidates[:MAX_FILES]:
        path, text = source.path, source.text
        template = path.endswith(TEMPLATE_SUFFIXES) or "{{" in text or "{%" in text
        counts = None if template else outline_counts(corpus.code_view(source))
        if counts is None:  # the outline could not be read from the lines: parse the file
            tree = _parse(text, template=template)
            if tree is None:
                unparsed.append(path)
                continue
            counts = _count(tree)
        files.append(FileDocs(path, *counts))
    sampled = corpus.truncated or len(candidates) > MAX_FILES
    return DocstringCoverage(tuple(files), tuple(unparsed), tuple(_enforcers(ctx)), sampled)


def _measured(path: str) -> bool:
    if not path.endswith((".py", *TEMPLATE_SUFFIXES)) or is_test_path(path):
        return False
    folders = path.lower().split("/")[:-1]
    name = path.rpartition("/")[2]
    if name.endswith(TEMPLATE_SUFFIXES) and re.search(r"(^|_)tests?(_|\.)", name):
        return False
    return name not in SKIPPED_NAMES and not any(f.startswith(".") or f in SKIPPED_DIRS for f in folders)


def _priority(path: str) -> tuple[int, int, str]:
    in_package = path.startswith("src/") or "/" in path
    return (0 if in_package else 1, path.count("/"), path)


def _parse(text: str, *, template: bool) -> ast.Module | None:
    tree = python_tree(text)
    if tree is None and template:
        tree = python_tree(TEMPLATE_TAG.sub("_", text))
    return tree


def _count(tree: ast.Module) -> tuple[int, int, int | None]:
    documented = total = 0
    first: int | None = None
    for node in _public_definitions(tree.body):
        total += 1
        if ast.get_docstring(node, clean=False):
            documented += 1
            first = node.lineno if first is None else first
    return documented, total, first


def _public_definitions(body: list[ast.stmt]) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef]:
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and not node.name.startswith("_"):
            yield node
            if isinstance(node, ast.ClassDef):
                yield from _public_definitions(node.body)


def _enforcers(ctx: Context) -> Iterator[Evidence]:
    index = ctx.get(file_index)
    for name in ENFORCER_FILES:
        if name not in index:
            continue
        text = ctx.repo.read_text(name) or ""
        if match := ENFORCERS.search(text):
            line = text.count("\n", 0, match.start()) + 1
            yield Evidence(name, line, text.splitlines()[line - 1])
    for req in ctx.get(dependencies).find(*ENFORCER_PACKAGES)[:1]:
        yield Evidence(req.path, req.line, f"depends on {req.name}")
