"""Q6 model-choice-justified: model selection sections, or results comparing model families."""

from __future__ import annotations

import json

from mlops_lint.detectors import q06_model_choice_justified as q06
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext


def test_yes_cites_the_model_selection_section(make_ctx: MakeContext) -> None:
    answer = q06.detect(make_ctx("documented-churn-service"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("MODEL_CARD.md", 3, "Model selection"),)


def test_yes_for_notebook_results_comparing_model_families(make_ctx: MakeContext) -> None:
    text = (
        "# Results\n\nWe compared a logistic regression baseline with a random forest and XGBoost. "
        "XGBoost outperforms the baseline by 4 points of AUC, so it was chosen."
    )
    notebook = {"cells": [{"cell_type": "markdown", "source": text}]}
    answer = q06.detect(make_ctx(files={"notebooks/compare.ipynb": json.dumps(notebook)}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("notebooks/compare.ipynb", None, "Results"),)


def test_unknown_when_models_are_listed_without_a_comparison(make_ctx: MakeContext) -> None:
    readme = "# House prices\n\n## Model performance\n\nThe final ensemble stacks a random forest, gradient boosting and an elastic net, scoring 0.118 RMSE.\n"
    answer = q06.detect(make_ctx(files={"README.md": readme}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("README.md", 3, "Model performance"),)


def test_tuning_one_model_is_not_a_choice_of_model(make_ctx: MakeContext) -> None:
    readme = "# Tags\n\n## Experiments\n\nWe tuned the random forest's depth and number of trees and selected the best run because it had the highest F1.\n"
    assert q06.detect(make_ctx(files={"README.md": readme})).verdict is Verdict.NO


def test_a_title_does_not_borrow_its_sub_sections(make_ctx: MakeContext) -> None:
    card = (
        "# Model\n\nThe churn classifier used by the retention team.\n\n"
        "## Evaluation\n\nWe compared a random forest with a logistic regression baseline; the forest was chosen.\n"
    )
    answer = q06.detect(make_ctx(files={"MODEL_CARD.md": card}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("MODEL_CARD.md", 5, "Evaluation"),)


def test_no_without_any_justification(make_ctx: MakeContext) -> None:
    answer = q06.detect(make_ctx("docs-template-placeholders"))
    assert answer.verdict is Verdict.NO
    assert answer.searched


def test_code_training_several_model_families_is_unknown(make_ctx: MakeContext) -> None:
    """Seen in VRabinin/mlops-zoomcamp-project: four families trained and scored, no write-up."""
    code = (
        "from sklearn.linear_model import LogisticRegression\nfrom sklearn.ensemble import RandomForestClassifier\n"
        "from xgboost import XGBClassifier\n\nMODELS = {\n    'lr': LogisticRegression(max_iter=1000),\n"
        "    'rf': RandomForestClassifier(),\n    'xgb': XGBClassifier(),\n}\n"
    )
    answer = q06.detect(make_ctx(files={"src/train.py": code}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (
        Evidence(
            "src/train.py", 6, "3 model families trained: LogisticRegression, RandomForestClassifier, XGBClassifier"
        ),
    )
    two = code.replace("    'xgb': XGBClassifier(),\n", "")
    assert q06.detect(make_ctx(files={"src/train.py": two})).verdict is Verdict.NO
