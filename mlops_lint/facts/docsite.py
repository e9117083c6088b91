"""Documentation sites built from the repository: MkDocs, Sphinx, Jupyter Book, Quarto, pdoc...

A site is recognised by its configuration file (or, for config-less generators such as pdoc,
by the command in CI or a Makefile), and records whether it generates an API reference from
the code's docstrings (mkdocstrings, autodoc, autoapi, quartodoc...).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.ci import ci_model
from mlops_lint.facts.commands import make_targets
from mlops_lint.facts.files import file_index, is_test_path
from mlops_lint.model import Evidence

CONFIGS: Final = {
    "mkdocs.yml": "MkDocs", "mkdocs.yaml": "MkDocs", "conf.py": "Sphinx", "_toc.yml": "Jupyter Book",
    "_quarto.yml": "Quarto", "pydoc-markdown.yml": "pydoc-markdown", "pydoc-markdown.yaml": "pydoc-markdown",
    "docusaurus.config.js": "Docusaurus", "docusaurus.config.ts": "Docusaurus", "book.toml": "mdBook",
    "doxyfile": "Doxygen", ".readthedocs.yaml": "Read the Docs", ".readthedocs.yml": "Read the Docs",
    "readthedocs.yml": "Read the Docs", "zensical.toml": "Zensical",
}  # fmt: skip
SPHINX_DIRS: Final = frozenset({"docs", "doc", "documentation", "sphinx", "docsrc", "source"})
SPHINX_CONF: Final = lazy_re.compile(r"^\s*(?:extensions|html_theme|project)\s*=", re.MULTILINE)
API_REFERENCE: Final = lazy_re.compile(
    r"mkdocstrings|mkdocs-autoapi|mkapi|sphinx\.ext\.(?:autodoc|autosummary)|autoapi|sphinx_autodoc\w*|"
    r"quartodoc|pydoc-markdown|loaders:|Doxygen|INPUT\s*=",
)
BUILD_COMMAND: Final = lazy_re.compile(
    r"(?<![\w-])(?:pdoc3?\s|sphinx-build|sphinx-apidoc|mkdocs\s+(?:build|gh-deploy|serve)|jupyter-book\s+build|"
    r"jb\s+build|quarto\s+(?:render|publish)|pydoc-markdown|portray\s|lazydocs\s|handsdown\s|pdocs\s)",
)


@dataclasses.dataclass(frozen=True, slots=True)
class DocSite:
    """A documentation generator the repository configures or runs."""

    tool: str
    evidence: Evidence
    api_reference: Evidence | None = None


def doc_sites(ctx: Context) -> tuple[DocSite, ...]:
    """Every documentation site configuration (or build command) the repository tracks."""
    sites = list(_configs(ctx))
    if not sites:
        sites += _commands(ctx)
    return tuple(sites)


def _configs(ctx: Context) -> Iterator[DocSite]:
    index = ctx.get(file_index)
    for name, tool in CONFIGS.items():
        for path in index.named(name):
            if is_test_path(path) or path.count("/") > 3:
                continue
            text = ctx.repo.read_text(path, limit=512 * 1024) or ""
            if tool == "Sphinx" and not (_sphinx_folder(path) and SPHINX_CONF.search(text)):
                continue
            api = API_REFERENCE.search(text)
            reference = (
                Evidence(path, text.count("\n", 0, api.start()) + 1, _line_at(text, api.start())) if api else None
            )
            yield DocSite(tool, Evidence(path, 1 if text else None, _line_at(text, 0)), reference)


def _sphinx_folder(path: str) -> bool:
    return bool(SPHINX_DIRS.intersection(path.lower().split("/")[:-1]))


def _commands(ctx: Context) -> Iterator[DocSite]:
    for job in ctx.get(ci_model).jobs():
        for step in job.steps:
            if match := BUILD_COMMAND.search(step.text):
                yield DocSite(
                    match.group(0).split()[0], Evidence(step.path, step.line, _line_at(step.text, match.start()))
                )
    for path in ctx.get(file_index).named("Makefile"):
        for rule in make_targets(ctx.repo.read_text(path) or "").values():
            for number, line in rule.recipe:
                if match := BUILD_COMMAND.search(line):
                    yield DocSite(match.group(0).split()[0], Evidence(path, number, line))


def _line_at(text: str, offset: int) -> str:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return text[start : end if end >= 0 else None].strip()
