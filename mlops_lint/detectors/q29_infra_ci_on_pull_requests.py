"""Q29 infra-ci-on-pull-requests: Pull requests trigger CI that validates the infrastructure configs and runs its tests

## How it is detected
For the infrastructure code of Q9, looks for a CI job triggered by pull requests that checks it
(`facts/iac_pipelines.py`): a validator or test (`terraform validate/plan/fmt`, tflint, checkov,
`helm lint`, kubeconform, `databricks bundle validate`, cfn-lint, `bicep build`, terratest...,
also behind `make` or a script), pre-commit with hooks that check the IaC files, or a command
naming an IaC file with a checking verb. A pull-request path filter that leaves the IaC out
means the check never runs for infrastructure changes.

## Answers
- YES: a pull-request job checks the IaC (evidence points at the step), or Atlantis is set up.
- YES also when there is no IaC at all but a pull-request job validates the configuration files
  (validate-pyproject, check-jsonschema, yamllint, `trivy config`, actionlint, hadolint, `uv lock
  --check`, pre-commit's check-yaml/check-toml...): the criterion asks for config validation.
- NO: there is no IaC and no pull-request config validation; or no job checks the IaC on pull requests (checks that run only on other
  triggers, or whose path filters skip the IaC, are named in the reason).
- UNKNOWN: an external service may run the checks (HCP Terraform, Spacelift, pre-commit.ci
  with IaC hooks), or no IaC is found but Q9 is unknown (IaC in another repository...).
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.iac_pipelines import iac_pipelines, pr_config_checks
from mlops_lint.facts.iac_scope import iac_absence, iac_scope
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 29
SEARCHED: Final = ("CI jobs on pull requests", "IaC validators and tests", "pre-commit IaC hooks run in CI")


def detect(ctx: Context) -> Answer:
    """Find CI that checks the infrastructure code on pull requests."""
    scope = ctx.get(iac_scope)
    if not scope.files:
        if (absence := ctx.get(iac_absence)) is not None:
            return unknown(f"no IaC found, but {absence.why}", *absence.evidence)
        if checks := ctx.get(pr_config_checks):
            return yes("there is no IaC, but CI validates the project's configuration files on pull requests",
                       *checks[:3])  # fmt: skip
        return no(
            "there is no infrastructure code, and no pull-request CI validates configuration files",
            searched=("IaC (see Q9)", "config validators in pull-request CI"),
        )
    pipelines = ctx.get(iac_pipelines)
    if pipelines.pr_checks:
        return yes("CI validates the infrastructure code on pull requests", *pipelines.pr_checks[:3])
    if atlantis := [e for e in pipelines.external if "atlantis" in e.path]:
        return yes("Atlantis plans the infrastructure changes of every pull request", *atlantis)
    if pipelines.external or pipelines.precommit_ci:
        return unknown("an external service may check the IaC on pull requests (HCP Terraform, pre-commit.ci...): "
                       "check it is enabled", *pipelines.external[:2], *pipelines.precommit_ci)  # fmt: skip
    if pipelines.filtered_checks:
        where = pipelines.filtered_checks[0].location
        return no(f"the pull-request IaC check at {where} has path filters that leave the IaC out", searched=SEARCHED)
    if pipelines.other_checks:
        where = pipelines.other_checks[0].location
        return no(f"the IaC is checked only outside pull requests ({where})", searched=SEARCHED)
    return no(f"no CI job validates the infrastructure code ({scope.describe()}) on pull requests", searched=SEARCHED)
