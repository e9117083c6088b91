"""Q34 code-review-approval: ML code changes need approval from other team members before merging

## How it is detected
Approval rules are a setting of the hosting platform, so the repository usually cannot show them.
It can when it declares them as code (`facts/review_rules.py`): the Probot settings app
(`.github/settings.yml`: branch protection with `required_pull_request_reviews`, rulesets with a
`pull_request` rule) or Terraform resources of the GitHub and GitLab providers
(`github_branch_protection`, `github_repository_ruleset`, `gitlab_project_approval_rule`...).
A CODEOWNERS file (`facts/codeowners.py`) requests reviewers automatically; it is a hint only.

## Answers
- YES: a declared rule requires at least one approving review (or a code owner's review).
- UNKNOWN: otherwise; the rules live on the server (check Settings > Branches or Rules on GitHub,
  merge request approvals on GitLab) and the hints found (declared rules without approvals,
  CODEOWNERS) are cited.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.codeowners import codeowners
from mlops_lint.facts.review_rules import review_rules
from mlops_lint.model import Answer, Evidence, unknown, yes

CRITERION: Final = 34


def detect(ctx: Context) -> Answer:
    """Yes only when the repository declares a rule that requires approvals."""
    rules = ctx.get(review_rules)
    if requiring := [r for r in rules if r.requires_review]:
        first = requiring[0]
        who = f"{first.approvals} approving review(s)" if first.approvals else "a code owner's review"
        cited = (Evidence(r.path, r.line, f"{r.target}: approvals {r.approvals}") for r in requiring[:3])
        return yes(f"{first.path} ({first.source}) requires {who} before merging into {first.target}", *cited)
    hints = [Evidence(r.path, r.line, f"{r.target}: no required approvals") for r in rules[:2]]
    owners = ctx.get(codeowners)
    if owners.path is not None and owners.rules:
        hints.append(owners.cite(owners.rules[0]))
    what = "CODEOWNERS requests reviewers, but " if owners.path and owners.rules else ""
    return unknown(f"{what}approval requirements live on the hosting platform: check branch protection or "
                   "rulesets there", *hints)  # fmt: skip
