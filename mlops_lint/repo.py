"""RepoSnapshot: the files of the repository under assessment, and nothing but I/O.

This is the only module that runs git, and the only one that reads the
scanned repository. Every file is treated as hostile: sizes are capped, binary files are
skipped, symlinks that leave the repository are never followed, and each file is read at
most once.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import stat
import subprocess
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from mlops_lint.model import Warning

if TYPE_CHECKING:
    import pathspec

MAX_FILE_BYTES: Final = 2 * 1024 * 1024
GIT_TIMEOUT: Final = 60
MAX_COMMITS: Final = 300
MAX_BODY: Final = 2000
LOG_FORMAT: Final = "%x1e%H%x1f%P%x1f%ct%x1f%an%x1f%s%x1f%b%x1f"
TAG_FORMAT: Final = (
    "%(refname:strip=2)%00%(objecttype)%00%(objectname)%00%(committerdate:unix)"
    "%00%(*objecttype)%00%(*objectname)%00%(*committerdate:unix)"
)
SKIPPED_DIRS: Final = frozenset({".git", ".hg", ".svn", "node_modules", "__pycache__"})


class RepoError(Exception):
    """The repository cannot be assessed at all (missing path, git failure...)."""


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
        root = Path(path).resolve()
        if not root.is_dir():
            msg = f"{path}: {'not a directory' if root.exists() else 'does not exist'}"
            raise RepoError(msg)
        if shutil.which("git") is None:
            return cls(root, _walk(root), notes=("git is not installed: files were listed from the folder",))
        where = _git(root, "rev-parse", "--is-inside-work-tree", "--absolute-git-dir", "--show-toplevel",
                     "--show-prefix", check=False).split("\n")  # fmt: skip
        if where[0].strip() != "true" or len(where) < 4:
            return cls(root, _walk(root), notes=("not a git work tree: history-based checks are unavailable",))
        git_dir, toplevel, prefix = Path(where[1]), where[2], where[3]
        listing = _git(root, "ls-files", "-z", "--full-name", ".")
        revision = _git(root, "rev-parse", "--verify", "-q", "HEAD", check=False).strip() or None
        files = _parse_ls_files(listing, prefix, _submodules(toplevel, prefix))
        return cls(root, files, git_dir=git_dir, revision=revision)

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
            out = _git(self.root, "log", "-1", "--format=%cs", self.revision, check=False).strip()
            self._commit_date = out or ""
        return self._commit_date or None

    @staticmethod
    def parents(path: str | os.PathLike[str], sha: str) -> tuple[str, ...]:
        """The parent shas of a commit."""
        out = _git(Path(path).resolve(), "rev-list", "--parents", "-n", "1", sha)
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
            self._history, problem = _read_history(self.root, self.revision, max_count)
            if problem:
                self.warn(".git", problem)
        return self._history

    def _load(self, path: str, limit: int) -> str | None:
        full = os.path.join(self._root_text, path)
        try:
            if not self._safe_folder(os.path.dirname(full)):
                self.warn(path, "inside a symlinked folder that leaves the repository: not read")
                return None
            info = os.lstat(full)
            if stat.S_ISLNK(info.st_mode):
                if not _inside(Path(os.path.realpath(full)), self.root):
                    self.warn(path, "symlink points outside the repository: not read")
                    return None
                info = os.stat(full)
            if not stat.S_ISREG(info.st_mode):
                return None
            if info.st_size > limit:
                self._oversized.add(path)
                self.warn(path, f"larger than {limit // 1024} KiB: not read")
                return None
            with open(full, "rb") as handle:
                data = handle.read(limit + 1)
        except (OSError, RuntimeError, ValueError):
            return None
        if b"\x00" in data[:8192]:
            self.warn(path, "binary content: not read")
            return None
        return data.decode("utf-8", errors="replace")

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


def _git(root: Path, *args: str, check: bool = True) -> str:
    done = _git_run(root, *args)
    if check and done.returncode != 0:
        raise RepoError(_git_failure(args, done))
    return done.stdout.decode("utf-8", errors="surrogateescape")


def _git_run(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT,
            env=_git_env(),
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        msg = f"git {_subcommand(args)} failed: {exc}"
        raise RepoError(msg) from exc


def _git_failure(args: tuple[str, ...], done: subprocess.CompletedProcess[bytes]) -> str:
    detail = done.stderr.decode(errors="replace").strip().splitlines()
    return f"git {_subcommand(args)} failed: {detail[-1] if detail else 'exit ' + str(done.returncode)}"


def _subcommand(args: tuple[str, ...]) -> str:
    return next((a for i, a in enumerate(args) if not a.startswith("-") and (i == 0 or args[i - 1] != "-c")), "")


def _git_env() -> dict[str, str]:
    # Never let a scanned repository's config run programs (fsmonitor, pagers) on our behalf.
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    env["GIT_NO_LAZY_FETCH"] = "1"  # a partial clone must not download missing objects (git >= 2.44)
    env["GIT_CONFIG_COUNT"] = "2"
    env.update(GIT_CONFIG_KEY_0="core.fsmonitor", GIT_CONFIG_VALUE_0="false")
    env.update(GIT_CONFIG_KEY_1="core.quotepath", GIT_CONFIG_VALUE_1="false")
    return env


def _parse_ls_files(listing: str, prefix: str, submodules: frozenset[str]) -> tuple[str, ...]:
    files = listing.split("\0")
    if files and not files[-1]:
        files.pop()
    if prefix:
        files = [f[len(prefix) :] for f in files if f.startswith(prefix)]
    if submodules:  # their files live in other repositories
        files = [f for f in files if f not in submodules]
    return tuple(files)  # git lists paths sorted


def _submodules(git_toplevel: str, prefix: str) -> frozenset[str]:
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


def _read_history(root: Path, revision: str, max_count: int) -> tuple[History, str | None]:
    """Read the history with plain git (no gitpython: its import alone costs 0.2 s)."""
    shallow = _git(root, "rev-parse", "--is-shallow-repository", check=False).strip() == "true"
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
        commits = _parse_log(_git(root, *log))
        return commits, 0, "partial clone: changed paths were not read (that could download objects)"
    done = _git_run(root, "-c", "log.showRoot=false", *log, *paths)
    if done.returncode == 0:
        return _parse_log(done.stdout.decode("utf-8", errors="surrogateescape")), None, None
    # A broken or partial clone lacks some old tree: keep the paths read before it, subjects for all.
    failure = _git_failure(log, done)
    text = done.stdout.decode("utf-8", errors="surrogateescape")
    partial = _parse_log(text) if text.endswith("\0") else _parse_log(text)[:-1]  # a cut last record
    try:
        commits = _parse_log(_git(root, *log))
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
    config = _git(root, "config", "--get-regexp", r"^(extensions\.partialclone|remote\..*\.partialclonefilter)$",
                  check=False)  # fmt: skip
    filters = [line.split(" ", 1)[-1] for line in config.splitlines() if "partialclonefilter" in line.lower()]
    return bool(config.strip()) and not (filters and all(f.startswith("blob:") for f in filters))


def _tags(root: Path) -> tuple[tuple[TagInfo, ...], str | None]:
    done = _git_run(root, "for-each-ref", "refs/tags", "--format=" + TAG_FORMAT)
    if done.returncode != 0:  # an unreadable tag object: keep the names, without dates
        names = _git(root, "for-each-ref", "refs/tags", "--format=%(refname:strip=2)%00%(objectname)", check=False)
        pairs = (line.partition("\0") for line in names.splitlines())
        undated = tuple(TagInfo(name, sha, 0) for name, _, sha in pairs if sha)
        return undated, f"tag dates unavailable ({_git_failure(('for-each-ref',), done)})"
    tags = []
    for line in done.stdout.decode("utf-8", errors="surrogateescape").splitlines():
        name, kind, sha, stamp, peeled_kind, peeled_sha, peeled_stamp = [*line.split("\0"), *[""] * 7][:7]
        if kind == "tag":  # annotated: the commit it points at
            kind, sha, stamp = peeled_kind, peeled_sha, peeled_stamp
        if kind == "commit":  # tags of trees and blobs (and of other tags) are not releases
            tags.append(TagInfo(name, sha, int(stamp) if stamp.isdigit() else 0))
    return tuple(tags), None


def head_state(path: str | os.PathLike[str]) -> tuple[str | None, bool]:
    """HEAD's sha (None without commits) and whether tracked files differ from it."""
    root = Path(path).resolve()
    sha = _git(root, "rev-parse", "--verify", "-q", "HEAD", check=False).strip() or None
    status = _git(root, "status", "--porcelain", "-z", "--untracked-files=no")
    return sha, bool(status.strip("\0"))


