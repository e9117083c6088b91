"""What the git history says: pull-request merges on the default branch, tags, shallow clones.

Pull requests leave two kinds of marks on the first-parent history: merge commits ("Merge pull
request #12 from ...", GitLab's "Merge branch 'x' into 'main'" with "See merge request !7") and
squash merges whose subject ends in "(#12)". A shallow clone hides most of the history, so it is
reported as such instead of being read as "no pull requests".
"""

from __future__ import annotations

import dataclasses
import re
from typing import Final

from mlops_lint.context import Context
from mlops_lint.repo import CommitInfo, RepoError, TagInfo

PR_SUBJECT: Final = re.compile(
    r"^Merge pull request #\d+|\(#\d+\)\s*$|^Merge branch '[^']+' into '[^']+'|See merge request|"
    r"^Merged PR \d+|^Merge (?:pull request|PR) \d+|^Merge remote-tracking branch '[^']+/pr/",
    re.IGNORECASE,
)
BOT_SUBJECT: Final = re.compile(
    r"\[bot\]|^chore\(deps\)|^Bump |^\[pre-commit\.ci\]|^pre-commit autoupdate", re.IGNORECASE
)
RECENT: Final = 50
MIN_COMMITS: Final = 5


@dataclasses.dataclass(frozen=True, slots=True)
class GitHistory:
    """The recent first-parent commits of HEAD, which of them came from pull requests, and tags."""

    available: bool
    shallow: bool
    commits: tuple[CommitInfo, ...]
    pr_commits: tuple[CommitInfo, ...]
    tags: tuple[TagInfo, ...]

    @property
    def recent(self) -> tuple[CommitInfo, ...]:
        """The latest commits by people (bots' dependency bumps left out)."""
        return tuple(c for c in self.commits if not BOT_SUBJECT.search(c.subject))[:RECENT]

    @property
    def pr_share(self) -> float | None:
        """The share of recent commits that arrived through pull requests (None: too little history)."""
        recent = self.recent
        if len(recent) < MIN_COMMITS:
            return None
        return sum(1 for c in recent if is_pr_commit(c)) / len(recent)

    def touching(self, prefixes: tuple[str, ...]) -> tuple[CommitInfo, ...]:
        """Commits that changed a path starting with any of the prefixes."""
        return tuple(c for c in self.commits if any(p.startswith(prefixes) for p in c.paths))


def is_pr_commit(commit: CommitInfo) -> bool:
    """Whether a first-parent commit is a pull-request merge (merge commit or squash)."""
    return bool(PR_SUBJECT.search(commit.subject))


def git_history(ctx: Context) -> GitHistory:
    """Read the history once (gitpython is imported only now)."""
    try:
        history = ctx.repo.history()
    except RepoError as exc:
        ctx.repo.warn(".git", str(exc))
        history = None
    if history is None:
        return GitHistory(available=False, shallow=False, commits=(), pr_commits=(), tags=())
    prs = tuple(c for c in history.commits if is_pr_commit(c))
    return GitHistory(
        available=True, shallow=history.shallow, commits=history.commits, pr_commits=prs, tags=history.tags
    )
