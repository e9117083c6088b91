"""Q46 outlier-review: review routing and outlier detectors, and where they run."""

from __future__ import annotations

from mlops_lint.detectors import q46_outlier_review as q46
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

CLEANING = (
    "from sklearn.ensemble import IsolationForest\n\n\ndef clean(df):\n    mask = IsolationForest().fit_predict(df)\n"
)
CLEANING += "    return df[mask == 1]\n"


def test_outliers_flagged_in_monitoring_code_are_yes(make_ctx: MakeContext) -> None:
    answer = q46.detect(make_ctx("monitored-fastapi-aws"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("monitoring/outliers.py", 4, "def flag_outliers(features):"),)


def test_a_review_queue_is_yes(make_ctx: MakeContext) -> None:
    code = "def route(pred, proba, queue):\n    if proba < 0.6:\n        send_to_review(queue, pred)\n"
    answer = q46.detect(make_ctx(files={"app/serve.py": code}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("app/serve.py", 3, "send_to_review(queue, pred)"),)


def test_outliers_removed_from_training_data_are_unknown(make_ctx: MakeContext) -> None:
    answer = q46.detect(make_ctx(files={"src/preprocess.py": CLEANING}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("src/preprocess.py", 5, "mask = IsolationForest().fit_predict(df)"),)


def test_a_confidence_threshold_alone_is_no(make_ctx: MakeContext) -> None:
    code = "def predict(proba):\n    # low confidence: answer 'other'\n    return 'other' if proba < 0.9 else 'tag'\n"
    answer = q46.detect(make_ctx(files={"app/serve.py": code}))
    assert answer.verdict is Verdict.NO
    assert answer.searched == q46.SEARCHED
