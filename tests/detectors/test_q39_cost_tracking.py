"""Q39 cost-tracking: budgets, cost estimates and cost tags as code; prose and comments do not count."""

from __future__ import annotations

from mlops_lint.context import Context
from mlops_lint.detectors import q39_cost_tracking as q39
from mlops_lint.facts.monitoring import MonitoringSignals, monitoring_signals
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

TAGS_ONLY = 'resource "aws_s3_bucket" "data" {\n  bucket = "churn"\n  tags = {\n    CostCenter = "ml"\n  }\n}\n'


def test_yes_cites_the_budget_the_estimate_and_the_tags(make_ctx: MakeContext) -> None:
    answer = q39.detect(make_ctx("monitored-fastapi-aws"))
    assert answer.verdict is Verdict.YES
    assert answer.reason == "budgets are defined as code and costs are estimated (infra/main.tf)"
    assert answer.evidence == (
        Evidence("infra/main.tf", 11, 'resource "aws_budgets_budget" "churn" {'),
        Evidence(".github/workflows/ci.yml", 9, "uses: infracost/actions/setup@v3"),
        Evidence(
            ".github/workflows/ci.yml",
            10,
            "infracost breakdown --path infra --format json --out-file /tmp/infracost.json",
        ),
        Evidence("infra/main.tf", 6, 'cost-center = "ml-platform"'),
    )


def test_an_azure_budget_in_bicep_is_yes(make_ctx: MakeContext) -> None:
    bicep = "resource budget 'Microsoft.Consumption/budgets@2023-05-01' = {\n  name: 'ml'\n}\n"
    answer = q39.detect(make_ctx(files={"infra/budget.bicep": bicep}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == Evidence("infra/budget.bicep", 1, bicep.splitlines()[0])


def test_cost_tags_alone_are_unknown(make_ctx: MakeContext) -> None:
    answer = q39.detect(make_ctx(files={"infra/main.tf": TAGS_ONLY}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("infra/main.tf", 4, 'CostCenter = "ml"'),)


def test_no_when_nothing_and_prose_does_not_count(make_ctx: MakeContext) -> None:
    answer = q39.detect(make_ctx("plain-ml-scripts", files={"docs/costs.md": "# Costs\n\nWe set an AWS budget.\n"}))
    assert answer.verdict is Verdict.NO
    assert answer.searched == q39.SEARCHED


def test_a_commented_out_budget_and_generic_tags_do_not_count(make_ctx: MakeContext) -> None:
    tf = '# resource "aws_budgets_budget" "x" {}\nresource "aws_s3_bucket" "b" {\n  tags = { project = "churn" }\n}\n'
    assert q39.detect(make_ctx(files={"infra/main.tf": tf})).verdict is Verdict.NO


def test_an_untracked_infracost_config_does_not_count(make_ctx: MakeContext) -> None:
    ctx = make_ctx("plain-ml-scripts", dirty={"infracost.yml": "version: 0.1\nprojects:\n  - path: infra\n"})
    assert q39.detect(ctx).verdict is Verdict.NO


def test_malformed_yaml_is_searched_as_text_without_a_crash(make_ctx: MakeContext) -> None:
    answer = q39.detect(make_ctx(files={"deploy/values.yaml": "tags: [unclosed\n  cost_center: ml\n"}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("deploy/values.yaml", 2, "cost_center: ml"),)


def test_unit_level_without_a_repository() -> None:
    budget = Evidence("infra/budget.tf", 3, 'resource "google_billing_budget" "b" {')
    ctx = Context.from_facts({monitoring_signals: MonitoringSignals((("budget", (budget,)),))})
    assert q39.detect(ctx).evidence == (budget,)
