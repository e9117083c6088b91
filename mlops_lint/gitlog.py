"""Reading the git history: first-parent commits with the paths they changed, and tags.

One `git log` and one `git for-each-ref` for the whole history (a call per commit would cost
seconds on a big repository). Broken or partial clones keep what could be read, with a note.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Final

from mlops_lint.gitcmd import RepoError, git, git_failure, git_run

MAX_COMMITS: Final = 300
MAX_BODY: Final = 2000
LOG_FORMAT: Final = "%x1e%H%x1f%P%x1f%ct%x1f%an%x1f%s%x1f%b%x1f"
TAG_FORMAT: Final = (
    "%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(committerdate:unix)"
    "%00%(*objecttype)%00%(*objectname)%00%(*committerdate:unix)"
)


@dataclasses.dataclass(frozen=True, slots=True)
class CommitInfo:
    """One commit of the history, as much as detectors need."""

    sha: str
    subject: str
    timestamp: int
    parents: int
    paths: tuple[str, ...] = ()  # changed paths (vs the first parent); never listed for the root commit
    author: str = ""
    body: str = ""  # the message after the subject, capped (PR trailers such as "See merge request")


@dataclasses.dataclass(frozen=True, slots=True)
class TagInfo:
    """A git tag and the date of the commit it points at (0 when the objects cannot be read)."""

    name: str
    sha: str
    timestamp: int


@dataclasses.dataclass(frozen=True, slots=True)
class History:
    """The recent first-parent history of HEAD, its tags, and whether the clone is shallow.

    `paths_until`: only `commits[:paths_until]` have their changed paths (a broken or partial
    clone lacks older trees); None means all of them. `reached_root`: the read went back to the
    first commit, so a tracked file no listed commit touched was added by the root commit.
    """

    commits: tuple[CommitInfo, ...]
    tags: tuple[TagInfo, ...]
    shallow: bool
    paths_until: int | None = None
    reached_root: bool = False


def read_history(root: Path, revision: str, max_count: int) -> tuple[History, str | None]:
    """Read the history with plain git (no gitpython: its import alone costs 0.2 s)."""
    shallow = git(root, "rev-parse", "--is-shallow-repository", check=False).strip() == "true"
    commits, paths_until, problem = _commits(root, revision, max_count)
    tags, tag_problem = _tags(root)
    reached_root = not shallow and bool(commits) and commits[-1].parents == 0
    history = History(commits, tags, shallow, paths_until, reached_root)
    return history, "; ".join(p for p in (problem, tag_problem) if p) or None


def _commits(root: Path, revision: str, max_count: int) -> tuple[tuple[CommitInfo, ...], int | None, str | None]:
    # One `git log` for the whole history: a call per commit would cost seconds on big repos. The
    # root commit's file list is skipped (`log.showRoot=false`): it lists every file of the first
    # import, 100,000 names on a monorepo, and "added in the root commit" follows from the rest.
    log = ("log", revision, f"--max-count={max_count}", "--first-parent", "--format=" + LOG_FORMAT, "-z")
    paths = ("--diff-merges=first-parent", "--no-renames", "--relative", "--name-only")
    if _partial_clone(root):
        commits = _parse_log(git(root, *log))
        return commits, 0, "partial clone: changed paths were not read (that could download objects)"
    done = git_run(root, "-c", "log.showRoot=false", *log, *paths)
    if done.returncode == 0:
        return _parse_log(done.stdout.decode("utf-8", errors="surrogateescape")), None, None
    # A broken or partial clone lacks some old tree: keep the paths read before it, subjects for all.
    failure = git_failure(log, done)
    text = done.stdout.decode("utf-8", errors="surrogateescape")
    partial = _parse_log(text) if text.endswith("\0") else _parse_log(text)[:-1]  # a cut last record
    try:
        commits = _parse_log(git(root, *log))
    except RepoError as exc:
        msg = f"cannot read the git history: {exc}"
        raise RepoError(msg) from exc
    known = {c.sha: c.paths for c in partial}
    until = next((i for i, c in enumerate(commits) if c.sha not in known), len(commits))
    merged = tuple(dataclasses.replace(c, paths=known.get(c.sha, ())) for c in commits)
    return merged, until, f"changed paths read for the latest {until} commit(s) only ({failure})"


def _parse_log(out: str) -> tuple[CommitInfo, ...]:
    commits = []
    for record in out.split("\x1e")[1:]:
        header, _, names = record.rpartition("\x1f")
        sha, parents, stamp, author, message = [*header.split("\x1f", 4), "", "", "", ""][:5]
        subject, _, body = message.partition("\x1f")
        paths = [n for n in names.split("\0") if n.strip("\n")]
        paths = [p.removeprefix("\n") for p in paths]
        stamp_int = int(stamp) if stamp.isdigit() else 0
        commits.append(CommitInfo(sha, subject, stamp_int, len(parents.split()), tuple(paths), author, body[:MAX_BODY]))
    return tuple(commits)


def _partial_clone(root: Path) -> bool:
    """A partial clone that may lack trees: reading changed paths could fetch them (git < 2.44)."""
    config = git(root, "config", "--get-regexp", r"^(extensions\.partialclone|remote\..*\.partialclonefilter)$",
                  check=False)  # fmt: skip
    filters = [line.split(" ", 1)[-1] for line in config.splitlines() if "partialclonefilter" in line.lower()]
    return bool(config.strip()) and not (filters and all(f.startswith("blob:") for f in filters))


def _tags(root: Path) -> tuple[tuple[TagInfo, ...], str | None]:
    done = git_run(root, "for-each-ref", "refs/tags", "--format=" + TAG_FORMAT)
    if done.returncode != 0:  # an unreadable tag object: keep the names, without dates
        names = git(root, "for-each-ref", "refs/tags", "--format=%(refname:strip=2)%00%(objectname)", check=False)
        pairs = (line.partition("\0") for line in names.splitlines())
        undated = tuple(TagInfo(name, sha, 0) for name, _, sha in pairs if sha)
        return undated, f"tag dates unavailable ({git_failure(('for-each-ref',), done)})"
    tags = []
    for line in done.stdout.decode("utf-8", errors="surrogateescape").splitlines():
        name, kind, sha, stamp, peeled_kind, peeled_sha, peeled_stamp = [*line.split("\0"), *[""] * 7][:7]
        if kind == "tag":  # annotated: the commit it points at
            kind, sha, stamp = peeled_kind, peeled_sha, peeled_stamp
        if kind == "commit":  # tags of trees and blobs (and of other tags) are not releases
            tags.append(TagInfo(name, sha, int(stamp) if stamp.isdigit() else 0))
    return tuple(tags), None
