"""The code-only view of Python files and notebooks: comments, strings and markdown blanked out."""

from __future__ import annotations

import re

from mlops_lint.facts.code import CodeCorpus, SourceFile, code_corpus
from tests.conftest import MakeContext

PY = '''"""Docstring: FastAPI("x")."""
import os  # FastAPI() in a comment
name = "FastAPI()"; app = FastAPI(title='it\\'s')
text = """
FastAPI()
"""
'''


def test_the_view_keeps_offsets_and_lines() -> None:
    source = SourceFile("a.py", PY, frozenset())
    view = CodeCorpus((source,), truncated=False).code_view(source)
    assert len(view) == len(PY)
    assert view.count("\n") == PY.count("\n")
    assert "FastAPI" not in view.replace("app = FastAPI(", "")
    assert view.splitlines()[2] == "name = \"         \"; app = FastAPI(title='     ')"


def test_search_in_code_only_skips_comments_strings_and_docstrings() -> None:
    source = SourceFile("a.py", PY, frozenset())
    corpus = CodeCorpus((source,), truncated=False)
    assert [h.line for h in corpus.search(re.compile(r"FastAPI\("))] == [1, 2, 3, 3, 5]
    hits = list(corpus.search(re.compile(r"FastAPI\("), code_only=True))
    assert [(h.line, h.text) for h in hits] == [(3, "name = \"FastAPI()\"; app = FastAPI(title='it\\'s')")]


def test_other_languages_are_searched_as_they_are() -> None:
    source = SourceFile("q.sql", "-- FastAPI(\nselect 1\n", frozenset())
    corpus = CodeCorpus((source,), truncated=False)
    assert corpus.code_view(source) == source.text
    assert corpus.first(re.compile(r"FastAPI\("), code_only=True) is not None


def test_notebook_markdown_cells_are_blanked(make_ctx: MakeContext) -> None:
    notebook = (
        '{"cells": [{"cell_type": "markdown", "source": ["# Serve it\\n", "app = FastAPI()"]},'
        ' {"cell_type": "code", "source": ["import os\\n", "app = FastAPI()"]}]}'
    )
    corpus = make_ctx(files={"nb.ipynb": notebook}).get(code_corpus)
    (source,) = corpus.files
    assert source.markdown == ((0, 26),)
    hits = list(corpus.search(re.compile(r"FastAPI\("), code_only=True))
    assert [h.text for h in hits] == ["app = FastAPI()"]
    assert source.text.index("app = FastAPI()", 27) == 37
