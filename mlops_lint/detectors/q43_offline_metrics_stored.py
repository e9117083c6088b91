"""Q43 offline-metrics-stored: Offline evaluation metrics are stored and monitored over time

## How it is detected
Looks in the project's code, notebooks, DVC files and CI (`facts/monitoring.py`) for
evaluation metrics logged to a tracker or saved: MLflow `log_metric(s)`, `evaluate` and
autologging, Weights & Biases, DVCLive, Neptune, Comet, ClearML, TensorBoard scalars, tracker
callbacks of training frameworks, SageMaker `ModelMetrics`, metric definitions and jobs run in an
experiment trial (`experiment_config` with a `TrialName`), metrics
files written by code or declared as DVC `metrics:`, MLflow runs committed with their metrics,
and `dvc metrics diff` in CI.

## Answers
- YES: metrics are logged or saved; evidence points at the logging call or file.
- NO: no metric is stored (metrics that are only computed and printed do not count; the reason
  names where they are computed).

## Limits
Metrics logged by a platform without code in the repository (AutoML services) are invisible:
record them in `.mlops-lint.yaml`.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.monitoring import monitoring_signals
from mlops_lint.model import Answer, no, yes

CRITERION: Final = 43
SEARCHED: Final = (
    (
        "tracker logging: mlflow log_metric(s)/evaluate/autolog, wandb.log, DVCLive, Neptune, Comet, ClearML,"
        " TensorBoard, tracker callbacks"
    ),
    "metrics files: dvc.yaml metrics, metrics/score/eval files written by code, committed mlruns metrics",
    "SageMaker ModelMetrics and metric definitions, dvc metrics diff in CI",
)


def detect(ctx: Context) -> Answer:
    """Answer from metric logging calls and metrics files."""
    signals = ctx.get(monitoring_signals)
    if logged := signals.of("metrics_logged", "metrics_file"):
        return yes(f"evaluation metrics are logged or saved ({logged[0].path})", *logged[:4])
    computed = signals.of("evaluation")
    where = f" (metrics are computed in {computed[0].path} but not stored)" if computed else ""
    return no(f"no evaluation metric is logged to a tracker or saved to a metrics file{where}", searched=SEARCHED)
