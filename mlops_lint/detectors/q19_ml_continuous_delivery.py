"""Q19 ml-continuous-delivery: Merged ML code changes reach their environment automatically through a CD pipeline

## How it is detected
Looks for CI jobs that deploy the model, the service or the ML jobs (`facts/ml_delivery.py`:
image push and deploy, `databricks bundle deploy`, Azure ML/SageMaker/Vertex endpoint updates,
`anyscale service rollout`, registry promotion, deployment scripts, also behind Makefiles,
scripts and job specs) and at what starts them: a push to a long-lived branch (a merge), a tag or
release, or something else.

## Answers
- YES: a deploy runs on push to a long-lived branch; or on a tag or release (a registry or
  release tag, which the reviewers accept as delivery without manual deployment).
- NO: no CI/CD pipeline at all, or pipelines that deploy nothing, with no sign of delivery
  elsewhere (GitOps manifests, a hosting platform that deploys from git, an ML pipeline run on
  merge that may deploy inside).
- UNKNOWN: deploys that only run manually or on a schedule, or the signs of delivery elsewhere
  listed above.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.ci_commands import all_pipelines
from mlops_lint.facts.iac import iac_inventory
from mlops_lint.facts.ml_delivery import MERGE, RELEASE, ml_deliveries, pipeline_runs_on_merge, platform_deploys
from mlops_lint.model import Answer, Evidence, no, unknown, yes

CRITERION: Final = 19


def detect(ctx: Context) -> Answer:
    """Yes when merging (or tagging) deploys the ML code automatically."""
    deliveries = ctx.get(ml_deliveries)
    for when, how in ((MERGE, "on push to a long-lived branch"), (RELEASE, "when a tag or release is pushed")):
        if found := [d for d in deliveries if d.when == when]:
            first = found[0]
            return yes(f"the {first.job.name!r} job of {first.job.path} deploys {how}",
                       *_unique(d.evidence for d in found))  # fmt: skip
    if deliveries:
        first = deliveries[0]
        triggers = ", ".join(sorted(first.job.triggers)) or "no trigger"
        return unknown(
            f"deployments exist but only start by {triggers} ({first.job.path}): confirm whether merges trigger them",
            *_unique(d.evidence for d in deliveries),
        )
    gitops = [Evidence(f.path, f.line, f.excerpt) for f in ctx.get(iac_inventory).files if f.kind == "gitops"][:2]
    elsewhere = (*gitops, *ctx.get(platform_deploys), *ctx.get(pipeline_runs_on_merge))
    if elsewhere:
        return unknown("no pipeline step deploys, but delivery may happen elsewhere: confirm", *elsewhere[:3])
    pipelines = ctx.get(all_pipelines)
    if not pipelines:
        return no("the repository defines no CI/CD pipeline", searched=("GitHub Actions, GitLab CI, Azure Pipelines, "
                  "Jenkins, CircleCI, Bitbucket and other CI definitions",))  # fmt: skip
    return no(
        f"none of the {len(pipelines)} CI/CD pipeline(s) deploys the model, the service or the ML jobs",
        searched=tuple(p.path for p in pipelines[:5]),
    )


def _unique(evidence: object) -> tuple[Evidence, ...]:
    seen: dict[tuple[str, int | None], Evidence] = {}
    for ev in evidence:  # type: ignore[attr-defined]
        seen.setdefault((ev.path, ev.line), ev)
    return tuple(seen.values())[:3]
