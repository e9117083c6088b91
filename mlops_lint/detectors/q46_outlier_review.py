"""Q46 outlier-review: Outliers are detected and low-confidence predictions are reviewed regularly

## How it is detected
Looks in the project's code (`facts/monitoring.py`; code only, never comments or strings) for
predictions routed to people for review (review queues, `needs_review`-style flags, Argilla or
Label Studio clients) and for outlier or out-of-distribution detectors (Isolation Forest, LOF,
One-Class SVM, PyOD, alibi-detect outlier detectors, `detect_outliers`-style functions), and
where they run: in serving, scoring or monitoring code, or only in training and analysis.

## Answers
- YES: predictions are routed to review, or outliers are detected in serving, scoring or
  monitoring code; evidence points at it.
- UNKNOWN: outlier detection only appears in training or analysis code (cleaning training data
  is not reviewing production predictions).
- NO: no outlier detection or review of predictions was found (a confidence threshold that only
  changes the returned label is not a review).
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.monitoring import monitoring_signals
from mlops_lint.facts.monitoring_vocab import SERVING_PATH
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 46
SEARCHED: Final = (
    "review routing: review queues, needs_review/human_review flags, Argilla, Label Studio",
    "outlier detectors: IsolationForest, LocalOutlierFactor, OneClassSVM, PyOD, alibi-detect, outlier functions",
)


def detect(ctx: Context) -> Answer:
    """Answer from review routing and outlier detectors, and where they run."""
    signals = ctx.get(monitoring_signals)
    if review := signals.of("review"):
        return yes(f"predictions are routed to people for review ({review[0].path})", *review[:3])
    outliers = signals.of("outlier")
    live = [e for e in outliers if SERVING_PATH.search(e.path) and not e.path.endswith(".ipynb")]
    if live:
        return yes(
            f"outliers are detected in serving or monitoring code ({live[0].path}); confirm that flagged cases are "
            "reviewed regularly",
            *live[:3],
        )
    if outliers:
        return unknown(
            f"outlier detection appears only in training or analysis code ({outliers[0].path}); confirm whether "
            "outliers and low-confidence predictions in production are reviewed",
            *outliers[:3],
        )
    return no("no outlier detection or review of low-confidence predictions was found", searched=SEARCHED)
