"""Q39 cost-tracking: Infrastructure costs are tracked and the project's costs are estimated regularly

## How it is detected
Looks in the project's IaC, configuration, CI and code (`facts/monitoring.py`) for budgets as
code (AWS Budgets, Azure consumption budgets, Google billing budgets, Databricks budget
policies), cost queries from code (Cost Explorer, Azure Cost Management), cost estimation of
infrastructure changes (infracost in CI or its config file, Kubecost, OpenCost), and resource
tags whose key is about cost (cost center, billing code, cost allocation).

## Answers
- YES: a budget or a cost estimate is defined; evidence points at it (and at cost tags).
- UNKNOWN: resources carry cost-allocation tags, but no budget or estimate is in the
  repository: a person should confirm that costs are reviewed.
- NO: no budget, cost estimate or cost-allocation tag was found.

## Limits
Budgets and cost reports kept in the cloud billing console are invisible: record them in
`.mlops-lint.yaml`. Generic `project`/`environment` tags are not counted as cost tracking.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.monitoring import monitoring_signals
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 39
SEARCHED: Final = (
    (
        "budgets in IaC (aws_budgets_budget, AWS::Budgets::Budget, azurerm_consumption_budget_*, google_billing_budget,"
        " Databricks budget policies)"
    ),
    "cost queries in code (Cost Explorer get_cost_and_usage, Azure Cost Management, budget clients)",
    "cost estimation: infracost in CI or infracost.yml, Kubecost, OpenCost",
    "cost-allocation tags (cost center, billing code, cost allocation) in IaC and configuration",
)


def detect(ctx: Context) -> Answer:
    """Answer from budgets, cost estimates and cost tags defined in the repository."""
    signals = ctx.get(monitoring_signals)
    budgets, estimates, tags = signals.of("budget"), signals.of("cost_estimate"), signals.of("cost_tags")
    if budgets or estimates:
        what = " and ".join(
            w for w, found in (("budgets are defined as code", budgets), ("costs are estimated", estimates)) if found
        )
        return yes(f"{what} ({(budgets or estimates)[0].path})", *budgets[:3], *estimates[:2], *tags[:2])
    if tags:
        return unknown(
            "resources carry cost-allocation tags, but no budget or cost estimate is defined in the repository; "
            "confirm that costs are tracked in the billing console and reviewed regularly",
            *tags[:3],
        )
    return no("no budget, cost estimate or cost-allocation tag was found in IaC, CI or code", searched=SEARCHED)
