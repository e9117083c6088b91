"""Q54 explanations-provided: per-prediction explanation tooling in code and notebooks."""

from __future__ import annotations

import json

from mlops_lint.context import Context
from mlops_lint.detectors import q54_explanations_provided as q54
from mlops_lint.facts.explainability import Explainability, explainability
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext


def notebook(*cells: tuple[str, str]) -> str:
    return json.dumps({"cells": [{"cell_type": kind, "source": text} for kind, text in cells]})


def test_yes_cites_the_explainer_import(make_ctx: MakeContext) -> None:
    answer = q54.detect(make_ctx("explained-credit-api"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("app/main.py", 3, "import shap"),)
    assert "SHAP" in answer.reason


def test_yes_for_sagemaker_clarify(make_ctx: MakeContext) -> None:
    code = "from sagemaker import clarify\n\nshap_config = clarify.SHAPConfig(baseline=[[0, 0]])\n"
    answer = q54.detect(make_ctx(files={"pipelines/bias.py": code}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("pipelines/bias.py", 1, "from sagemaker import clarify"),)
    assert "SageMaker Clarify" in answer.reason


def test_yes_for_lime_in_a_notebook(make_ctx: MakeContext) -> None:
    nb = notebook(("markdown", "## Interpretability"), ("code", "from lime.lime_text import LimeTextExplainer\n"))
    answer = q54.detect(make_ctx(files={"notebooks/explore.ipynb": nb}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("notebooks/explore.ipynb", None, "from lime.lime_text import LimeTextExplainer"),
    )


def test_no_when_nothing_explains(make_ctx: MakeContext) -> None:
    answer = q54.detect(make_ctx(files={"train.py": "model.fit(X, y)\n"}))
    assert answer.verdict is Verdict.NO
    assert answer.searched


def test_global_importance_is_named_but_not_enough(make_ctx: MakeContext) -> None:
    answer = q54.detect(
        make_ctx(files={"src/evaluate.py": "model.fit(X, y)\nimportances = model.feature_importances_\n"})
    )
    assert answer.verdict is Verdict.NO
    assert "src/evaluate.py:2" in answer.reason


def test_declared_but_unused_is_unknown(make_ctx: MakeContext) -> None:
    answer = q54.detect(make_ctx(files={"requirements.txt": "shap==0.45\n", "train.py": "model.fit(X, y)\n"}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("requirements.txt", 1, "depends on shap"),)


def test_comments_markdown_tests_and_untracked_files_do_not_count(make_ctx: MakeContext) -> None:
    files = {
        "train.py": "# import shap  (maybe later)\nmodel.fit(X, y)\n",
        "notes.ipynb": notebook(("markdown", "import shap\n"), ("code", "print(1)\n")),
        "tests/test_explain.py": "import shap\n",
    }
    answer = q54.detect(make_ctx(files=files, dirty={"scratch.py": "import shap\n"}))
    assert answer.verdict is Verdict.NO


def test_an_unread_corpus_is_unknown() -> None:
    facts = Explainability((), (), (), (), (), (), (), (), complete=False)
    assert q54.detect(Context.from_facts({explainability: facts})).verdict is Verdict.UNKNOWN
