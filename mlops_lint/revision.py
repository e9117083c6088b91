"""The repository at a git revision, read from objects: what `--base` compares with.

No checkout and no temporary work tree: the user's files, index and HEAD stay untouched.
"""

from __future__ import annotations

import os
import subprocess
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Final

from mlops_lint.gitcmd import RepoError, git, git_env, git_start
from mlops_lint.repo import RepoSnapshot, submodules

STATUS: Final = ("status", "--porcelain", "-z", "--untracked-files=no")


def worktree_changes(path: str | os.PathLike[str]) -> frozenset[str]:
    """Tracked paths (from the repository root) whose index or work-tree copy differs from HEAD."""
    return _changed(git(Path(path).resolve(), *STATUS))


def start_worktree_changes(path: str | os.PathLike[str]) -> Callable[[], frozenset[str]]:
    """`worktree_changes`, run in the background: git stats every tracked file (most of a
    second in a 100,000-file repository), which can happen while the head is assessed."""
    finish = git_start(Path(path).resolve(), *STATUS)
    return lambda: _changed(finish())


def _changed(status: str) -> frozenset[str]:
    entries = status.split("\0")
    changed: set[str] = set()
    skip = False
    for entry in entries:
        if skip or len(entry) < 4:  # the second name of a rename, or the empty tail
            skip = False
            continue
        changed.add(entry[3:])
        skip = entry[0] in "RC"
    return frozenset(changed)


def head_state(path: str | os.PathLike[str], changes: frozenset[str] | None = None) -> tuple[str | None, bool]:
    """HEAD's sha (None without commits) and whether tracked files differ from it."""
    root = Path(path).resolve()
    sha = git(root, "rev-parse", "--verify", "-q", "HEAD", check=False).strip() or None
    return sha, bool(worktree_changes(root) if changes is None else changes)


class RevisionSnapshot(RepoSnapshot):
    """The repository as it was at a revision, read straight from git objects.

    No checkout and no temporary work tree: the user's files, index and HEAD are untouched.
    The file list is the index's, corrected by two tree diffs (index vs HEAD, HEAD vs the
    revision): a diff only walks the trees that differ, where listing a 100,000-file tree
    costs seconds. A file that is the same at the revision, at HEAD and in the work tree is
    read from disk (most files, between a PR and its base); the others are read as
    `<sha>:<path>` through one `git cat-file --batch`.
    """

    def __init__(self, root: Path, files: tuple[str, ...], *, git_dir: Path, revision: str, prefix: str) -> None:
        super().__init__(root, files, git_dir=git_dir, revision=revision)
        self._present = frozenset(files)
        self._prefix = prefix
        self._cat: subprocess.Popen[bytes] | None = None
        self._differs: frozenset[str] | None = None  # full paths whose disk copy is not the revision's

    @classmethod
    def at(cls, path: str | os.PathLike[str], rev: str, *, changes: frozenset[str] | None = None) -> RevisionSnapshot:
        """The repository at `path` as of revision `rev` (a sha, branch, tag or `HEAD~1`).

        `changes` (from `worktree_changes`) lets unchanged files be read from disk.
        """
        root = Path(path).resolve()
        if not root.is_dir():
            msg = f"{path}: {'not a directory' if root.exists() else 'does not exist'}"
            raise RepoError(msg)
        where = git(root, "rev-parse", "--absolute-git-dir", "--show-toplevel", "--show-prefix", check=False)
        lines = where.split("\n")
        if len(lines) < 3 or not lines[0]:
            msg = f"{path}: not a git repository, so there is no revision {rev!r} to compare with"
            raise RepoError(msg)
        git_dir, toplevel, prefix = Path(lines[0]), lines[1], lines[2]
        sha = git(root, "rev-parse", "--verify", "-q", f"{rev}^{{commit}}", check=False).strip()
        if not sha:
            raise RepoError(_missing_revision(git_dir, rev))
        files = set(git(root, "ls-files", "-z", "--full-name", ":/").split("\0")) - {""}
        differs: frozenset[str] | None = None
        if git(root, "rev-parse", "--verify", "-q", "HEAD", check=False).strip():
            _apply_diff(files, git(root, "diff", "--cached", "--name-status", "--no-renames", "-z", "HEAD"))
            since = git(root, "diff", "--name-status", "--no-renames", "-z", sha, "HEAD")
            _apply_diff(files, since)
            if changes is not None:
                differs = changes | frozenset(since.split("\0")[1::2])
        else:
            files = set(git(root, "ls-tree", "-r", "-z", "--name-only", "--full-tree", sha).split("\0")) - {""}
        files -= submodules(toplevel, "")
        kept = sorted(f[len(prefix) :] for f in files if f.startswith(prefix))
        snapshot = cls(root, tuple(kept), git_dir=git_dir, revision=sha, prefix=prefix)
        snapshot._differs = differs
        return snapshot

    def exists(self, path: str) -> bool:
        """Whether the file is in the revision's tree."""
        return path in self._present

    def close(self) -> None:
        """Stop the cat-file process (also done when the snapshot is collected)."""
        if self._cat is not None:
            _stop(self._cat)
            self._cat = None

    def _load(self, path: str, limit: int) -> str | None:
        if path not in self._present:
            return None
        if self._differs is not None and f"{self._prefix}{path}" not in self._differs:
            return super()._load(path, limit)  # the same bytes as at the revision
        data = self._read_blob(f"{self.revision}:{self._prefix}{path}")
        if data is not None and len(data) > limit:
            self._oversized.add(path)
            self.warn(path, f"larger than {limit // 1024} KiB: not read")
            return None
        if data is None or b"\x00" in data[:8192]:
            if data is not None:
                self.warn(path, "binary content: not read")
            return None
        return data.decode("utf-8", errors="replace")

    def _read_blob(self, name: str) -> bytes | None:
        if "\n" in name:
            return None
        if self._cat is None:
            self._cat = subprocess.Popen(
                ["git", "-C", str(self.root), "cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=git_env(),
            )
            weakref.finalize(self, _stop, self._cat)
        assert self._cat.stdin is not None
        assert self._cat.stdout is not None
        self._cat.stdin.write(f"{name}\n".encode())
        self._cat.stdin.flush()
        header = self._cat.stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            return None  # "missing", or a submodule/tree at that path
        data = self._cat.stdout.read(int(header[2]))
        self._cat.stdout.read(1)
        return data


def _apply_diff(files: set[str], diff: str) -> None:
    """Undo a `--name-status -z` diff from NEW back to OLD on a set of paths."""
    fields = diff.split("\0")
    for status, name in zip(fields[0::2], fields[1::2], strict=False):
        if status.startswith("A"):
            files.discard(name)
        elif status.startswith("D"):
            files.add(name)


def _missing_revision(git_dir: Path, rev: str) -> str:
    if (git_dir / "shallow").exists():
        return (
            f"revision {rev!r} is not in this shallow clone; fetch it first: git fetch --no-tags --depth=1 origin {rev}"
        )
    return f"unknown revision {rev!r} (not a commit in this repository)"


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End a background git process and close its pipes (idempotent)."""
    if process.poll() is None:
        process.kill()
        process.wait()
    for pipe in (process.stdin, process.stdout, process.stderr):
        if pipe is not None:
            pipe.close()
