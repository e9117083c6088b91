"""Q45 drift-monitoring: Feature distributions are recomputed regularly, with alerts on significant shifts

## How it is detected
Looks in the project's code, notebooks and configuration (`facts/monitoring.py`) for managed
drift monitors, which run on a schedule by design (SageMaker Model Monitor schedules, Databricks
Lakehouse quality monitors, Azure ML model monitoring, Vertex model monitoring, Arize, Fiddler,
WhyLabs), and for drift computed with a library (Evidently, whylogs, NannyML, alibi-detect,
deepchecks, TFDV, Frouros, drift statistics). Library code counts when a scheduled CI job or a
job definition with a schedule runs it. The reason says whether an alert is wired to the drift
code; drift recomputed on a schedule without an alert in the repository is still yes, with the
missing alert named.

## Answers
- YES: a drift monitor, or scheduled drift code; the reason says whether alerts are defined.
- UNKNOWN: drift is computed with a library, but nothing in the repository runs it regularly.
- NO: no drift monitor or drift computation was found.

## Limits
Monitors created in a platform console are invisible: record them in `.mlops-lint.yaml`.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.monitoring import monitoring_signals
from mlops_lint.model import Answer, Evidence, no, unknown, yes

CRITERION: Final = 45
SEARCHED: Final = (
    (
        "managed monitors: SageMaker Model Monitor, Databricks quality_monitors, Azure ML monitor schedules,"
        " Vertex model monitoring, Arize, Fiddler, WhyLabs"
    ),
    "drift libraries: Evidently, whylogs, NannyML, alibi-detect, deepchecks, TFDV, Frouros, KS/PSI statistics",
)


def detect(ctx: Context) -> Answer:
    """Answer from drift monitors, drift code and what runs it."""
    signals = ctx.get(monitoring_signals)
    monitors, library = signals.of("drift_monitor"), signals.of("drift_library")
    alerts = (*signals.drift_alerts, *signals.of("alert"))
    if monitors or (library and signals.scheduled_drift):
        how = (
            f"a drift monitor is defined ({monitors[0].path})"
            if monitors
            else f"drift code ({library[0].path}) runs on a schedule ({signals.scheduled_drift[0].path})"
        )
        return yes(
            f"{how}; {_alerting(alerts)}", *monitors[:3], *library[:2], *signals.scheduled_drift[:2], *alerts[:1]
        )
    if library:
        return unknown(
            f"drift is computed ({library[0].path}), but nothing in the repository runs it on a schedule; confirm that "
            "it is recomputed regularly and that significant shifts raise an alert",
            *library[:3],
        )
    return no("no drift monitor or drift computation was found", searched=SEARCHED)


def _alerting(alerts: tuple[Evidence, ...]) -> str:
    if alerts:
        return f"alerts are defined ({alerts[0].path})"
    return "no alert on drift is defined in the repository: confirm where significant shifts are reported"
