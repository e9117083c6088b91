"""The documentation index: sections with their prose, across formats."""

from __future__ import annotations

import json
import re

from mlops_lint.facts.docs import docs_index
from tests.conftest import MakeContext

README = """\
# Churn model

## Business goal

Reduce monthly churn by five percent; the KPI is the churn rate measured by the finance team
every month against the previous year.

```bash
# Not a heading: a comment in a code block
```

Setext heading
--------------

TBD

## Empty
"""
RST = """\
Architecture
============

The service reads features from the store, scores them with the model and writes the answers
to the warehouse every night, monitored by the platform team.

Components
----------

Short.
"""


def test_markdown_sections_with_prose_and_lines(make_ctx: MakeContext) -> None:
    index = make_ctx(files={"README.md": README}).get(docs_index)
    headings = [(s.heading, s.level, s.line) for s in index.sections]
    assert headings == [("Churn model", 1, 1), ("Business goal", 2, 3), ("Setext heading", 2, 12), ("Empty", 2, 17)]
    goal = index.sections[1]
    assert goal.substantial
    assert "Not a heading" not in goal.body
    assert [s.heading for s in index.find(re.compile("goal|setext|empty", re.IGNORECASE))] == ["Business goal"]
    assert not index.sections[2].substantial


def test_rst_and_notebook_sections(make_ctx: MakeContext) -> None:
    prose = "We drop rows without ids because they cannot be joined to outcomes, and we cap outliers."
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": ["## Data cleaning\n", prose]},
            {"cell_type": "code", "source": "# Not a heading\nx = 1"},
        ]
    }
    index = make_ctx(files={"docs/architecture.rst": RST, "notebooks/eda.ipynb": json.dumps(notebook)}).get(docs_index)
    assert [(s.path, s.heading, s.level, s.line) for s in index.sections] == [
        ("docs/architecture.rst", "Architecture", 1, 1),
        ("docs/architecture.rst", "Components", 2, 7),
        ("notebooks/eda.ipynb", "Data cleaning", 2, None),
    ]
    assert index.sections[0].substantial
    assert "=====" not in index.sections[0].body
    assert index.sections[2].substantial
