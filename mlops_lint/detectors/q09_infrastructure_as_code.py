"""Q9 infrastructure-as-code: The project's infrastructure is defined as code (IaC)

## How it is detected
Looks for infrastructure definitions among the tracked files (`facts/iac.py`): Terraform and
OpenTofu, Bicep and ARM, CloudFormation and SAM, CDK, Pulumi, Helm, Kustomize, Kubernetes
manifests, Argo CD and Flux, Databricks Asset Bundles, Serverless, Ansible, Crossplane, Azure ML
resource specs, Ray/Anyscale cluster and service configs. Project templates count
(`databricks.yml.tmpl`). Without those, scripts that create serving or compute resources with a
cloud SDK (SageMaker `model.deploy(...)`, Azure ML `ManagedOnlineEndpoint(...)`) count as
infrastructure defined imperatively in code; notebooks do not. A docker-compose file for local
development and pipeline definitions (Kubeflow, Argo workflows, Azure ML jobs) are not IaC.

## Answers
- YES: IaC files are tracked; evidence points at a few of them, one per kind.
- UNKNOWN: none found, but the documentation says the infrastructure lives in another
  repository, shell scripts create cloud resources with CLI commands (`gcloud ... create`,
  `aws ... create-...`, `az ... create`), managed job specifications declare the machines jobs
  run on (Vertex AI `workerPoolSpecs`/`machineSpec`), Docker Compose files sit in an
  infrastructure folder (`infra/`, `deploy/`...) or are named for production (reviewers differ
  on whether those count), or the search budget left candidate files unread.
- NO: no IaC file and no infrastructure SDK script in the repository.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.iac_scope import iac_absence, iac_scope
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 9
SEARCHED: Final = (
    "Terraform/OpenTofu (*.tf, *.tfvars)", "Bicep/ARM", "CloudFormation/SAM templates", "CDK (cdk.json)",
    "Pulumi.yaml", "Helm charts", "Kustomize", "Kubernetes manifests", "Argo CD/Flux", "databricks.yml",
    "serverless.yml", "Ansible", "Crossplane", "Azure ML resource specs", "Ray/Anyscale configs",
    "cloud SDK scripts creating endpoints or compute",
)  # fmt: skip


def detect(ctx: Context) -> Answer:
    """Find the infrastructure code."""
    scope = ctx.get(iac_scope)
    if scope.files and scope.imperative:
        return yes(
            f"infrastructure is created by cloud SDK code in {len(scope.files)} versioned script(s) "
            "(imperative, no declarative IaC)",
            *scope.evidence(),
        )
    if scope.files:
        return yes(
            f"{len(scope.files)} infrastructure-as-code file(s) are tracked ({scope.describe()})", *scope.evidence()
        )
    if (absence := ctx.get(iac_absence)) is not None:
        return unknown(f"no IaC found, but {absence.why}", *absence.evidence)
    return no("no infrastructure-as-code file or infrastructure SDK script is tracked", searched=SEARCHED)
