"""Q24 lineage-environment: Any model run or deployment can be traced to the software environment it ran in

## How it is detected
Looks in code and config for the environment being recorded with each model or run: an
environment logged with the model (`conda_env=`, `pip_requirements=` in `mlflow.*.log_model`,
a logged lock file, committed `mlruns/` with `conda.yaml`), or a versioned runtime (Azure ML
`Environment(image=..., conda_file=...)`, SageMaker framework images, Databricks runtime
versions and serverless environments, Anyscale cluster environments, images tagged with the
commit or pinned by digest). A versioned runtime only pins the environment when the project's
own dependencies are pinned too, so the dependency files (`facts/deps.py`) are checked.

## Answers
- YES: the environment is logged with the model, or a versioned runtime is used and dependencies
  are locked or mostly pinned.
- UNKNOWN: a versioned runtime with mostly unpinned dependencies; models logged with MLflow's
  inferred requirements only; pinned dependencies not linked to runs; or unread code.
- NO: no environment recorded and no pinned dependencies.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.deps import Dependencies, dependencies
from mlops_lint.facts.tracking import lineage_signals
from mlops_lint.model import Answer, Evidence, no, unknown, yes

CRITERION: Final = 24
MIN_PINNED_SHARE: Final = 1 / 3
SEARCHED: Final = (
    "log_model(conda_env=/pip_requirements=), logged lock files, committed mlruns/ environments",
    "Azure ML environments, SageMaker framework images, Databricks runtimes, image digests and sha tags",
    "requirements, pyproject, conda and lock files",
)


def detect(ctx: Context) -> Answer:
    """Answer from environments recorded with models, then from versioned runtimes and pins."""
    signals = ctx.get(lineage_signals)
    deps = ctx.get(dependencies)
    if logged := signals.of("env_logged"):
        return yes(f"the software environment is logged with the model ({logged[0].location})", *logged)
    platform = signals.of("env_platform", "image_sha")
    pinned = _pinned(deps)
    if platform and pinned is not False:
        return yes(f"runs use a versioned runtime environment ({platform[0].location}){_locks(deps)}", *platform)
    if platform:
        return unknown(
            f"runs use a versioned runtime ({platform[0].location}) but the project's dependencies are mostly "
            "unpinned, so the exact environment cannot be looked up; pin or log them",
            *platform[:3],
        )
    if inferred := signals.of("env_inferred"):
        return unknown(
            "models are logged with MLflow, which records inferred requirements; confirm deployments use "
            "the logged model and its environment",
            *inferred[:3],
        )
    if pinned:
        return unknown("dependencies are pinned, but nothing links a run or deployment to an environment version",
                       *(Evidence(p) for p in deps.locks[:2]))  # fmt: skip
    if not signals.complete:
        return unknown("no environment record was found, but the code was too large to read in full")
    return no("no environment is recorded with runs or models and dependencies are not pinned", searched=SEARCHED)


def _pinned(deps: Dependencies) -> bool | None:
    """True: locked or mostly pinned; False: mostly floating; None: nothing declared."""
    if deps.locks:
        return True
    if not deps.requirements:
        return None
    return sum(r.pinned for r in deps.requirements) / len(deps.requirements) >= MIN_PINNED_SHARE


def _locks(deps: Dependencies) -> str:
    return f", dependencies locked in {deps.locks[0]}" if deps.locks else ""
