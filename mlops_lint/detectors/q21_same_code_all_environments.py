"""Q21 same-code-all-environments: One unchanged codebase and one deployment process serve every environment

## How it is detected
Looks at the CI steps that deploy the ML code (`facts/ml_delivery.py`) for one process reused
across environments: a deploy step driven by an environment parameter (a matrix or workflow input
named for the environment, `--env`/`--environment`/`--stage`/`--target`, a job `environment:`
set from a variable), or the same deploy command run for several named environments
(`databricks bundle deploy -t staging` and `-t prod`).

## Answers
- YES: a deploy step is parameterised by environment, or one command deploys several environments.
- NO: nothing deploys the code: no pipeline deploys it and there is no infrastructure, hosting or
  deployment configuration and no deployment script, so there is no repeatable process to share
  between environments (deployments made by hand from notebooks do not count).
- UNKNOWN: deployments exist but show no environment parameter (per-environment values may come
  from configuration or variables), or deployment configuration or scripts exist outside CI, or
  a merge runs an ML pipeline (`python -m ...pipeline`, `az ml job create`) that may deliver the
  model, or the repository has no code at all.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.code import code_corpus
from mlops_lint.facts.iac import iac_inventory
from mlops_lint.facts.ml_delivery import (
    cite,
    deploy_scripts,
    env_parameter,
    ml_deliveries,
    pipeline_runs_on_merge,
    platform_deploys,
    shared_across_environments,
)
from mlops_lint.model import Answer, Evidence, no, unknown, yes

CRITERION: Final = 21


def detect(ctx: Context) -> Answer:
    """Yes when one deploy process is parameterised by environment."""
    deliveries = ctx.get(ml_deliveries)
    if param := [d for d in deliveries if d.parameterised]:
        first = param[0]
        return yes(f"the {first.job.name!r} deploy in {first.job.path} takes the environment as a parameter",
                   env_parameter(ctx, first), *cite(param))  # fmt: skip
    if shared := shared_across_environments(deliveries):
        return yes(f"the same deploy command serves {len(shared)} environments", *cite(shared))
    if deliveries:
        return unknown("code is deployed by CI, but no environment parameter shows: confirm that every environment "
                       "is deployed by the same process from the same code", *cite(deliveries))  # fmt: skip
    infra = [Evidence(f.path, f.line, f.excerpt) for f in ctx.get(iac_inventory).files[:2]]
    if hints := [*infra, *ctx.get(platform_deploys), *ctx.get(deploy_scripts), *ctx.get(pipeline_runs_on_merge)][:3]:
        return unknown("no CI step deploys the code, but deployment configuration or scripts exist: confirm how "
                       "each environment is deployed", *hints)  # fmt: skip
    if not ctx.get(code_corpus).files:
        return unknown("the repository has no code, so how it is deployed cannot be judged here")
    return no(
        "no deployment process is defined: no pipeline deploys the code and there is no deployment configuration",
        searched=("CI/CD pipelines", "infrastructure and deployment configuration (Terraform, bundles, Helm, k8s...)"),
    )
