"""Q55 explanations-understandable: a human judgement, unless there are no explanations at all."""

from __future__ import annotations

from mlops_lint.context import Context
from mlops_lint.detectors import q55_explanations_understandable as q55
from mlops_lint.facts.explainability import Explainability, explainability
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext


def test_explanations_are_left_to_people_with_hints(make_ctx: MakeContext) -> None:
    answer = q55.detect(make_ctx("explained-credit-api"))
    assert answer.verdict is Verdict.UNKNOWN
    assert "human judgement" in answer.reason
    assert answer.evidence[0] == Evidence("app/main.py", 3, "import shap")
    assert Evidence("docs/decision-process.md", 3, "Decision process") in answer.evidence
    assert len(set(answer.evidence)) == len(answer.evidence)


def test_no_explanations_means_nothing_to_understand(make_ctx: MakeContext) -> None:
    answer = q55.detect(make_ctx("sagemaker-ab-variants"))
    assert answer.verdict is Verdict.NO
    assert "none for users to understand" in answer.reason


def test_a_declared_package_alone_is_unknown(make_ctx: MakeContext) -> None:
    answer = q55.detect(make_ctx(files={"requirements.txt": "lime\n"}))
    assert answer.verdict is Verdict.UNKNOWN


def test_an_unread_corpus_is_unknown() -> None:
    facts = Explainability((), (), (), (), (), (), (), (), complete=False)
    assert q55.detect(Context.from_facts({explainability: facts})).verdict is Verdict.UNKNOWN
