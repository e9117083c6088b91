"""Q37 documentation-as-code: ML code is documented as code: docstrings and docs built from the repository

## How it is detected
Looks for a documentation site built from the repository (MkDocs, Sphinx, Jupyter Book,
Quarto, pydoc-markdown, Docusaurus, mdBook, Read the Docs config, or a pdoc/sphinx-build/mkdocs
command in CI or a Makefile), and measures docstring coverage of the project's Python code with
`ast`: the share of public functions, classes and methods that have a docstring (tests, docs
and packaging scripts left out; project templates included). Docstring enforcement (ruff D
rules, pydocstyle, interrogate, flake8-docstrings...) is cited as supporting evidence.

## Answers
- YES: a documentation site is configured, or at least 60% of at least 5 public definitions
  have docstrings; the reason gives the coverage figure.
- UNKNOWN: coverage between 25% and 60%, fewer than 5 definitions, docstrings enforced but
  coverage low, or no Python code to measure beside other code.
- NO: no documentation site and under 25% docstring coverage (or code only in notebooks).

## Limits
Documentation generated and hosted from another repository is invisible; docstring coverage
says nothing about the docstrings' quality.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.docsite import doc_sites
from mlops_lint.facts.docstrings import DocstringCoverage, docstring_coverage
from mlops_lint.facts.files import file_index
from mlops_lint.model import Answer, Evidence, no, unknown, yes

CRITERION: Final = 37
GOOD: Final = 0.6
POOR: Final = 0.25
MIN_DEFINITIONS: Final = 5
OTHER_CODE: Final = ("r", "scala", "java", "jl", "sql", "kt", "go")
SEARCHED: Final = (
    "mkdocs.yml, Sphinx docs/conf.py, Jupyter Book, Quarto, pydoc-markdown, Read the Docs config",
    "pdoc/sphinx-build/mkdocs commands in CI and Makefiles",
    "docstrings of public functions, classes and methods in the Python code",
)


def detect(ctx: Context) -> Answer:
    """Answer from the documentation site and the docstring coverage."""
    sites = ctx.get(doc_sites)
    cov = ctx.get(docstring_coverage)
    figure = _figure(cov)
    if sites:
        site = sites[0]
        api = " with an API reference generated from docstrings" if site.api_reference else ""
        refs = [site.evidence, *([site.api_reference] if site.api_reference else [])]
        return yes(f"{site.tool} documentation is built from the repository{api}; {figure}", *refs,
                   *cov.enforced_by[:1])  # fmt: skip
    ratio = cov.ratio
    if ratio is not None and ratio >= GOOD and cov.total >= MIN_DEFINITIONS:
        return yes(f"no documentation site, but {figure}", *cov.enforced_by[:1], *_documented_files(cov))
    if cov.enforced_by or (
        ratio is not None and (ratio >= POOR or (cov.documented > 0 and cov.total < MIN_DEFINITIONS))
    ):
        enforced = " and docstrings are enforced" if cov.enforced_by else ""
        return unknown(f"no documentation site{enforced}; {figure}: confirm the code is documented well enough",
                       *cov.enforced_by[:1], *_documented_files(cov))  # fmt: skip
    if ratio is None and ctx.get(file_index).with_ext(*OTHER_CODE):
        return unknown("no documentation site, and docstring coverage is measured for Python only: confirm how "
                       "the code is documented")  # fmt: skip
    return no(f"no documentation site is configured and {figure}", searched=SEARCHED)


def _figure(cov: DocstringCoverage) -> str:
    if cov.ratio is None:
        return "there are no Python functions or classes to document (notebooks are not measured)"
    scope = f"{len(cov.files)} Python file(s)" + (", sampled" if cov.truncated else "")
    return f"docstrings cover {cov.ratio:.0%} of {cov.total} public functions, classes and methods in {scope}"


def _documented_files(cov: DocstringCoverage) -> list[Evidence]:
    best = sorted((f for f in cov.files if f.documented), key=lambda f: (-f.documented, f.path))[:3]
    return [Evidence(f.path, f.line, f"{f.documented}/{f.total} public definitions documented") for f in best]
