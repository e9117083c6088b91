"""Q23 lineage-infrastructure: Any model run or deployment can be traced to the infrastructure used to train and serve it

## How it is detected
The infrastructure of a run or deployment can be looked up when it is defined in versioned code
or config and applied from it. Two kinds of evidence count: compute specified next to the ML
code (Databricks bundle job clusters and serverless environments, SageMaker and Azure ML
instance types, Vertex machine types, Anyscale compute configs, Kubeflow resource limits), and
infrastructure as code that a CI/CD pipeline applies (`ci.DEPLOYS_IAC` in a job that does not run
only on pull requests: terraform apply, bundle deploy, helm upgrade...) or GitOps manifests.

## Answers
- YES: compute is specified in versioned code or config, or IaC is applied by a pipeline;
  evidence points at the specification or the applying step.
- UNKNOWN: IaC exists but no pipeline applies it (what runs may differ from git), or the code
  was too large to read in full.
- NO: no compute specification and no infrastructure as code.

## Limits
Compute picked in a console or by an external scheduler, and tags recording the cluster on each
run, are invisible.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.ci import DEPLOYS_IAC, PULL_REQUEST, ci_model
from mlops_lint.facts.iac import iac_inventory
from mlops_lint.facts.tracking import lineage_signals
from mlops_lint.model import Answer, Evidence, no, unknown, yes

CRITERION: Final = 23
SEARCHED: Final = (
    "code and config: instance_type, machine_type, node_type_id, new_cluster/job_clusters, compute configs",
    "infrastructure as code (Terraform, Bicep, CloudFormation, bundles, Helm, Kubernetes...)",
    "CI/CD steps applying infrastructure code",
)


def detect(ctx: Context) -> Answer:
    """Answer from compute specifications and from pipelines applying IaC."""
    signals = ctx.get(lineage_signals)
    compute = signals.of("compute")
    inventory = ctx.get(iac_inventory)
    applied = [Evidence(s.path, s.line, s.text.splitlines()[0] if s.text else "")
               for j, s in ctx.get(ci_model).steps_matching(DEPLOYS_IAC) if j.triggers - {PULL_REQUEST}]  # fmt: skip
    applied += [Evidence(f.path, f.line, f.excerpt) for f in inventory.files if f.kind == "gitops"]
    if compute or applied:
        parts = []
        if compute:
            parts.append(f"training or serving compute is specified in versioned config ({compute[0].location})")
        if applied:
            parts.append(f"infrastructure code is applied by a pipeline ({applied[0].location})")
        return yes("; ".join(parts), *compute[:4], *applied[:2])
    if inventory.files:
        return unknown(
            "infrastructure code exists but no pipeline applies it, so what ran may differ from git; "
            "confirm how it is applied",
            *(Evidence(f.path, f.line, f.excerpt or f.kind) for f in inventory.files[:3]),
        )
    if not signals.complete:
        return unknown("no compute specification was found, but the code was too large to read in full")
    return no("no compute specification and no infrastructure as code were found", searched=SEARCHED)
