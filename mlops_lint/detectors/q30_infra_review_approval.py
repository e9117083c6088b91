"""Q30 infra-review-approval: Infrastructure changes need review and approval from other team members before merging

## How it is detected
Required reviews are a server setting (branch protection, rulesets, merge request approvals),
so files alone rarely settle this. The repository settles it when it keeps that setting as code
(`facts/review_rules.py`): the Probot settings app's `.github/settings.yml`
(`required_pull_request_reviews`, ruleset `pull_request` rules) or Terraform resources of the
GitHub/GitLab providers (`github_branch_protection`, `github_repository_ruleset`,
`gitlab_project_approval_rule`). CODEOWNERS entries covering the IaC request reviewers
automatically but enforce nothing without branch protection, so they are hints.

## Answers
- YES: a review requirement of at least one approval (or code-owner review) is kept as code.
- UNKNOWN: otherwise, with the CODEOWNERS rules covering the IaC as hints; confirm the branch
  protection or approval rules on the server.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.codeowners import codeowners
from mlops_lint.facts.iac_scope import iac_scope
from mlops_lint.facts.review_rules import review_rules
from mlops_lint.model import Answer, Evidence, unknown, yes

CRITERION: Final = 30


def detect(ctx: Context) -> Answer:
    """Find review requirements kept as code, or hints of them."""
    required = [r for r in ctx.get(review_rules) if r.requires_review]
    if required:
        first = required[0]
        what = f"{first.approvals} approval(s)" if first.approvals else "code-owner review"
        return yes(
            f"merging requires {what} ({first.source}: {first.target})",
            *(Evidence(r.path, r.line, f"{r.target}: {r.approvals or 0} approval(s)") for r in required[:3]),
        )
    owners = ctx.get(codeowners)
    scope = ctx.get(iac_scope)
    rules = owners.covering(sorted(scope.paths))[:3]
    if rules:
        return unknown(
            "CODEOWNERS assigns reviewers to the IaC; confirm that branch protection requires their approval",
            *(owners.cite(r) for r in rules),
        )
    return unknown("review rules are a server setting: confirm branch protection requires an approving review")
