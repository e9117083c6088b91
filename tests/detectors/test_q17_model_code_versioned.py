"""Q17 model-code-versioned: training, data preparation and (real-time) serving code tracked together."""

from __future__ import annotations

from mlops_lint.detectors import q17_model_code_versioned as q17
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

TRAIN = "from sklearn.linear_model import Ridge\n\n\ndef fit(X, y):\n    return Ridge().fit(X, y)\n"
PREP = "import pandas as pd\n\n\ndef load():\n    return pd.read_parquet('raw.parquet').dropna()\n"


def test_training_data_prep_and_api_together_is_yes(make_ctx: MakeContext) -> None:
    answer = q17.detect(make_ctx("ml-service-cicd"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("src/churn/train.py", 8, "def train(path: str) -> LogisticRegression:"),
        Evidence("src/churn/data.py", 7, "df = pd.read_csv(path)"),
        Evidence("src/churn/serve.py", 3, "from fastapi import FastAPI"),
    )
    assert "serving" in answer.reason


def test_without_serving_use_case_training_and_prep_suffice(make_ctx: MakeContext) -> None:
    answer = q17.detect(make_ctx(files={"src/model.py": TRAIN, "src/data.py": PREP}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("src/model.py", 5, "return Ridge().fit(X, y)"),
        Evidence("src/data.py", 5, "return pd.read_parquet('raw.parquet').dropna()"),
    )


def test_missing_training_code_is_unknown_naming_it(make_ctx: MakeContext) -> None:
    answer = q17.detect(make_ctx(files={"src/data.py": PREP}))
    assert answer.verdict is Verdict.UNKNOWN
    assert "no tracked training code" in answer.reason
    assert answer.evidence == (Evidence("src/data.py", 5, "return pd.read_parquet('raw.parquet').dropna()"),)


def test_untracked_training_script_does_not_count(make_ctx: MakeContext) -> None:
    answer = q17.detect(make_ctx(files={"src/data.py": PREP}, dirty={"src/model.py": TRAIN}))
    assert answer.verdict is Verdict.UNKNOWN


def test_training_mentioned_only_in_a_comment_does_not_count(make_ctx: MakeContext) -> None:
    files = {"src/data.py": PREP, "src/notes.py": "# model.fit(X, y) happens on the cluster\nSTEP = 1\n"}
    assert q17.detect(make_ctx(files=files)).verdict is Verdict.UNKNOWN


def test_plain_folder_is_unknown(make_ctx: MakeContext) -> None:
    answer = q17.detect(make_ctx("ml-service-cicd", use_git=False))
    assert answer.verdict is Verdict.UNKNOWN
    assert "not a git work tree" in answer.reason
