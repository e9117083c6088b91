"""Q11 iac-pull-requests: Changes to the infrastructure code are made through pull requests

## How it is detected
For the infrastructure code of Q9, the first-parent history tells first: the recent commits
that changed IaC (the root commit left out) either arrived as pull-request merges or were
pushed directly. When the history does not settle it, a CI check of the IaC on pull requests
(validate, plan, lint, pre-commit with IaC hooks; path filters honoured) or an Atlantis
configuration shows a pull-request process.

## Answers
- YES: at least 3 in 4 recent IaC changes arrived through pull-request merges; or, with no
  decisive history, IaC is checked on pull requests or Atlantis is configured.
- NO: there is no IaC; or most recent IaC changes were pushed directly (3 or more with at most
  1 in 4 through pull requests, or no pull request merged at all in the recent history); or IaC
  never changed since it was added, no pull request was merged recently and no CI checks it on
  pull requests.
- UNKNOWN: a mixed or too short history, a shallow clone or no git history, or no IaC found
  but Q9 is unknown; CODEOWNERS entries on the IaC are given as hints.

## Limits
Rebase merges leave no pull-request mark in the history; protect the branch and confirm.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.codeowners import codeowners
from mlops_lint.facts.iac_pipelines import iac_history, iac_pipelines
from mlops_lint.facts.iac_scope import IacScope, iac_absence, iac_scope
from mlops_lint.gitlog import CommitInfo
from mlops_lint.model import Answer, Evidence, no, unknown, yes

CRITERION: Final = 11


def detect(ctx: Context) -> Answer:
    """Look for a pull-request process around the infrastructure code."""
    scope = ctx.get(iac_scope)
    if not scope.files:
        if (absence := ctx.get(iac_absence)) is not None:
            return unknown(f"no IaC found, but {absence.why}", *absence.evidence)
        return no("there is no infrastructure code, so no pull-request process for it", searched=("IaC (see Q9)",))
    pipelines, history = ctx.get(iac_pipelines), ctx.get(iac_history)
    commits, prs, direct = history.commits, history.via_pr, history.direct
    readable = history.available and not history.shallow
    searched = ("git history of the IaC", "CI checks of the IaC on pull requests", "atlantis.yaml")
    if readable and commits and len(prs) * 4 >= len(commits) * 3:
        return yes(f"{len(prs)} of the {len(commits)} recent IaC changes arrived through pull requests",
                   *(_cite(scope, c) for c in prs[:3]), *pipelines.pr_checks[:1])  # fmt: skip
    if readable and direct and ((len(commits) >= 3 and len(prs) * 4 <= len(commits)) or history.pr_share == 0):
        return no(f"{len(direct)} of the {len(commits)} recent IaC changes were pushed directly "
                  f"(e.g. {direct[0].sha[:7]} \"{direct[0].subject}\")", searched=searched)  # fmt: skip
    if pipelines.pr_checks:
        return yes("CI checks the infrastructure code on pull requests", *pipelines.pr_checks[:3])
    if atlantis := [e for e in pipelines.external if "atlantis" in e.path]:
        return yes("Atlantis plans and applies infrastructure changes from pull requests", *atlantis)
    if readable and not commits and history.pr_share == 0:
        return no("the IaC never changed since it was added, no pull request was merged in the recent history, "
                  "and no CI checks the IaC on pull requests", searched=searched)  # fmt: skip
    rules = ctx.get(codeowners)
    owners = tuple(rules.cite(r) for r in rules.covering(sorted(scope.paths))[:3])
    why = (
        "no git history" if not history.available else "a shallow clone" if history.shallow
        else "a mixed history" if commits else "too little history"
    )  # fmt: skip
    return unknown(f"{why}: confirm IaC changes go through pull requests (branch protection)", *owners, *(
        _cite(scope, c) for c in commits[:3]))  # fmt: skip


def _cite(scope: IacScope, commit: CommitInfo) -> Evidence:
    path = next((p for p in commit.paths if scope.covers(p)), commit.paths[0] if commit.paths else ".")
    return Evidence(path, None, f"commit {commit.sha[:7]}: {commit.subject}")
