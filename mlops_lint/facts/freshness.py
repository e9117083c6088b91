"""Whether a document is kept up to date: its last commit against the code activity since.

Criteria 1, 2, 3 and 8 ask for documentation that is *kept current*. A document's last change is
read from the git history (facts/history.py) and compared with the commits that changed the code
it describes after it: the whole repository's code for a README or a docs folder, the folder's
code for a README in a sub-project. Dates come from the commits (the last change and HEAD), never
from the clock, so one commit always gets the same answer.

A document is stale when at least `STALE_COMMITS` code commits and `STALE_DAYS` days separate it
from HEAD. Staleness never makes a "no": the practice exists, but a person should confirm it is
current, so the answer becomes unknown with the dates and the count. A shallow clone or a folder
without git cannot tell; the answer stays yes and says freshness was not checked.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterable
from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.docs import DOC_DIRS
from mlops_lint.facts.files import is_test_path
from mlops_lint.facts.history import BOT_AUTHOR, BOT_SUBJECT, GitHistory, git_history
from mlops_lint.gitlog import CommitInfo
from mlops_lint.model import Answer, Evidence, unknown, yes

STALE_COMMITS: Final = 30
STALE_DAYS: Final = 180
CODE_EXTS: Final = frozenset(
    {"py", "ipynb", "r", "scala", "sql", "java", "kt", "go", "rs", "ts", "js", "sh", "tf", "bicep", "yaml", "yml",
     "toml", "cfg", "dockerfile", "jl", "cpp", "c", "h", "cs"}
)  # fmt: skip


@dataclasses.dataclass(frozen=True, slots=True)
class Freshness:
    """How current a document is: None fields mean the history cannot tell."""

    path: str
    checked: bool
    changed: int | None = None  # commit time of the document's last change
    head: int | None = None  # commit time of HEAD
    code_commits: int = 0  # code commits after the document's last change
    older_than_history: bool = False  # no commit read changed it: it is older than all of them
    why_unchecked: str = ""

    @property
    def stale(self) -> bool:
        """Many code commits and a long time since the document last changed."""
        if not self.checked or self.head is None or self.changed is None:
            return False
        return self.code_commits >= STALE_COMMITS and self.head - self.changed >= STALE_DAYS * 86400

    def describe(self) -> str:
        """A short account, e.g. `last changed 2024-01-05, 42 code commits since, up to 2024-09-30`."""
        if not self.checked:
            return f"freshness not checked ({self.why_unchecked})"
        since = "before " if self.older_than_history else ""
        plural = "" if self.code_commits == 1 else "s"
        return (
            f"last changed {since}{_date(self.changed)}, {self.code_commits} code commit{plural} since, "
            f"up to {_date(self.head)}"
        )


@dataclasses.dataclass(frozen=True, slots=True)
class DocActivity:
    """The history, ready to date documents (a fact: detectors call `of`)."""

    history: GitHistory

    def of(self, path: str) -> Freshness:
        """The freshness of one tracked document (or folder, with a trailing `/`)."""
        history = self.history
        if not history.available or not history.commits:
            return Freshness(path, checked=False, why_unchecked="no git history")
        scope = _scope(path)
        head = history.head_timestamp
        code = 0
        for commit in history.with_paths:
            if _touches(commit, path):
                return Freshness(path, checked=True, changed=commit.timestamp, head=head, code_commits=code)
            if _is_code_commit(commit, scope):
                code += 1
        if history.reached_root and history.paths_until is None:  # it came with the root commit
            return Freshness(path, checked=True, changed=history.commits[-1].timestamp, head=head, code_commits=code)
        if history.shallow:
            return Freshness(path, checked=False, why_unchecked="shallow clone: its last change is not in the history")
        oldest = history.with_paths[-1].timestamp if history.with_paths else None
        return Freshness(path, checked=True, changed=oldest, head=head, code_commits=code, older_than_history=True)


def doc_activity(ctx: Context) -> DocActivity:
    """The git history, for dating documents."""
    return DocActivity(ctx.get(git_history))


def freshest(ctx: Context, paths: Iterable[str]) -> Freshness | None:
    """The most recently maintained of several documents (a fresh one wins over stale ones)."""
    activity = ctx.get(doc_activity)
    found = [activity.of(p) for p in dict.fromkeys(paths)]
    if not found:
        return None
    return min(found, key=lambda f: (f.stale, not f.checked, f.code_commits))


def kept_current(ctx: Context, reason: str, evidence: tuple[Evidence, ...]) -> Answer:
    """Yes for documentation that exists, unless its history shows it was left behind by the code."""
    fresh = freshest(ctx, (e.path for e in evidence))
    if fresh is None:
        return yes(reason, *evidence)
    if fresh.stale:
        return unknown(
            f"{reason}, but it may be out of date: {fresh.path} {fresh.describe()}; confirm it is current",
            *evidence,
        )
    return yes(f"{reason}; {fresh.describe()}", *evidence)


def _touches(commit: CommitInfo, path: str) -> bool:
    if path.endswith("/"):
        return any(p.startswith(path) for p in commit.paths)
    return path in commit.paths


def _scope(path: str) -> str:
    """The code a document describes: its sub-project's folder, or the whole repository."""
    folders = path.rstrip("/").split("/")[:-1]
    if not folders or DOC_DIRS.intersection(f.lower() for f in folders):
        return ""
    return "/".join(folders) + "/"


def _is_code_commit(commit: CommitInfo, scope: str) -> bool:
    if BOT_SUBJECT.search(commit.subject) or BOT_AUTHOR.search(commit.author):
        return False
    return any(p.startswith(scope) and _is_code(p) for p in commit.paths)


def _is_code(path: str) -> bool:
    name = path.rpartition("/")[2].lower()
    ext = name.rpartition(".")[2] if "." in name else name
    if ext not in CODE_EXTS or is_test_path(path):
        return False
    return not DOC_DIRS.intersection(path.lower().split("/")[:-1])


def _date(timestamp: int | None) -> str:
    if timestamp is None:
        return "?"
    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.timezone.utc).date().isoformat()
