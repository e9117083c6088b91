"""Q40 infra-health-alerting: Infrastructure health is monitored and alerts fire when problems occur

## How it is detected
Looks in the project's IaC, configuration, CI and code (`facts/monitoring.py`) for alerts
defined as code: CloudWatch alarms, Azure Monitor alerts and action groups, Google alert
policies, Datadog, New Relic, Grafana, Opsgenie and PagerDuty resources, PrometheusRule objects
and Prometheus `- alert:` rules, Alertmanager routes, alarms created from code; and for job
failure notifications (Databricks job notifications, Airflow failure callbacks, Prefect and
Dagster failure hooks, Azure ML notifications, CI jobs that notify on failure). Monitoring
without alerts (Application Insights, dashboards, health probes, Prometheus scrape configs) is
noted too.

## Answers
- YES: alert rules or failure notifications are defined; evidence points at them.
- UNKNOWN: monitoring is set up but no alert is defined in the repository: alerts may live in
  the monitoring tool, a person should confirm.
- NO: no alerting, notification or monitoring configuration was found.

## Limits
Alerts configured by hand in a monitoring console are invisible: record them in
`.mlops-lint.yaml`. A metrics library import (`prometheus_client`) is not alerting.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.monitoring import monitoring_signals
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 40
SEARCHED: Final = (
    (
        "alerts in IaC: CloudWatch alarms, Azure Monitor alerts and action groups, Google alert policies, Datadog,"
        " New Relic, Grafana, Opsgenie, PagerDuty"
    ),
    "PrometheusRule objects, Prometheus alert rules, Alertmanager configuration",
    "job failure notifications (Databricks, Airflow, Prefect, Dagster, Azure ML, CI on failure)",
    "monitoring: Application Insights, CloudWatch/Grafana dashboards, health probes, scrape configs",
)


def detect(ctx: Context) -> Answer:
    """Answer from alert rules, failure notifications and monitoring set up in the repository."""
    signals = ctx.get(monitoring_signals)
    alerts, notifications = signals.of("alert"), signals.of("job_alert")
    if alerts or notifications:
        what = " and ".join(
            w for w, found in (("alert rules are defined", alerts), ("failed jobs notify", notifications)) if found
        )
        return yes(f"{what} ({(alerts or notifications)[0].path})", *alerts[:3], *notifications[:2])
    if monitoring := signals.of("observability"):
        return unknown(
            f"monitoring is set up ({monitoring[0].path}), but no alert rule or failure notification is defined in "
            "the repository; confirm that alerts on infrastructure health exist in the monitoring tool",
            *monitoring[:3],
        )
    return no("no alert rule, failure notification or infrastructure monitoring was found", searched=SEARCHED)
