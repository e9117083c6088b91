"""The git history fact on real repositories: PR conventions, tags, shallow and broken clones."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mlops_lint.context import Context
from mlops_lint.facts.history import GitHistory, git_history, is_pr_commit
from mlops_lint.gitlog import CommitInfo
from mlops_lint.repo import RepoSnapshot
from tests.conftest import MakeRepo, git

DAY = "2026-01-{:02d}T00:00:00+00:00"


def commit(root: Path, day: int, subject: str, files: dict[str, str], body: str = "") -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", subject, *(("-m", body) if body else ()), date=DAY.format(day))


def merge(root: Path, day: int, subject: str, files: dict[str, str], *, body: str = "") -> None:
    branch = f"feature-{day}"
    git(root, "checkout", "-qb", branch)
    commit(root, day, f"work on {branch}", files)
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", branch, "-m", subject, *(("-m", body) if body else ()), date=DAY.format(day))


def history_of(root: Path) -> tuple[GitHistory, RepoSnapshot]:
    repo = RepoSnapshot.open(root)
    return Context(repo).get(git_history), repo


@pytest.fixture
def project(make_repo: MakeRepo) -> Path:
    """main: root commit, a GitHub merge, a squash, a GitLab merge, a direct push, an Azure merge."""
    root = make_repo(files={"README.md": "# p\n", "docs/guide.md": "old\n", "infra/main.tf": ""})
    merge(root, 2, "Merge pull request #1 from me/f1", {"infra/main.tf": "resource {}\n"})
    commit(root, 3, "Add training (#2)", {"src/train.py": "x = 1\n"})
    merge(root, 4, "Merge branch 'feature-4' into 'main'", {"src/serve.py": ""}, body="See merge request team/p!3")
    commit(root, 5, "fix typo directly", {"README.md": "# p!\n"})
    commit(root, 6, "Merged PR 44: tidy", {"docs/guide.md": "new\n"})
    git(root, "tag", "v0.1.0", "HEAD~2")
    git(root, "tag", "-a", "v0.2.0", "-m", "second release")
    git(root, "tag", "tree-tag", "HEAD^{tree}")
    return root


def test_pull_request_conventions_and_paths(project: Path) -> None:
    history, repo = history_of(project)
    assert history.available
    assert not history.shallow
    assert history.reached_root
    assert [c.subject for c in history.commits] == [
        "Merged PR 44: tidy",
        "fix typo directly",
        "Merge branch 'feature-4' into 'main'",
        "Add training (#2)",
        "Merge pull request #1 from me/f1",
        "initial commit",
    ]
    assert [c.subject for c in history.pr_commits] == [
        "Merged PR 44: tidy",
        "Merge branch 'feature-4' into 'main'",
        "Add training (#2)",
        "Merge pull request #1 from me/f1",
    ]
    assert history.pr_share == 4 / 5  # the root commit is left out
    merged = history.commits[4]
    assert merged.parents == 2
    assert merged.paths == ("infra/main.tf",)  # the merge shows what it brought to main
    assert merged.author == "Test"
    assert "See merge request team/p!3" in history.commits[2].body
    assert history.commits[-1].paths == ()  # the root commit's file list is not read
    assert [c.subject for c in history.touching(("src/",))] == [
        "Merge branch 'feature-4' into 'main'",
        "Add training (#2)",
    ]
    assert repo.warnings == []


def test_who_touched_what_when(project: Path) -> None:
    history, _ = history_of(project)
    assert history.head_timestamp == history.commits[0].timestamp
    assert history.last_touched("docs/guide.md") == history.commits[0].timestamp
    assert history.last_touched("src/train.py") == history.commits[3].timestamp
    assert history.last_touched("README.md") == history.commits[1].timestamp
    root_time = history.commits[-1].timestamp
    assert history.last_touched("never/changed.txt") == root_time  # came with the root commit
    assert root_time < history.commits[3].timestamp


def test_tags_point_at_commits(project: Path) -> None:
    history, _ = history_of(project)
    by_name = {t.name: t for t in history.tags}
    assert set(by_name) == {"v0.1.0", "v0.2.0"}  # a tag of a tree is no release
    assert by_name["v0.2.0"].sha == history.commits[0].sha  # annotated: peeled to its commit
    assert by_name["v0.1.0"].sha == history.commits[2].sha
    assert by_name["v0.1.0"].timestamp == history.commits[2].timestamp


@pytest.mark.parametrize(
    ("subject", "body", "expected"),
    [
        ("Merge pull request #12 from org/branch", "", True),
        ("Improve docs (#345)", "", True),
        ("Merged in feature/x (pull request #12)", "", True),
        ("Pull request #7: Add model", "", True),
        ("Merge pull request 'Add model' (#9) from feature into main", "", True),
        ("Merge PR 88: fix", "", True),
        ("Add model", "Reviewed-on: https://review.example.com/c/1\n", True),
        ("Add model", "some text\nSee merge request group/project!42\n", True),
        ("Merge branch 'main' of github.com:me/repo", "", False),
        ("Merge branch 'feature'", "", False),
        ("fix #12 in parser", "", False),
        ("Add model", "See merge request for context\n", False),
    ],
)
def test_pr_subjects(subject: str, body: str, expected: bool) -> None:
    assert is_pr_commit(CommitInfo("0" * 40, subject, 0, 1, (), "me", body)) is expected


def test_bots_are_not_people(make_repo: MakeRepo) -> None:
    root = make_repo(files={"a.py": ""})
    for day in range(2, 8):
        commit(root, day, f"Feature {day} (#{day})", {"a.py": f"x = {day}\n"})
    git(root, "-c", "user.name=GitHub Actions Bot", "commit", "-q", "--allow-empty", "--author",
        "GitHub Actions Bot <bot@example.com>", "-m", "Generate CICD Zip File", date=DAY.format(9))  # fmt: skip
    history, _ = history_of(root)
    assert history.commits[0].subject == "Generate CICD Zip File"
    assert history.commits[0] not in history.recent
    assert history.pr_share == 1.0


def test_shallow_clone_is_said(make_repo: MakeRepo, tmp_path: Path) -> None:
    source = make_repo(files={"a.py": ""})
    for day in range(2, 5):
        commit(source, day, f"Feature {day} (#{day})", {"a.py": f"x = {day}\n"})
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{source}", str(clone))
    history, _ = history_of(clone)
    assert history.shallow
    assert not history.reached_root
    assert len(history.commits) == 1
    assert history.pr_share is None
    assert history.last_touched("a.py") is None  # older than what the clone holds: unknown


def test_missing_tree_keeps_subjects_and_warns(make_repo: MakeRepo) -> None:
    root = make_repo(files={"pkg/a.py": "a = 1\n", "b.py": ""})
    commit(root, 2, "Change a (#1)", {"pkg/a.py": "a = 2\n"})
    commit(root, 3, "Change b (#2)", {"b.py": "b = 1\n"})
    old_tree = git(root, "rev-parse", "HEAD~2:pkg").strip()
    (root / ".git" / "objects" / old_tree[:2] / old_tree[2:]).unlink()
    history, repo = history_of(root)
    assert [c.subject for c in history.commits] == ["Change b (#2)", "Change a (#1)", "initial commit"]
    assert history.paths_until == 1
    assert history.commits[0].paths == ("b.py",)
    assert history.commits[1].paths == ()
    assert history.pr_share is None  # 3 commits: too few, but read
    assert history.last_touched("pkg/a.py") is None  # the broken part cannot tell
    assert history.touching(("b.py",)) == (history.commits[0],)
    assert len(repo.warnings) == 1
    assert "changed paths read for the latest 1 commit(s) only" in repo.warnings[0].message


def test_partial_clone_reads_no_paths(make_repo: MakeRepo, tmp_path: Path) -> None:
    source = make_repo(files={"a.py": ""})
    commit(source, 2, "Feature (#1)", {"a.py": "x = 2\n"})
    git(source, "config", "uploadpack.allowFilter", "true")
    clone = tmp_path / "partial"
    git(tmp_path, "clone", "-q", "--no-checkout", "--filter=tree:0", f"file://{source}", str(clone))
    git(clone, "checkout", "-q", "main")
    history, repo = history_of(clone)
    assert [c.subject for c in history.commits] == ["Feature (#1)", "initial commit"]
    assert history.paths_until == 0
    assert history.touching(("a.py",)) == ()
    assert "partial clone" in repo.warnings[0].message


def test_a_subfolder_sees_its_own_paths(make_repo: MakeRepo) -> None:
    root = make_repo(files={"proj/a.py": "", "other/b.py": ""})
    commit(root, 2, "Change both (#1)", {"proj/a.py": "x\n", "other/b.py": "y\n"})
    history, _ = history_of(root / "proj")
    assert history.commits[0].paths == ("a.py",)


def test_no_history_outside_git(make_repo: MakeRepo) -> None:
    history, _ = history_of(make_repo(files={"a.py": ""}, use_git=False))
    assert not history.available
    assert history.pr_share is None
    assert history.last_touched("a.py") is None


def test_gitpython_is_never_imported(project: Path) -> None:
    code = (
        "import sys; from mlops_lint.context import Context; from mlops_lint.repo import RepoSnapshot;"
        "from mlops_lint.facts.history import git_history;"
        f"h = Context(RepoSnapshot.open({str(project)!r})).get(git_history); assert h.commits;"
        "print('git' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
