"""Q10 iac-version-controlled: The infrastructure code is kept in version control

## How it is detected
Takes the infrastructure code of Q9 (`facts/iac_scope.py`) and checks that git tracks it: the
file index of a git work tree lists tracked files only, so untracked or ignored IaC is never
seen. A plain folder (no git) cannot show what is versioned.

## Answers
- YES: the IaC files are tracked by git; evidence points at a few of them.
- UNKNOWN: the folder is not a git work tree, or no IaC was found but Q9 is unknown (IaC in
  another repository, provisioning scripts, unread candidates).
- NO: there is no infrastructure code to keep in version control (Q9 is no).
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.files import file_index
from mlops_lint.facts.iac_scope import iac_absence, iac_scope
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 10


def detect(ctx: Context) -> Answer:
    """Check that the infrastructure code is tracked by git."""
    scope = ctx.get(iac_scope)
    if scope.files and not ctx.get(file_index).tracked:
        return unknown("IaC files exist, but this folder is not a git work tree", *scope.evidence())
    if scope.files:
        return yes(f"the {len(scope.files)} infrastructure code file(s) are tracked by git", *scope.evidence())
    if (absence := ctx.get(iac_absence)) is not None:
        return unknown(f"no IaC found, but {absence.why}", *absence.evidence)
    return no(
        "there is no infrastructure code in the repository to keep in version control",
        searched=("IaC files of every kind Q9 looks for",),
    )
