"""Q57 knows-its-limits: conformal prediction, OOD detection, abstention on low confidence."""

from __future__ import annotations

from mlops_lint.context import Context
from mlops_lint.detectors import q57_knows_its_limits as q57
from mlops_lint.facts.explainability import Explainability, explainability
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

ABSTAIN = (
    "def predict(x):\n"
    "    probs = model.predict_proba(x)[0]\n"
    "    if probs.max() < threshold:\n"
    "        return 'other'\n"
    "    return labels[probs.argmax()]\n"
)


def test_yes_cites_conformal_prediction_and_abstention(make_ctx: MakeContext) -> None:
    answer = q57.detect(make_ctx("explained-credit-api"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("src/train.py", 2, "from mapie.classification import MapieClassifier"),
        Evidence("app/main.py", 24, "if max(proba) < REVIEW_THRESHOLD:"),
    )


def test_yes_for_a_fallback_on_low_confidence(make_ctx: MakeContext) -> None:
    answer = q57.detect(make_ctx(files={"serve.py": ABSTAIN}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("serve.py", 3, "if probs.max() < threshold:"),)


def test_yes_for_an_ood_detector(make_ctx: MakeContext) -> None:
    code = "from alibi_detect.od import OutlierVAE\n\ndetector = OutlierVAE(threshold=0.1)\n"
    answer = q57.detect(make_ctx(files={"monitor/ood.py": code}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0].path == "monitor/ood.py"


def test_a_decision_threshold_is_not_abstention(make_ctx: MakeContext) -> None:
    code = "if proba > 0.5:\n    label = 'fraud'\nelse:\n    label = 'legit'\n"
    assert q57.detect(make_ctx(files={"score.py": code})).verdict is Verdict.NO


def test_commented_out_abstention_does_not_count(make_ctx: MakeContext) -> None:
    code = "".join(f"# {line}\n" for line in ABSTAIN.splitlines())
    assert q57.detect(make_ctx(files={"serve.py": code})).verdict is Verdict.NO


def test_range_checked_requests_alone_are_unknown(make_ctx: MakeContext) -> None:
    code = (
        "from fastapi import FastAPI\nfrom pydantic import BaseModel, Field\n\napp = FastAPI()\n\n\n"
        "class Item(BaseModel):\n    age: int = Field(..., ge=0, le=120)\n"
    )
    answer = q57.detect(make_ctx(files={"api.py": code}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("api.py", 8, "age: int = Field(..., ge=0, le=120)"),)


def test_no_when_nothing_handles_limits(make_ctx: MakeContext) -> None:
    answer = q57.detect(make_ctx("sagemaker-ab-variants"))
    assert answer.verdict is Verdict.NO
    assert answer.searched


def test_an_unread_corpus_is_unknown() -> None:
    facts = Explainability((), (), (), (), (), (), (), (), complete=False)
    assert q57.detect(Context.from_facts({explainability: facts})).verdict is Verdict.UNKNOWN
