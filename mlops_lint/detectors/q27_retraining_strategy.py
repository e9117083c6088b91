"""Q27 retraining-strategy: A retraining strategy for the model is in place, with the reasoning behind it

## How it is detected
A strategy in place shows as training that runs on a schedule or a trigger
(`facts/lifecycle.py`): a scheduled CI pipeline whose job trains (followed through Makefiles and
scripts), a job definition holding both a schedule and a training task (Databricks bundle jobs,
Airflow DAGs, Azure ML schedules, Kubeflow recurring runs, Argo CronWorkflows, EventBridge or
Cloud Scheduler rules), or monitoring code that starts retraining. Documentation lines about
retraining are cited as its motivation.

## Answers
- YES: training runs on a schedule or trigger; the reason says whether the docs motivate it.
- UNKNOWN: retraining is documented (a heading, or a sentence with a cadence) or coded (a
  retrain call, an API route that starts training), but no schedule or trigger running it was
  found.
- NO: no scheduled or triggered training and no retraining documentation.

## Limits
Schedules kept in an external orchestrator or console are invisible; the motivation is only
pointed at, not judged.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.lifecycle import retraining
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 27
SEARCHED: Final = (
    "CI pipelines on a schedule running training",
    "job definitions with a schedule and a training task (Databricks bundles, Airflow, Azure ML, Kubeflow, Argo...)",
    "monitoring code triggering retraining",
    "README and docs: retraining headings and cadence",
)


def detect(ctx: Context) -> Answer:
    """Answer from schedules and triggers that run training."""
    found = ctx.get(retraining)
    if found.triggers:
        why = (
            f"; the docs discuss retraining ({found.motivation[0].location})"
            if found.motivation
            else "; no written motivation was found"
        )
        return yes(
            f"training runs on a schedule or trigger ({found.triggers[0].location}){why}",
            *found.triggers,
            *found.motivation[:1],
        )
    if found.hints:
        return unknown(
            "retraining is written about or coded, but no schedule or trigger that runs training was found; "
            "confirm when and why the model is retrained",
            *found.hints,
        )
    return no("no scheduled or triggered training and no retraining documentation were found", searched=SEARCHED)
