"""Q56 decision-process-described: explanations served with predictions, or a documented decision process."""

from __future__ import annotations

import json

from mlops_lint.context import Context
from mlops_lint.detectors import q56_decision_process_described as q56
from mlops_lint.facts.explainability import Explainability, explainability
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

DOC = (
    "# Scoring\n\n## Decision process\n\nThe model scores each claim; scores above the threshold are flagged for an "
    "investigator, and the flag lists the three features that raised the score most.\n"
)


def test_yes_when_the_api_returns_explanations(make_ctx: MakeContext) -> None:
    answer = q56.detect(make_ctx("explained-credit-api"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == Evidence(
        "app/main.py", 30, 'return {"decision": decision, "explanation": dict(zip(["income", "age"], contributions))}'
    )
    assert Evidence("docs/decision-process.md", 3, "Decision process") in answer.evidence


def test_yes_when_the_decision_process_is_documented(make_ctx: MakeContext) -> None:
    answer = q56.detect(make_ctx(files={"docs/scoring.md": DOC, "train.py": "model.fit(X, y)\n"}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("docs/scoring.md", 3, "Decision process"),)


def test_explanations_in_a_module_are_unknown(make_ctx: MakeContext) -> None:
    answer = q56.detect(make_ctx(files={"src/explain.py": "import shap\n\nexplainer = shap.Explainer(model)\n"}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("src/explain.py", 1, "import shap"),)


def test_notebook_only_explanations_are_no(make_ctx: MakeContext) -> None:
    nb = json.dumps({"cells": [{"cell_type": "code", "source": "import shap\nshap.plots.waterfall(values[0])\n"}]})
    api = "from fastapi import FastAPI\napp = FastAPI()\n\n@app.get('/predict')\ndef predict():\n    return {'y': 1}\n"
    answer = q56.detect(make_ctx(files={"notebooks/shap.ipynb": nb, "api.py": api}))
    assert answer.verdict is Verdict.NO
    assert "only produced in notebooks" in answer.reason


def test_no_when_nothing_is_explained(make_ctx: MakeContext) -> None:
    answer = q56.detect(make_ctx(files={"train.py": "model.fit(X, y)\n", "README.md": "# Model\n"}))
    assert answer.verdict is Verdict.NO
    assert answer.searched


def test_an_unread_corpus_is_unknown() -> None:
    facts = Explainability((), (), (), (), (), (), (), (), complete=False)
    assert q56.detect(Context.from_facts({explainability: facts})).verdict is Verdict.UNKNOWN
