"""Q18 pull-requests-for-all-code: Every change to the ML project's code goes through a pull request

## How it is detected
Reads the recent first-parent history of HEAD (`facts/history.py`; dependency bots left out, and
the root commit too, which no pull request can create) and counts the commits that arrived as pull
request merges ("Merge pull request #N", squash subjects ending "(#N)", GitLab and Azure DevOps
merge subjects). A pull-request template is cited alongside.

## Answers
- YES: at least 70% of the recent commits are pull-request merges.
- NO: at most 30% are, and there is no pull-request template.
- UNKNOWN: no git history (plain folder), a shallow clone, too few commits, a share in between,
  or a low share with a pull-request template. Branch protection lives on the server: confirm it
  there.

## Limits
Pull requests merged by "rebase and merge" leave no trace in the history; with a pull-request
template such a workflow is likely, so a low share is then unknown rather than no.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.files import file_index
from mlops_lint.facts.history import MIN_COMMITS, git_history, is_pr_commit
from mlops_lint.gitlog import CommitInfo
from mlops_lint.model import Answer, Evidence, no, unknown, yes

CRITERION: Final = 18
YES_SHARE: Final = 0.7
NO_SHARE: Final = 0.3
PR_TEMPLATES: Final = ("pull_request_template.md", "merge_request_template.md")
TEMPLATE_DIRS: Final = (".github/PULL_REQUEST_TEMPLATE", ".gitlab/merge_request_templates")


def detect(ctx: Context) -> Answer:
    """Judge the share of recent default-branch commits that came from pull requests."""
    index = ctx.get(file_index)
    templates = [Evidence(p) for p in (*index.named(*PR_TEMPLATES), *index.under(*TEMPLATE_DIRS))][:1]
    history = ctx.get(git_history)
    if not history.available:
        return unknown("no git history to read (not a git work tree): confirm branch protection", *templates)
    if history.shallow:
        return unknown("the clone is shallow, so the history cannot show how changes arrive", *templates)
    if len(history.recent) < MIN_COMMITS:
        return unknown(f"only {len(history.recent)} commit(s) in the history: too few to judge", *templates)
    recent = [c for c in history.recent if c.parents > 0]
    merged = [c for c in recent if is_pr_commit(c)]
    share = f"{len(merged)} of the last {len(recent)} commits on this branch"
    cited = [_commit(c) for c in merged[:2]]
    if len(merged) >= YES_SHARE * len(recent):
        return yes(f"{share} arrived through pull requests", *cited, *templates)
    direct = [_commit(c) for c in recent if not is_pr_commit(c)][:2]
    if len(merged) <= NO_SHARE * len(recent) and not templates:
        return no(
            f"only {share} arrived through pull requests; the others were pushed directly (e.g. {direct[0].excerpt!r})",
            searched=("git log --first-parent HEAD", "pull-request templates"),
        )
    return unknown(f"{share} arrived through pull requests: confirm that branch protection requires them",
                   *cited, *direct, *templates)  # fmt: skip


def _commit(commit: CommitInfo) -> Evidence:
    return Evidence(".git", None, f"{commit.sha[:10]} {commit.subject}")
