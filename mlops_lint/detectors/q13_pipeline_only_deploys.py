"""Q13 pipeline-only-deploys: Infrastructure is deployed only by the CD pipeline; developers have no deploy rights

## How it is detected
Who may deploy is a permission setting of the cloud accounts, not of the repository. The
repository can only show whether deployment goes through pipelines at all: CI jobs that apply
the IaC (`facts/iac_pipelines.py`) or deploy the ML code (`facts/ml_delivery.py`), GitOps
manifests, external deployment platforms; and whether the documentation tells people to run
deploy commands themselves (`facts/infra_docs.py`).

## Answers
- NO: no pipeline deploys anything, so deployment cannot be restricted to one; the
  documented manual deploy commands, if any, are cited in the reason.
- UNKNOWN: pipelines deploy (on merge, on release or when started by hand), GitOps or an
  external platform deploys: confirm in the cloud IAM that only the pipeline's identity can.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.iac_pipelines import iac_pipelines
from mlops_lint.facts.iac_scope import iac_scope
from mlops_lint.facts.infra_docs import manual_deploy_instructions
from mlops_lint.facts.ml_delivery import MERGE, RELEASE, ml_deliveries, platform_deploys
from mlops_lint.model import Answer, Evidence, no, unknown

CRITERION: Final = 13
SYNCABLE: Final = frozenset({"kubernetes", "helm", "kustomize"})
CONFIRM: Final = "confirm in the cloud IAM that only the pipeline's identity can deploy"


def detect(ctx: Context) -> Answer:
    """Say whether deployment goes through pipelines; permissions are for a person to confirm."""
    pipelines = ctx.get(iac_pipelines)
    deliveries = ctx.get(ml_deliveries)
    automatic = _unique([*pipelines.auto_applies, *(d.evidence for d in deliveries if d.when in {MERGE, RELEASE})])
    if automatic or pipelines.gitops:
        how = "CD pipelines" if automatic else "GitOps"
        return unknown(f"deployments run through {how}; {CONFIRM}", *(automatic or pipelines.gitops)[:3])
    started = _unique([*pipelines.manual_applies, *pipelines.unclear_applies, *(d.evidence for d in deliveries)])
    if started:
        return unknown(f"deployments run through pipelines started by hand or by other pipelines; {CONFIRM}",
                       *started[:3])  # fmt: skip
    elsewhere = [*pipelines.external, *ctx.get(platform_deploys)]
    if elsewhere:
        return unknown(f"an external platform deploys from git; {CONFIRM}", *elsewhere[:3])
    if ctx.get(iac_scope).kinds & SYNCABLE:
        return unknown(f"no pipeline applies the manifests; a GitOps controller may sync them; {CONFIRM}")
    manual = ctx.get(manual_deploy_instructions)
    searched = ("CI/CD jobs applying IaC or deploying the ML code", "GitOps manifests", "hosting platform files")
    if manual:
        where = f"{manual[0].location}: {manual[0].excerpt}"
        return no(f"no pipeline deploys; the documentation has people deploy by hand ({where})", searched=searched)
    return no("no pipeline deploys anything, so deployment is not restricted to a pipeline", searched=searched)


def _unique(evidence: list[Evidence]) -> list[Evidence]:
    """One piece of evidence per step (the IaC and the ML views often see the same step)."""
    return list({(e.path, e.line): e for e in reversed(evidence)}.values())[::-1]
