"""Q42 batch-delivery-monitoring: failure notifications, SLAs and freshness checks of batch jobs."""

from __future__ import annotations

from mlops_lint.detectors import q42_batch_delivery_monitoring as q42
from mlops_lint.engine import run
from mlops_lint.model import Evidence, Verdict
from mlops_lint.rules import load_criteria
from tests.conftest import MakeContext

SCORING = "import mlflow\n\npredict = mlflow.pyfunc.spark_udf(spark, 'models:/churn@prod')\n"


def test_yes_cites_the_callback_the_sla_and_the_freshness_check(make_ctx: MakeContext) -> None:
    answer = q42.detect(make_ctx("airflow-batch-scoring"))
    assert answer.verdict is Verdict.YES
    assert answer.reason == "failed runs notify and delivery is checked (dags/score_customers.py)"
    assert answer.evidence == (
        Evidence("dags/score_customers.py", 12, '"on_failure_callback": notify_on_call,'),
        Evidence("dags/score_customers.py", 13, '"sla": timedelta(hours=2),'),
        Evidence("models/staging/sources.yml", 4, "freshness:"),
    )


def test_a_databricks_job_notification_is_yes(make_ctx: MakeContext) -> None:
    job = "resources:\n  jobs:\n    score:\n      email_notifications:\n        on_failure: [ml@example.com]\n"
    answer = q42.detect(make_ctx(files={"jobs/score.py": SCORING, "resources/score.yml": job}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("resources/score.yml", 5, "on_failure: [ml@example.com]"),)


def test_commented_out_notifications_are_no(make_ctx: MakeContext) -> None:
    answer = q42.detect(make_ctx("databricks-batch-silent"))
    assert answer.verdict is Verdict.NO
    assert answer.searched == q42.SEARCHED


def test_retries_alone_are_no(make_ctx: MakeContext) -> None:
    config = "batch_deployment:\n  retry_settings:\n    max_retries: 3\n    timeout: 300\n"
    assert q42.detect(make_ctx(files={"jobs/score.py": SCORING, "config/batch.yml": config})).verdict is Verdict.NO


def test_alerts_not_tied_to_the_jobs_are_unknown(make_ctx: MakeContext) -> None:
    tf = 'resource "aws_cloudwatch_metric_alarm" "cpu" {\n  alarm_name = "cpu"\n}\n'
    answer = q42.detect(make_ctx(files={"jobs/score.py": SCORING, "infra/alarms.tf": tf}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("infra/alarms.tf", 1, 'resource "aws_cloudwatch_metric_alarm" "cpu" {'),)


def test_an_sla_named_in_a_docstring_does_not_count(make_ctx: MakeContext) -> None:
    code = SCORING + '\n\ndef run():\n    """Set sla=timedelta(hours=1) and on_failure_callback=alert some day."""\n'
    assert q42.detect(make_ctx(files={"jobs/score.py": code})).verdict is Verdict.NO


def test_without_batch_scoring_the_engine_answers_na(make_ctx: MakeContext) -> None:
    report = run(make_ctx("monitored-fastapi-aws"), [c for c in load_criteria() if c.number == 42], {42: q42.detect})
    assert report.results[0].verdict is Verdict.NOT_APPLICABLE
