"""Q37 documentation-as-code: documentation sites and docstring coverage measured with ast."""

from __future__ import annotations

from mlops_lint.context import Context
from mlops_lint.detectors import q37_documentation_as_code as q37
from mlops_lint.facts.docsite import doc_sites
from mlops_lint.facts.docstrings import DocstringCoverage, FileDocs, docstring_coverage
from mlops_lint.facts.files import file_index
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext


def _module(documented: int, undocumented: int) -> str:
    funcs = [f'def good_{i}():\n    """Do {i}."""\n' for i in range(documented)]
    funcs += [f"def bad_{i}():\n    return {i}\n" for i in range(undocumented)]
    return "\n\n".join(funcs)


def test_yes_with_an_mkdocs_site_and_its_api_reference(make_ctx: MakeContext) -> None:
    answer = q37.detect(make_ctx("fastapi-service-mature"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("mkdocs.yml", 1, "site_name: Churn service"),
        Evidence("mkdocs.yml", 6, "- mkdocstrings"),
    )
    assert "89% of 9 public" in answer.reason  # undocumented and private definitions counted as they should


def test_yes_from_docstring_coverage_alone(make_ctx: MakeContext) -> None:
    files = {"src/pkg/__init__.py": "", "src/pkg/train.py": _module(4, 1), "src/pkg/data.py": _module(2, 1)}
    answer = q37.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert "75% of 8" in answer.reason
    assert answer.evidence == (
        Evidence("src/pkg/train.py", 1, "4/5 public definitions documented"),
        Evidence("src/pkg/data.py", 1, "2/3 public definitions documented"),
    )


def test_middling_coverage_is_unknown(make_ctx: MakeContext) -> None:
    answer = q37.detect(make_ctx(files={"pkg/model.py": _module(2, 3)}))
    assert answer.verdict is Verdict.UNKNOWN
    assert "40% of 5" in answer.reason


def test_no_site_and_no_docstrings_is_no(make_ctx: MakeContext) -> None:
    answer = q37.detect(make_ctx("flask-api-bare"))
    assert answer.verdict is Verdict.NO
    assert "0% of 4" in answer.reason
    assert answer.searched == q37.SEARCHED


def test_notebooks_only_is_no(make_ctx: MakeContext) -> None:
    answer = q37.detect(make_ctx(files={"analysis.ipynb": '{"cells": []}'}))
    assert answer.verdict is Verdict.NO
    assert "no Python functions" in answer.reason


def test_other_languages_only_is_unknown(make_ctx: MakeContext) -> None:
    assert q37.detect(make_ctx(files={"R/train.R": "fit <- function(x) x\n"})).verdict is Verdict.UNKNOWN


def test_enforced_docstrings_with_low_coverage_are_unknown(make_ctx: MakeContext) -> None:
    pyproject = '[tool.ruff.lint]\nselect = [\n  "E",\n  "D",\n]\n'
    answer = q37.detect(make_ctx(files={"pyproject.toml": pyproject, "pkg/a.py": _module(0, 6)}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("pyproject.toml", 2, "select = ["),)


def test_sphinx_needs_a_docs_folder(make_ctx: MakeContext) -> None:
    conf = "project = 'churn'\nextensions = ['sphinx.ext.autodoc']\n"
    answer = q37.detect(make_ctx(files={"docs/source/conf.py": conf, "pkg/a.py": _module(0, 6)}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("docs/source/conf.py", 1, "project = 'churn'"),
        Evidence("docs/source/conf.py", 2, "extensions = ['sphinx.ext.autodoc']"),
    )
    assert q37.detect(make_ctx(files={"pkg/conf.py": conf, "pkg/a.py": _module(0, 6)})).verdict is Verdict.NO


def test_a_docs_build_command_in_ci_counts(make_ctx: MakeContext) -> None:
    workflow = "on: push\njobs:\n  docs:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pdoc -o site src/pkg\n"
    answer = q37.detect(make_ctx(files={".github/workflows/docs.yml": workflow, "pkg/a.py": _module(0, 6)}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence(".github/workflows/docs.yml", 6, "pdoc -o site src/pkg"),)


def test_templates_are_measured_and_broken_files_skipped(make_ctx: MakeContext) -> None:
    template = 'CATALOG = "{{ .catalog }}"\n\n\n' + _module(5, 0)
    ctx = make_ctx(files={"template/pkg/train.py.tmpl": template, "pkg/broken.py": "def oops(:\n"})
    cov = ctx.get(docstring_coverage)
    assert (cov.documented, cov.total, cov.unparsed) == (5, 5, ("pkg/broken.py",))
    assert q37.detect(ctx).verdict is Verdict.YES


def test_tests_and_private_names_are_not_measured(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"tests/test_a.py": _module(0, 9), "pkg/a.py": "def _helper():\n    pass\n" + _module(5, 0)})
    cov = ctx.get(docstring_coverage)
    assert (cov.documented, cov.total) == (5, 5)


def test_an_untracked_mkdocs_config_does_not_count(make_ctx: MakeContext) -> None:
    ctx = make_ctx("flask-api-bare", dirty={"mkdocs.yml": "site_name: x\n"})
    assert q37.detect(ctx).verdict is Verdict.NO


def test_unit_level_without_a_repository() -> None:
    cov = DocstringCoverage((FileDocs("pkg/a.py", 6, 8, 3),), (), (), truncated=False)
    ctx = Context.from_facts({doc_sites: (), docstring_coverage: cov, file_index: None})
    answer = q37.detect(ctx)
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("pkg/a.py", 3, "6/8 public definitions documented"),)
