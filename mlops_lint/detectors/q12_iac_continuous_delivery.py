"""Q12 iac-continuous-delivery: Merging an infrastructure change triggers a CD pipeline that applies it

## How it is detected
Looks for a CI/CD job that applies the infrastructure code of Q9 (`terraform apply`, `pulumi up`,
`cdk deploy`, `databricks bundle deploy`, `helm upgrade`, `kubectl apply`, `az deployment ...
create`, a command naming an IaC file with a deploying verb, or running an infrastructure SDK
script) and runs on a push to a long-lived branch (a merge), a tag or a release. Argo CD and Flux
manifests (GitOps: the cluster syncs from git) count too.

## Answers
- YES: an apply step runs on merge, tag or release, or GitOps manifests are tracked.
- NO: there is no IaC; or IaC is applied only by manually started pipelines; or nothing
  applies it and nothing suggests an external platform does (see UNKNOWN).
- UNKNOWN: IaC is applied elsewhere or maybe so: HCP Terraform or Atlantis configured,
  Kubernetes/Helm manifests that a GitOps controller outside the repository may sync, apply
  steps in pipelines started by a schedule, a branch push or other pipelines only, or no IaC
  found but Q9 is unknown.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.iac_pipelines import iac_pipelines
from mlops_lint.facts.iac_scope import iac_absence, iac_scope
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 12
SYNCABLE: Final = frozenset({"kubernetes", "helm", "kustomize"})
SEARCHED: Final = ("CI/CD jobs on merge, tag or release applying IaC", "Argo CD/Flux manifests")


def detect(ctx: Context) -> Answer:
    """Find the pipeline that applies infrastructure changes after merge."""
    scope = ctx.get(iac_scope)
    if not scope.files:
        if (absence := ctx.get(iac_absence)) is not None:
            return unknown(f"no IaC found, but {absence.why}", *absence.evidence)
        return no("there is no infrastructure code, so no pipeline applies it", searched=("IaC (see Q9)",))
    pipelines = ctx.get(iac_pipelines)
    if pipelines.auto_applies:
        return yes("a pipeline applies the infrastructure code on merge, tag or release", *pipelines.auto_applies[:3])
    if pipelines.gitops:
        return yes("GitOps manifests make the cluster sync the infrastructure from git", *pipelines.gitops[:3])
    if pipelines.external:
        return unknown("an external platform (HCP Terraform, Atlantis...) applies the IaC: check it applies on merge",
                       *pipelines.external[:3])  # fmt: skip
    if pipelines.unclear_applies:
        return unknown("IaC is applied only by pipelines not started by a merge (schedule, branch push, "
                       "or called by other pipelines): check what starts them", *pipelines.unclear_applies[:3])  # fmt: skip
    if pipelines.manual_applies:
        return no(f"the infrastructure code is applied only by manually started pipelines "
                  f"({pipelines.manual_applies[0].location})", searched=SEARCHED)  # fmt: skip
    if scope.kinds & SYNCABLE:
        return unknown("no pipeline applies the manifests; a GitOps controller outside the repository may sync them",
                       *scope.evidence(3))  # fmt: skip
    return no(f"no pipeline applies the infrastructure code ({scope.describe()})", searched=SEARCHED)
