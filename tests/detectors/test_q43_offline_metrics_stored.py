"""Q43 offline-metrics-stored: tracker logging and metrics files; computed-and-printed metrics do not count."""

from __future__ import annotations

import pytest

from mlops_lint.detectors import q43_offline_metrics_stored as q43
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

EVALUATE = "from sklearn.metrics import accuracy_score\n\n\ndef evaluate(y, p):\n    print(accuracy_score(y, p))\n"


def test_a_sagemaker_job_run_in_an_experiment_trial_records_its_metrics(make_ctx: MakeContext) -> None:
    """Seen in aws-samples/amazon-sagemaker-safe-deployment-pipeline: training steps with experiment_config."""
    code = (
        "from stepfunctions import steps\n\n\ndef training_step(estimator, inputs):\n"
        "    return steps.TrainingStep(\n        'Train', estimator=estimator, data=inputs,\n"
        "        experiment_config={\n            'ExperimentName': 'churn',\n            'TrialName': 'run-1',\n        },\n    )\n"
    )
    answer = q43.detect(make_ctx(files={"model/run_pipeline.py": code}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0].path == "model/run_pipeline.py"
    assert answer.evidence[0].line == 7


def test_yes_cites_the_mlflow_call(make_ctx: MakeContext) -> None:
    answer = q43.detect(make_ctx("monitored-fastapi-aws"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("src/churn/train.py", 9, 'mlflow.log_metric("f1", f1_score(y_test, model.predict(x_test)))'),
    )


@pytest.mark.parametrize(
    ("files", "evidence"),
    [
        ({"dvc.yaml": "stages:\n  evaluate:\n    cmd: python evaluate.py\n    metrics:\n      - eval/metrics.json\n"},
         Evidence("dvc.yaml", 4, "DVC tracks metrics files")),
        ({"src/eval.py": "import json\n\n\ndef save(m):\n    json.dump(m, open('reports/metrics.json', 'w'))\n"},
         Evidence("src/eval.py", 5, "json.dump(m, open('reports/metrics.json', 'w'))")),
        ({"train.py": "import wandb\n\nwandb.init()\nwandb.log({'rmse': 0.3})\n"},
         Evidence("train.py", 4, "wandb.log({'rmse': 0.3})")),
    ],
)  # fmt: skip
def test_other_ways_of_storing_metrics(make_ctx: MakeContext, files: dict[str, str], evidence: Evidence) -> None:
    answer = q43.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == evidence


def test_metrics_only_printed_are_no_and_the_reason_says_where(make_ctx: MakeContext) -> None:
    answer = q43.detect(make_ctx(files={"src/evaluate.py": EVALUATE}))
    assert answer.verdict is Verdict.NO
    assert "computed in src/evaluate.py but not stored" in answer.reason
    assert answer.searched == q43.SEARCHED


def test_a_commented_out_log_call_does_not_count(make_ctx: MakeContext) -> None:
    code = EVALUATE + "    # mlflow.log_metric('accuracy', 1.0)\n"
    assert q43.detect(make_ctx(files={"src/evaluate.py": code})).verdict is Verdict.NO


def test_logging_in_tests_only_does_not_count(make_ctx: MakeContext) -> None:
    test = "import mlflow\n\n\ndef test_log():\n    mlflow.log_metric('x', 1)\n"
    assert q43.detect(make_ctx(files={"tests/test_log.py": test})).verdict is Verdict.NO


def test_metrics_logged_through_functions_imported_from_mlflow(make_ctx: MakeContext) -> None:
    code = "from mlflow import (\n    log_metric,\n    log_param,\n)\n\n\ndef train(score):\n    log_metric('rmse', score)\n"
    answer = q43.detect(make_ctx(files={"src/pipelines/train.py": code}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0].path == "src/pipelines/train.py"
