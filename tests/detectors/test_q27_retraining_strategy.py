"""Q27 retraining-strategy: scheduled or triggered training, and its motivation."""

from __future__ import annotations

from mlops_lint.detectors import q27_retraining_strategy as q27
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

NIGHTLY = (
    "on:\n  schedule:\n    - cron: '0 3 * * *'\njobs:\n  retrain:\n    steps:\n      - uses: actions/checkout@v4\n"
    "      - run: python src/train.py\n"
)
DAG = """from airflow import DAG
from airflow.operators.python import PythonOperator

with DAG("churn", schedule_interval="@weekly") as dag:
    train_model = PythonOperator(task_id="train_model", python_callable=train)
"""
MONITOR_JOB = """resources:
  jobs:
    monitor:
      schedule:
        quartz_cron_expression: "0 0 6 * * ?"
      tasks:
        - task_key: refresh_monitor
          spark_python_task:
            python_file: ../src/refresh_monitor.py
"""


def test_yes_points_at_the_schedule_the_training_task_and_the_motivation(make_ctx: MakeContext) -> None:
    answer = q27.detect(make_ctx("bundle-mlflow-lineage"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("resources/training-job.yml", 5, "schedule:"),
        Evidence("resources/training-job.yml", 15, "- task_key: train_model"),
        Evidence("README.md", 5, "## Retraining"),
    )
    assert "README.md:5" in answer.reason


def test_yes_for_a_scheduled_ci_pipeline_that_trains(make_ctx: MakeContext) -> None:
    answer = q27.detect(make_ctx(files={".github/workflows/retrain.yml": NIGHTLY, "src/train.py": "x = 1\n"}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0].location == ".github/workflows/retrain.yml:8"
    assert "no written motivation" in answer.reason


def test_yes_for_an_airflow_dag_with_a_training_task(make_ctx: MakeContext) -> None:
    answer = q27.detect(make_ctx(files={"dags/churn.py": DAG}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("dags/churn.py", 4, 'with DAG("churn", schedule_interval="@weekly") as dag:'),
        Evidence("dags/churn.py", 5, 'train_model = PythonOperator(task_id="train_model", python_callable=train)'),
    )


def test_unknown_for_a_documented_strategy_without_a_schedule(make_ctx: MakeContext) -> None:
    readme = "# Model\n\nWe retrain the model monthly, after the billing data is closed.\n"
    answer = q27.detect(make_ctx(files={"README.md": readme}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("README.md", 3, readme.splitlines()[2]),)


def test_no_for_a_schedule_that_does_not_train(make_ctx: MakeContext) -> None:
    answer = q27.detect(make_ctx(files={"resources/monitor.yml": MONITOR_JOB}))
    assert answer.verdict is Verdict.NO
    assert answer.searched


def test_no_for_prose_without_a_cadence_and_for_commented_out_schedules(make_ctx: MakeContext) -> None:
    readme = "# Model\n\nThese steps are repeated to retrain the models on new data.\n"
    job = MONITOR_JOB.replace("refresh_monitor", "train_model").replace("      schedule:", "      # schedule:")
    job = job.replace(
        '        quartz_cron_expression: "0 0 6 * * ?"', '        # quartz_cron_expression: "0 0 6 * * ?"'
    )
    answer = q27.detect(make_ctx(files={"README.md": readme, "resources/train.yml": job}))
    assert answer.verdict is Verdict.NO


def test_no_for_plain_scripts(make_ctx: MakeContext) -> None:
    assert q27.detect(make_ctx("plain-ml-scripts")).verdict is Verdict.NO


def test_malformed_workflow_is_a_warning_not_a_crash(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={".github/workflows/retrain.yml": "on: {schedule: [\n"})
    assert q27.detect(ctx).verdict is Verdict.NO
    assert any(w.path == ".github/workflows/retrain.yml" for w in ctx.repo.warnings)


def test_a_learning_rate_schedule_is_not_a_retraining_schedule(make_ctx: MakeContext) -> None:
    config = "optimizer:\n  lr: 0.001\nschedule:\n  name: cosine\n  warmup: 100\ntrain_steps: 10000\n"
    assert q27.detect(make_ctx(files={"conf/train.yaml": config})).verdict is Verdict.NO


def test_yes_for_monitoring_code_that_starts_retraining(make_ctx: MakeContext) -> None:
    code = (
        "def check(report):\n    if report.drift_share > 0.3:\n        w.jobs.run_now(job_id=RETRAIN_JOB_ID)\n"
        "        trigger_retraining(reason='drift')\n"
    )
    answer = q27.detect(make_ctx(files={"monitoring/check_drift.py": code}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0].location == "monitoring/check_drift.py:3"


def test_a_retrain_function_next_to_drift_code_is_only_a_hint(make_ctx: MakeContext) -> None:
    code = "def retrain_model(df):\n    return fit(df)\n\n\ndef drift(a, b):\n    return ks(a, b)\n"
    assert q27.detect(make_ctx(files={"src/model.py": code})).verdict is Verdict.UNKNOWN


def test_an_api_route_that_starts_training_is_unknown(make_ctx: MakeContext) -> None:
    """Seen in junxng/churn-mlops-project: `@router.post("/train")` runs the training workflow."""
    code = 'from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n@router.post("/train")\ndef train():\n    run_workflow()\n'
    answer = q27.detect(make_ctx(files={"controller/retraining.py": code}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("controller/retraining.py", 6, '@router.post("/train")'),)
