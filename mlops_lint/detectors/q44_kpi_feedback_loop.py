"""Q44 kpi-feedback-loop: A feedback loop keeps measuring the business KPIs agreed with stakeholders

## How it is detected
A feedback loop mostly lives outside the repository (a KPI dashboard reviewed with the business),
so this criterion is usually for a person to confirm. The project's code (`facts/monitoring.py`)
is searched for KPIs computed in code (`kpi`, `business_metric`, `uplift`... assigned in code,
never in comments or strings) in a file that also joins predictions with outcomes (a `merge` or
`join` with actuals, ground truth or labels).

## Answers
- YES: a KPI is computed in code that joins outcomes to predictions; evidence points at it.
- UNKNOWN: otherwise; KPI code without an outcome join, or monitors that read inference tables,
  are shown as hints.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.monitoring import monitoring_signals, outcome_joins
from mlops_lint.model import Answer, unknown, yes

CRITERION: Final = 44


def detect(ctx: Context) -> Answer:
    """Answer yes only from KPI code that joins outcomes; otherwise leave it to a person."""
    signals = ctx.get(monitoring_signals)
    found = signals.of("kpi")
    joined = ctx.get(outcome_joins)
    if looped := [e for e in found if e.path in joined]:
        return yes(f"business KPIs are computed from predictions joined with outcomes ({looped[0].path})", *looped[:3])
    hints = (*found[:2], *signals.of("payload_table", "drift_monitor")[:2])
    return unknown(
        "whether business KPIs are measured on real outcomes cannot be told from the repository; "
        "confirm the KPI dashboard and who reviews it with the business",
        *hints,
    )
