"""Q4 data-preparation-docs: data preparation sections that give the reasons for their steps."""

from __future__ import annotations

import json

from mlops_lint.detectors import q04_data_preparation_docs as q04
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext


def test_yes_cites_the_data_preparation_document(make_ctx: MakeContext) -> None:
    answer = q04.detect(make_ctx("documented-churn-service"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("docs/data.md", 1, "Data preparation"),)


def test_yes_for_notebook_markdown_that_explains_its_steps(make_ctx: MakeContext) -> None:
    text = (
        "## Data cleaning\n\nThe prices are skewed, so we take their logarithm. We drop duplicated listings "
        "because they would leak between the train and test splits."
    )
    notebook = {
        "cells": [{"cell_type": "markdown", "source": text}, {"cell_type": "code", "source": "df = df.dropna()"}]
    }
    answer = q04.detect(make_ctx(files={"notebooks/eda.ipynb": json.dumps(notebook)}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("notebooks/eda.ipynb", None, "Data cleaning"),)


def test_unknown_for_steps_listed_without_their_reasons(make_ctx: MakeContext) -> None:
    readme = "# Titanic\n\n## Feature engineering\n\n- Extracted titles from names\n- Binned ages into five groups\n- One-hot encoded the port of embarkation\n"
    answer = q04.detect(make_ctx(files={"README.md": readme}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("README.md", 3, "Feature engineering"),)


def test_no_for_an_empty_heading_and_prose_elsewhere(make_ctx: MakeContext) -> None:
    readme = "# Churn\n\nWe clean the data because it is messy.\n\n## Data preparation\n\nTBD\n"
    answer = q04.detect(make_ctx(files={"README.md": readme}))
    assert answer.verdict is Verdict.NO
    assert "the 'Data preparation' heading at README.md:5 has nothing under it" in answer.reason


def test_no_without_documentation(make_ctx: MakeContext) -> None:
    assert q04.detect(make_ctx("docs-template-placeholders")).verdict is Verdict.NO


def test_unknown_when_a_notebook_could_not_be_read(make_ctx: MakeContext) -> None:
    answer = q04.detect(make_ctx(files={"README.md": "# Churn\n", "eda.ipynb": b"\x00\x01binary"}))
    assert answer.verdict is Verdict.UNKNOWN
    assert "1 document(s) were not read" in answer.reason
