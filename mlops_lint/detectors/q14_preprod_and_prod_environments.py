"""Q14 preprod-and-prod-environments: There are at least two identical environments: pre-production and production

## How it is detected
Collects the environments the repository defines (`facts/environments.py`): Databricks bundle
targets, files that differ only by an environment name (`envs/prod/main.tf` and
`envs/staging/main.tf`, `values-dev.yaml` and `values-prod.yaml`), CI deployment environments
(also through a matrix), deploy targets in CI commands (`-t staging`, `--stage prod`) and
environment-keyed settings in the infrastructure code. Names are classified as production
(prod, prd, production, live) or pre-production (staging, acc, uat, qa, test, dev...).

## Answers
- YES: a production and a pre-production environment are defined; evidence shows both.
- NO: nothing is deployed at all, or the deployment definitions show a single environment.
- UNKNOWN: environments are found but not both kinds, the environment is a variable set
  outside the repository, or no IaC is found but Q9 is unknown (another repository...).
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.environments import PREPROD, PROD, Sighting, environments
from mlops_lint.facts.iac_scope import iac_absence, iac_scope
from mlops_lint.facts.ml_delivery import ml_deliveries
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 14
SEARCHED: Final = (
    "Databricks bundle targets", "per-environment tfvars/values/overlays/folders", "CI deployment environments",
    "deploy targets in CI commands", "environment-keyed settings in IaC",
)  # fmt: skip


def detect(ctx: Context) -> Answer:
    """Find a production and a pre-production environment defined from the same code."""
    envs = ctx.get(environments)
    prod, preprod = envs.of_tier(PROD), envs.of_tier(PREPROD)
    if prod and preprod:
        picked = _pair(prod, preprod)
        names = ", ".join(sorted(envs.names))
        return yes(f"pre-production and production environments are defined ({names})", *(s.evidence for s in picked))
    if envs.sightings:
        names = ", ".join(sorted(envs.names))
        return unknown(f"environments {names} are defined, but not both a pre-production and a production one",
                       *(s.evidence for s in envs.sightings[:4]))  # fmt: skip
    if envs.parameterised:
        return unknown("the environment is a variable set outside the repository", *envs.parameterised[:3])
    if (absence := ctx.get(iac_absence)) is not None:
        return unknown(f"no IaC found, but {absence.why}", *absence.evidence)
    if ctx.get(iac_scope).files or len(ctx.get(ml_deliveries)) > 0:
        return no("the deployment definitions show a single environment", searched=SEARCHED)
    return no("nothing is deployed, so no pre-production or production environment is defined", searched=SEARCHED)


def _pair(prod: tuple[Sighting, ...], preprod: tuple[Sighting, ...]) -> list[Sighting]:
    """Sightings from one source that has both kinds if possible (one definition), one per name."""
    sources = [s.source for s in prod if any(p.source == s.source for p in preprod)]
    chosen = [s for s in (*preprod, *prod) if not sources or s.source == sources[0]]
    unique = {s.name: s for s in reversed(chosen)}
    return sorted(unique.values(), key=lambda s: (s.evidence.path, s.evidence.line or 0, s.tier == PROD))[:4]
