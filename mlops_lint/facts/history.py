"""What the git history says: pull-request merges on the default branch, tags, who changed what when.

Pull requests leave marks on the first-parent history: merge commits (GitHub and Bitbucket
"Merge pull request #12 ...", GitLab "Merge branch 'x' into 'main'" with "See merge request g/p!7",
Azure DevOps "Merged PR 12: ...", Bitbucket Cloud "... (pull request #12)", Gitea "Merge pull
request '...' (#12)"), squash merges whose subject ends in "(#12)", and review trailers (Gerrit
"Reviewed-on:", Phabricator "Differential Revision:"). A shallow clone hides most of the history,
so it is reported as such instead of being read as "no pull requests".

The history is read once, lazily, by `RepoSnapshot.history` (plain `git log`, no gitpython): the
first-parent commits of HEAD (at most 300) with the paths each changed, except the root commit,
whose file list can be a whole monorepo: a tracked file no later commit touched came with it.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.gitcmd import RepoError
from mlops_lint.gitlog import CommitInfo, TagInfo

PR_SUBJECT: Final = lazy_re.compile(
    r"^Merge pull request #\d+|\(#\d+\)\s*$|^Merge branch '[^']+' into '[^']+'|See merge request|"
    r"^Merged PR \d+|^Merge (?:pull request|PR) \d+|^Merge remote-tracking branch '[^']+/pr/|"
    r"\(pull request #\d+\)|^Pull request #\d+:|^Merge pull request '.*' \(#\d+\)",
    re.IGNORECASE,
)
PR_TRAILER: Final = lazy_re.compile(
    r"^(?:See merge request \S*!\d+|Reviewed-on: https?://|Differential Revision: https?://|"
    r"Pull Request resolved: https?://|PR-URL: https?://)",
    re.MULTILINE,
)
BOT_SUBJECT: Final = lazy_re.compile(
    r"\[bot\]|^chore\(deps\)|^Bump |^\[pre-commit\.ci\]|^pre-commit autoupdate", re.IGNORECASE
)
BOT_AUTHOR: Final = lazy_re.compile(r"\[bot\]|\bbot$", re.IGNORECASE)
RECENT: Final = 50
MIN_COMMITS: Final = 5
YEAR: Final = 365 * 24 * 3600


@dataclasses.dataclass(frozen=True, slots=True)
class GitHistory:
    """The recent first-parent commits of HEAD, which of them came from pull requests, and tags.

    `paths_until`: only `commits[:paths_until]` list their changed paths (None: all do), when a
    broken or partial clone lacks old trees. `reached_root`: the whole history was read.
    """

    available: bool
    shallow: bool
    commits: tuple[CommitInfo, ...]
    pr_commits: tuple[CommitInfo, ...]
    tags: tuple[TagInfo, ...]
    paths_until: int | None = None
    reached_root: bool = False
    _touched: dict[str, int] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @property
    def recent(self) -> tuple[CommitInfo, ...]:
        """The latest commits by people (bots' commits and dependency bumps left out): those of the
        year before HEAD when there are enough to judge (how changes arrive now, not years ago),
        else the last RECENT."""
        people = tuple(c for c in self.commits if not _by_bot(c))[:RECENT]
        if not people:
            return ()
        this_year = tuple(c for c in people if c.timestamp >= people[0].timestamp - YEAR)
        return this_year if len(this_year) >= MIN_COMMITS else people

    @property
    def pr_share(self) -> float | None:
        """The share of recent commits that arrived through pull requests (None: too little history).

        The root commit is left out: no pull request can create it.
        """
        recent = [c for c in self.recent if c.parents > 0]
        if len(self.recent) < MIN_COMMITS or not recent:
            return None
        return sum(1 for c in recent if is_pr_commit(c)) / len(recent)

    @property
    def head_timestamp(self) -> int | None:
        """When HEAD was committed: "kept up to date" checks compare with this, never with now."""
        return self.commits[0].timestamp if self.commits else None

    @property
    def with_paths(self) -> tuple[CommitInfo, ...]:
        """The commits whose changed paths are known (the root commit lists none)."""
        return self.commits if self.paths_until is None else self.commits[: self.paths_until]

    def touching(self, prefixes: tuple[str, ...]) -> tuple[CommitInfo, ...]:
        """Commits that changed a path starting with any of the prefixes, newest first."""
        return tuple(c for c in self.with_paths if any(p.startswith(prefixes) for p in c.paths))

    def last_touched(self, path: str) -> int | None:
        """When a tracked file last changed (commit time), or None when the history cannot tell.

        A file that no listed commit changed came with the root commit when the whole history was
        read; otherwise it is older than the history read (or the clone is shallow): None.
        """
        if not self._touched and self.commits:
            for commit in reversed(self.with_paths):  # oldest first, so newer commits overwrite
                self._touched.update(dict.fromkeys(commit.paths, commit.timestamp))
        if path in self._touched:
            return self._touched[path]
        if self.reached_root and self.paths_until is None:
            return self.commits[-1].timestamp
        return None


def is_pr_commit(commit: CommitInfo) -> bool:
    """Whether a first-parent commit is a pull-request merge (merge commit, squash or review trailer)."""
    return bool(PR_SUBJECT.search(commit.subject) or (commit.body and PR_TRAILER.search(commit.body)))


def _by_bot(commit: CommitInfo) -> bool:
    return bool(BOT_SUBJECT.search(commit.subject) or BOT_AUTHOR.search(commit.author))


def git_history(ctx: Context) -> GitHistory:
    """Read the history once (plain `git log`, only when a detector asks)."""
    try:
        history = ctx.repo.history()
    except RepoError as exc:
        ctx.repo.warn(".git", str(exc))
        history = None
    if history is None:
        return GitHistory(available=False, shallow=False, commits=(), pr_commits=(), tags=())
    prs = tuple(c for c in history.commits if is_pr_commit(c))
    return GitHistory(
        available=True,
        shallow=history.shallow,
        commits=history.commits,
        pr_commits=prs,
        tags=history.tags,
        paths_until=history.paths_until,
        reached_root=history.reached_root,
    )
