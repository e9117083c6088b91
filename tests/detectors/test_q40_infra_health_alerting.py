"""Q40 infra-health-alerting: alert rules and failure notifications; monitoring alone is unknown."""

from __future__ import annotations

import pytest

from mlops_lint.detectors import q40_infra_health_alerting as q40
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

PROMETHEUS_RULE = """apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: model-api
spec:
  groups:
    - name: api
      rules:
        - alert: HighErrorRate
          expr: rate(http_requests_total{status=~"5.."}[5m]) > 0.05
"""


def test_yes_cites_the_cloudwatch_alarm(make_ctx: MakeContext) -> None:
    answer = q40.detect(make_ctx("monitored-fastapi-aws"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("infra/main.tf", 19, 'resource "aws_cloudwatch_metric_alarm" "api_5xx" {'),)


def test_airflow_failure_callbacks_are_yes(make_ctx: MakeContext) -> None:
    answer = q40.detect(make_ctx("airflow-batch-scoring"))
    assert answer.verdict is Verdict.YES
    assert answer.reason == "failed jobs notify (dags/score_customers.py)"
    assert answer.evidence == (Evidence("dags/score_customers.py", 12, '"on_failure_callback": notify_on_call,'),)


@pytest.mark.parametrize(
    ("files", "evidence"),
    [
        ({"k8s/rules.yaml": PROMETHEUS_RULE}, Evidence("k8s/rules.yaml", 2, "kind: PrometheusRule")),
        ({"infra/stack.py": "from aws_cdk import aws_cloudwatch as cw\n\nalarm = cw.CfnAlarm(self, 'Drift')\n"},
         Evidence("infra/stack.py", 3, "alarm = cw.CfnAlarm(self, 'Drift')")),
        ({"resources/job.yml": "resources:\n  jobs:\n    train:\n      email_notifications:\n        on_failure:\n"
                               "          - ml@example.com\n"},
         Evidence("resources/job.yml", 5, "on_failure:")),
        ({".github/workflows/nightly.yml": "on:\n  schedule:\n    - cron: '0 1 * * *'\njobs:\n  run:\n    runs-on: x\n"
                                           "    steps:\n      - run: python train.py\n      - if: failure()\n"
                                           "        uses: slackapi/slack-github-action@v1\n"},
         Evidence(".github/workflows/nightly.yml", 9, "- if: failure()")),
    ],
)  # fmt: skip
def test_other_alerts(make_ctx: MakeContext, files: dict[str, str], evidence: Evidence) -> None:
    answer = q40.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == evidence


def test_monitoring_without_alerts_is_unknown(make_ctx: MakeContext) -> None:
    tf = 'resource "azurerm_application_insights" "ai" {\n  name = "ml"\n}\n'
    answer = q40.detect(make_ctx(files={"infra/main.tf": tf}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("infra/main.tf", 1, 'resource "azurerm_application_insights" "ai" {'),)


def test_commented_out_notifications_are_no(make_ctx: MakeContext) -> None:
    answer = q40.detect(make_ctx("databricks-batch-silent"))
    assert answer.verdict is Verdict.NO
    assert answer.searched == q40.SEARCHED


def test_a_prometheus_client_import_and_prose_are_not_alerting(make_ctx: MakeContext) -> None:
    code = "from prometheus_client import Counter\n\nPREDICTIONS = Counter('predictions', 'made')\n"
    readme = "# Ops\n\nAlerts go to PagerDuty; see the CloudWatch alarm in the console.\n"
    answer = q40.detect(make_ctx(files={"src/metrics.py": code, "README.md": readme}))
    assert answer.verdict is Verdict.NO


def test_an_alarm_in_a_test_fixture_does_not_count(make_ctx: MakeContext) -> None:
    tf = 'resource "aws_cloudwatch_metric_alarm" "x" {\n}\n'
    assert q40.detect(make_ctx(files={"tests/fixtures/infra/main.tf": tf})).verdict is Verdict.NO
