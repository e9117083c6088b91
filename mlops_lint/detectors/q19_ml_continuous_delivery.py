"""Q19 ml-continuous-delivery: Merged ML code changes reach their environment automatically through a CD pipeline

## How it is detected
Looks for CI jobs that deploy the model, the service or the ML jobs (`facts/ml_delivery.py`:
image push and deploy, `databricks bundle deploy`, Azure ML/SageMaker/Vertex endpoint updates,
AWS Lambda and ECS updates, Cloud Run deploys, `anyscale service rollout`, registry promotion,
deployment scripts, also behind Makefiles, scripts and job specs; documentation sites do not
count) and at what starts them: a push to a long-lived branch (a merge), a tag or release, or
something else. The pipelines are GitHub Actions, GitLab CI, Azure Pipelines, Cloud Build,
AWS CodePipeline declared in CloudFormation (its deploy actions and buildspec commands) and the
other CI systems of `facts/ci_others.py`.

## Answers
- YES: a deploy (not only an image push) runs on push to a long-lived branch; or on a tag or
  release (a registry or release tag, which the reviewers accept as delivery without manual
  deployment).
- NO: the repository has code but no CI/CD pipeline at all, or pipelines that deploy nothing,
  with no sign of delivery elsewhere.
- UNKNOWN: only container images are published on merge or tag (something else must deploy
  them); deploys that only run by hand, on a schedule or from another pipeline; signs of
  delivery elsewhere (GitOps manifests, a hosting platform that deploys from git, an ML pipeline
  run or a package published on merge); or no code here at all.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.ci_commands import CI_SEARCHED, all_pipelines, describe_triggers
from mlops_lint.facts.code import code_corpus
from mlops_lint.facts.iac import iac_inventory
from mlops_lint.facts.ml_delivery import MERGE, RELEASE, cite, ml_deliveries, pipeline_runs_on_merge, platform_deploys
from mlops_lint.model import Answer, Evidence, no, unknown, yes

CRITERION: Final = 19
WHEN: Final = ((MERGE, "on push to a long-lived branch"), (RELEASE, "when a tag or release is pushed"))


def detect(ctx: Context) -> Answer:
    """Yes when merging (or tagging) deploys the ML code automatically."""
    deliveries = ctx.get(ml_deliveries)
    for when, how in WHEN:
        if found := [d for d in deliveries if d.when == when and not d.image_only]:
            return yes(f"the {found[0].job.name!r} job of {found[0].job.path} deploys {how}", *cite(found))
    if images := [d for d in deliveries if d.when in {MERGE, RELEASE}]:
        return unknown("container images are published automatically, but nothing here deploys them: confirm "
                       "whether a platform or GitOps tool rolls them out", *cite(images))  # fmt: skip
    if deliveries:
        first = deliveries[0]
        starts = describe_triggers(first.job.triggers)
        return unknown(f"deployments exist but are started by {starts} ({first.job.path}): confirm whether merges "
                       "start them",
                       *cite(deliveries))  # fmt: skip
    gitops = [Evidence(f.path, f.line, f.excerpt) for f in ctx.get(iac_inventory).files if f.kind == "gitops"][:2]
    if elsewhere := (*gitops, *ctx.get(platform_deploys), *ctx.get(pipeline_runs_on_merge)):
        return unknown("no pipeline step deploys, but delivery may happen elsewhere: confirm", *elsewhere[:3])
    if not ctx.get(code_corpus).files:
        return unknown("the repository has no code, so its delivery cannot be judged here")
    pipelines = ctx.get(all_pipelines)
    if not pipelines:
        return no("the repository defines no CI/CD pipeline", searched=CI_SEARCHED)
    return no(
        f"none of the {len(pipelines)} CI/CD pipeline(s) deploys the model, the service or the ML jobs",
        searched=tuple(p.path for p in pipelines[:5]),
    )