class RevisionSnapshot(RepoSnapshot):
    """The repository as it was at a revision, read straight from git objects.

    No checkout and no temporary work tree: the user's files, index and HEAD are untouched.
    The file list is the index's, corrected by two tree diffs (index vs HEAD, HEAD vs the
    revision): a diff only walks the trees that differ, where listing a 100,000-file tree
    costs seconds. Blobs are read as `<sha>:<path>` through one `git cat-file --batch`.
    """

    def __init__(self, root: Path, files: tuple[str, ...], *, git_dir: Path, revision: str, prefix: str) -> None:
        super().__init__(root, files, git_dir=git_dir, revision=revision)
        self._present = frozenset(files)
        self._prefix = prefix
        self._cat: subprocess.Popen[bytes] | None = None

    @classmethod
    def at(cls, path: str | os.PathLike[str], rev: str) -> RevisionSnapshot:
        """The repository at `path` as of revision `rev` (a sha, branch, tag or `HEAD~1`)."""
        root = Path(path).resolve()
        if not root.is_dir():
            msg = f"{path}: {'not a directory' if root.exists() else 'does not exist'}"
            raise RepoError(msg)
        where = _git(root, "rev-parse", "--absolute-git-dir", "--show-toplevel", "--show-prefix", check=False)
        lines = where.split("\n")
        if len(lines) < 3 or not lines[0]:
            msg = f"{path}: not a git repository, so there is no revision {rev!r} to compare with"
            raise RepoError(msg)
        git_dir, toplevel, prefix = Path(lines[0]), lines[1], lines[2]
        sha = _git(root, "rev-parse", "--verify", "-q", f"{rev}^{{commit}}", check=False).strip()
        if not sha:
            raise RepoError(_missing_revision(git_dir, rev))
        files = set(_git(root, "ls-files", "-z", "--full-name", ":/").split("\0")) - {""}
        if _git(root, "rev-parse", "--verify", "-q", "HEAD", check=False).strip():
            _apply_diff(files, _git(root, "diff", "--cached", "--name-status", "--no-renames", "-z", "HEAD"))
            _apply_diff(files, _git(root, "diff", "--name-status", "--no-renames", "-z", sha, "HEAD"))
        else:
            files = set(_git(root, "ls-tree", "-r", "-z", "--name-only", "--full-tree", sha).split("\0")) - {""}
        files -= _submodules(toplevel, "")
        kept = sorted(f[len(prefix) :] for f in files if f.startswith(prefix))
        return cls(root, tuple(kept), git_dir=git_dir, revision=sha, prefix=prefix)

    def exists(self, path: str) -> bool:
        """Whether the file is in the revision's tree."""
        return path in self._present

    def close(self) -> None:
        """Stop the cat-file process (also done when the snapshot is collected)."""
        if self._cat is not None:
            self._cat.kill()
            self._cat.wait()
            self._cat = None

    def _load(self, path: str, limit: int) -> str | None:
        if path not in self._present:
            return None
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
                env=_git_env(),
            )
            weakref.finalize(self, self._cat.kill)
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
