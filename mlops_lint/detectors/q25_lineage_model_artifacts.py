"""Q25 lineage-model-artifacts: Any model run or deployment can be traced to its exact model artifacts

## How it is detected
Looks in code and config (never prose, tests or commented-out lines) for models stored in a
registry or a versioned artifact store: `mlflow.*.log_model`, MLflow autologging (which logs
the model unless `log_models=False`), `register_model`,
`registered_model_name=`, Databricks bundle `registered_models`, W&B model artifacts,
SageMaker model packages and training-job artifacts, Vertex and Azure ML model registration,
BentoML stores, Hugging Face Hub pushes, models tracked by DVC (`*.dvc`, `dvc.yaml` outputs),
committed MLflow runs. Model files committed to git are versioned by git, and count too.

## Answers
- YES: models are logged, registered or versioned; evidence points at the lines that do it.
- UNKNOWN: nothing found, but the code was too large to read in full.
- NO: no model registry, logged model, versioned artifact store or committed model file.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.tracking import lineage_signals
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 25
SEARCHED: Final = (
    "code and config: log_model, register_model, registered models, model packages, artifact uploads",
    "DVC-tracked models (*.dvc, dvc.yaml outputs), committed mlruns/",
    "model files committed to git (*.pkl, *.joblib, *.onnx, *.pt...)",
)


def detect(ctx: Context) -> Answer:
    """Answer from registries and artifact stores, then from model files in git."""
    signals = ctx.get(lineage_signals)
    if stored := signals.of("model"):
        return yes(f"models are logged or registered in a versioned store ({stored[0].location})", *stored)
    if files := signals.of("model_file"):
        return yes(f"model files are committed to git, which versions them ({files[0].path})", *files)
    if not signals.complete:
        return unknown("no model registry or artifact store was found, but the code was too large to read in full")
    return no("no model registry, logged model or versioned artifact store was found", searched=SEARCHED)
