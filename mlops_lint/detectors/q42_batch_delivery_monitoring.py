"""Q42 batch-delivery-monitoring: Batch predictions are monitored for continuous, on-time delivery to the target system

## How it is detected
Runs only when the project scores in batch (the engine answers na otherwise). Looks in the
project's code, job definitions and CI (`facts/monitoring.py`) for run failure notifications
(Databricks job email/webhook notifications and health rules, Airflow failure callbacks and
`email_on_failure`, Prefect failure hooks, Dagster failure sensors, Azure ML notifications, CI
jobs that notify on failure), SLAs (Airflow `sla`, `sla_miss_callback`) and freshness checks on
the output (dbt source freshness, Dagster freshness checks). Retries alone do not count.

## Answers
- YES: failed or late runs notify someone, or output freshness is checked; evidence points at it.
- UNKNOWN: alert rules exist, but none is tied to the batch jobs.
- NO: no failure notification, SLA or freshness check was found (commented-out blocks do not
  count).

## Limits
Notifications set in the orchestrator's UI are invisible: record them in `.mlops-lint.yaml`.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.monitoring import monitoring_signals
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 42
SEARCHED: Final = (
    (
        "job failure notifications: Databricks email_notifications/webhook_notifications on_failure, Airflow"
        " on_failure_callback/email_on_failure, Prefect on_failure hooks, Dagster run failure sensors, Azure ML"
        " notification_setting, CI steps notifying on failure()"
    ),
    "SLAs (Airflow sla, sla_miss_callback) and freshness checks (dbt source freshness, Dagster freshness checks)",
)


def detect(ctx: Context) -> Answer:
    """Answer from failure notifications, SLAs and freshness checks of the batch jobs."""
    signals = ctx.get(monitoring_signals)
    notifications, checks = signals.of("job_alert"), signals.of("delivery_check")
    if notifications or checks:
        what = " and ".join(
            w for w, found in (("failed runs notify", notifications), ("delivery is checked", checks)) if found
        )
        return yes(f"{what} ({(notifications or checks)[0].path})", *notifications[:3], *checks[:2])
    if alerts := signals.of("alert"):
        return unknown(
            f"alert rules exist ({alerts[0].path}) but none is tied to the batch jobs; confirm that failed or late "
            "scoring runs raise an alert",
            *alerts[:3],
        )
    return no(
        "no failure notification, SLA or freshness check was found for the batch jobs (retries alone do not count)",
        searched=SEARCHED,
    )
