"""RepoSnapshot: the files of the repository under assessment, and nothing but I/O.

This is the only module that reads the scanned repository's work tree (git runs through
`gitcmd`). Every file is treated as hostile: sizes are capped, binary files are
skipped, symlinks that leave the repository are never followed, and each file is read at
most once.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from mlops_lint.gitcmd import RepoError, git, git_start
from mlops_lint.gitlog import MAX_COMMITS, History, read_history
from mlops_lint.model import Warning

if TYPE_CHECKING:
    import pathspec

MAX_FILE_BYTES: Final = 2 * 1024 * 1024
SKIPPED_DIRS: Final = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__"})
_READ: Final = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_NO_FOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)


class RepoSnapshot:
    """The tracked files of a repository (or all non-ignored files of a plain folder)."""

    def __init__(
        self,
        root: Path,
        files: tuple[str, ...],
        *,
        git_dir: Path | None = None,
        revision: str | None = None,
        notes: tuple[str, ...] = (),
    ) -> None:
        self.root = root
        self.files = files
        self.git_dir = git_dir
        self.revision = revision
        self.notes = notes
        self.warnings: list[Warning] = []
        self._texts: dict[str, str | None] = {}
        self._refused: dict[str, int] = {}  # files refused as too large, with the largest limit tried
        self._oversized: set[str] = set()
        self._root_text = str(root)
        self._folders: dict[str, bool] = {}
        self._history: History | None = None
        self._commit_date: str | None = None

    @property
    def is_git(self) -> bool:
        """Whether files come from git (so "tracked" means something)."""
        return self.git_dir is not None

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> RepoSnapshot:
        """List the repository at `path`: tracked files in a git work tree, else a plain walk."""
        return cls.opening(path)()

    @classmethod
    def opening(cls, path: str | os.PathLike[str]) -> Callable[[], RepoSnapshot]:
        """Start listing the repository at `path`; the function returned finishes and gives the snapshot.

        git reads the index in a process of its own (a tenth of a second for 100,000 files), so
        the caller can do something else meanwhile, such as loading the detectors. A path that
        is no repository fails here; a git failure while listing, when the function is called.
        """
        root = Path(path).resolve()
        if not root.is_dir():
            msg = f"{path}: {'not a directory' if root.exists() else 'does not exist'}"
            raise RepoError(msg)
        if shutil.which("git") is None:
            walked = cls(root, _walk(root), notes=("git is not installed: files were listed from the folder",))
            return lambda: walked
        where = git(root, "rev-parse", "--is-inside-work-tree", "--absolute-git-dir", "--show-toplevel",
                     "--show-prefix", check=False).split("\n")  # fmt: skip
        if where[0].strip() != "true" or len(where) < 4:
            walked = cls(root, _walk(root), notes=("not a git work tree: history-based checks are unavailable",))
            return lambda: walked
        git_dir, toplevel, prefix = Path(where[1]), where[2], where[3]
        head = git_start(root, "rev-parse", "--verify", "-q", "HEAD")
        # At the top level everything is listed; a "." pathspec costs a third more on a big index.
        listing = git_start(root, "ls-files", "-z", *(("--full-name", ".") if prefix else ()))

        def finish() -> RepoSnapshot:
            files = _parse_ls_files(listing(), prefix, submodules(toplevel, prefix))
            try:
                revision = head().strip() or None
            except RepoError:  # no commit yet
                revision = None
            notes: tuple[str, ...] = ()
            if not files and revision is not None and any(e.name != ".git" for e in os.scandir(root)):
                # Files on disk, a commit, and nothing tracked: an index lost or never written (a
                # failed checkout), or everything removed with `git rm --cached`.
                missing = "git tracks no file here although the folder holds files and HEAD has commits"
                notes = (f"{missing}: is the index missing (`git reset` rebuilds it from HEAD)?",)
            return cls(root, files, git_dir=git_dir, revision=revision, notes=notes)

        return finish

    def read_text(self, path: str, *, limit: int = MAX_FILE_BYTES) -> str | None:
        """The text of a listed file, or None when it is missing, binary, larger than `limit` or unsafe.

        Each file is read once; the answer for a given limit never depends on which fact asked
        first with another limit.
        """
        if path in self._texts:
            text = self._texts[path]
            return None if text is not None and len(text) > limit else text
        if self._refused.get(path, -1) >= limit:
            return None
        text = self._load(path, limit)
        if text is None and path in self._oversized:
            self._refused[path] = limit
        else:
            self._texts[path] = text
        return text

    def commit_date(self) -> str | None:
        """The committer date (YYYY-MM-DD) of the assessed commit; None outside git."""
        if self.git_dir is None or self.revision is None:
            return None
        if self._commit_date is None:
            out = git(self.root, "log", "-1", "--format=%cs", self.revision, check=False).strip()
            self._commit_date = out or ""
        return self._commit_date or None

    @staticmethod
    def parents(path: str | os.PathLike[str], sha: str) -> tuple[str, ...]:
        """The parent shas of a commit."""
        out = git(Path(path).resolve(), "rev-list", "--parents", "-n", "1", sha)
        return tuple(out.split()[1:])

    def exists(self, path: str) -> bool:
        """Whether a file is there (tracked or not): config files count even before a commit."""
        full = self.root / path
        return full.is_file() and _inside(full.resolve(), self.root)

    def warn(self, path: str, message: str) -> None:
        """Record a per-file problem to show in the report (never fatal)."""
        self.warnings.append(Warning(path, message))

    def history(self, max_count: int = MAX_COMMITS) -> History | None:
        """First-parent history of HEAD with changed paths, and tags; None outside git."""
        if self.git_dir is None or self.revision is None:
            return None
        if self._history is None:
            self._history, problem = read_history(self.root, self.revision, max_count)
            if problem:
                self.warn(".git", problem)
        return self._history

    def _load(self, path: str, limit: int) -> str | None:
        full = os.path.join(self._root_text, path)
        try:
            if not self._safe_folder(os.path.dirname(full)):
                self.warn(path, "inside a symlinked folder that leaves the repository: not read")
                return None
            fd = self._open(path, full)
            if fd is None:
                return None
            try:
                info = os.fstat(fd)
                if not stat.S_ISREG(info.st_mode):
                    return None
                if info.st_size > limit:
                    self._oversized.add(path)
                    self.warn(path, f"larger than {limit // 1024} KiB: not read")
                    return None
                data = os.read(fd, info.st_size)  # one call for a regular file; more only if it is cut short
                while len(data) < info.st_size and (more := os.read(fd, info.st_size - len(data))):
                    data += more
            finally:
                os.close(fd)
        except (OSError, RuntimeError, ValueError):
            return None
        if b"\x00" in data[:8192]:
            self.warn(path, "binary content: not read")
            return None
        return data.decode("utf-8", errors="replace")

    def _open(self, path: str, full: str) -> int | None:
        """A descriptor for reading the file, never through a symlink that leaves the repository.

        Opened without following a final symlink (one system call where a check and an open
        took two); a symlink is then followed only when it points inside. Non-blocking, so a
        named pipe cannot hang the run (it is no regular file and is not read).
        """
        if _NO_FOLLOW:
            try:
                return os.open(full, _READ | _NO_FOLLOW)
            except OSError as exc:
                if exc.errno not in {errno.ELOOP, errno.EMLINK}:  # EMLINK: the BSDs' answer
                    raise
        elif not os.path.islink(full):  # no O_NOFOLLOW (Windows): look first
            return os.open(full, _READ)
        if not _inside(Path(os.path.realpath(full)), self.root):
            self.warn(path, "symlink points outside the repository: not read")
            return None
        return os.open(full, _READ)

    def _safe_folder(self, folder: str) -> bool:
        """Whether no folder between the root and `folder` is a symlink (one lstat per folder)."""
        if len(folder) <= len(self._root_text):
            return True
        safe = self._folders.get(folder)
        if safe is None:
            safe = self._safe_folder(os.path.dirname(folder)) and not os.path.islink(folder)
            self._folders[folder] = safe
        return safe


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _parse_ls_files(listing: str, prefix: str, submodules: frozenset[str]) -> tuple[str, ...]:
    files = listing.split("\0")
    if files and not files[-1]:
        files.pop()
    if prefix:
        files = [f[len(prefix) :] for f in files if f.startswith(prefix)]
    if submodules:  # their files live in other repositories
        files = [f for f in files if f not in submodules]
    return tuple(files)  # git lists paths sorted


def submodules(git_toplevel: str, prefix: str) -> frozenset[str]:
    gitmodules = Path(git_toplevel) / ".gitmodules"
    try:
        text = gitmodules.read_text(encoding="utf-8", errors="replace")[:MAX_FILE_BYTES]
    except OSError:
        return frozenset()
    paths = (line.split("=", 1)[1].strip() for line in text.splitlines() if line.strip().startswith("path"))
    return frozenset(p[len(prefix) :] if prefix and p.startswith(prefix) else p for p in paths)


def _walk(root: Path) -> tuple[str, ...]:

    specs: list[tuple[str, pathspec.PathSpec[Any]]] = []
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        rel = os.path.relpath(dirpath, root).replace(os.sep, "/")
        rel = "" if rel == "." else rel + "/"
        if ".gitignore" in filenames:
            spec = _ignore_spec(Path(dirpath) / ".gitignore")
            if spec is not None:
                specs.append((rel, spec))
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not _ignored(specs, f"{rel}{d}/"))
        found.extend(f"{rel}{f}" for f in filenames if not _ignored(specs, f"{rel}{f}"))
    return tuple(sorted(found))


def _ignore_spec(path: Path) -> pathspec.PathSpec[Any] | None:
    import pathspec  # noqa: PLC0415

    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _ignored(specs: list[tuple[str, pathspec.PathSpec[Any]]], rel: str) -> bool:
    return any(rel.startswith(base) and spec.match_file(rel[len(base) :]) for base, spec in specs)
