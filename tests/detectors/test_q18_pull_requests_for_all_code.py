"""Q18 pull-requests-for-all-code: the share of recent first-parent commits that were pull-request merges."""

from __future__ import annotations

import subprocess
from pathlib import Path

from mlops_lint.context import Context
from mlops_lint.detectors import q18_pull_requests_for_all_code as q18
from mlops_lint.model import Answer, Verdict
from mlops_lint.repo import RepoSnapshot
from tests.conftest import GIT_ENV, MakeRepo, git

CODE = {"src/train.py": "print('train')\n"}


def repo_with(make_repo: MakeRepo, subjects: list[str], files: dict[str, str] | None = None) -> Path:
    root = make_repo(files={**CODE, **(files or {})})
    for number, subject in enumerate(subjects, 2):
        git(root, "commit", "-q", "--allow-empty", "-m", subject, date=f"2026-01-{number:02d}T00:00:00+00:00")
    return root


def detect(root: Path) -> Answer:
    return q18.detect(Context(RepoSnapshot.open(root)))


def test_mostly_pull_request_merges_is_yes(make_repo: MakeRepo) -> None:
    subjects = [f"Merge pull request #{n} from acme/feature-{n}" for n in range(1, 7)]
    subjects += ["Fix typo", "Add retraining job (#7)"]
    answer = detect(repo_with(make_repo, subjects))
    assert answer.verdict is Verdict.YES
    assert answer.reason == "7 of the last 8 commits on this branch arrived through pull requests"
    assert answer.evidence[0].path == ".git"
    assert answer.evidence[0].excerpt.endswith("Add retraining job (#7)")  # newest first


def test_direct_pushes_are_no(make_repo: MakeRepo) -> None:
    answer = detect(
        repo_with(
            make_repo, ["Update README", "Tune model", "Fix bug", "More data", "Explain the pull request #3 flow"]
        )
    )
    assert answer.verdict is Verdict.NO
    assert "0 of the last 5 commits" in answer.reason
    assert "git log --first-parent HEAD" in answer.searched


def test_a_pull_request_template_turns_a_low_share_into_unknown(make_repo: MakeRepo) -> None:
    template = {".github/pull_request_template.md": "## Why\n"}
    answer = detect(repo_with(make_repo, ["Update", "Tune", "Fix", "Data", "Docs"], template))
    assert answer.verdict is Verdict.UNKNOWN
    assert any(e.path == ".github/pull_request_template.md" for e in answer.evidence)


def test_dependency_bot_commits_are_left_out(make_repo: MakeRepo) -> None:
    subjects = ["Merge pull request #1 from a/b", "Merge pull request #2 from a/c", "Merge pull request #3 from a/d"]
    subjects += ["Merge pull request #4 from a/e", "Bump numpy from 1.26 to 2.0", "chore(deps): update mlflow"]
    answer = detect(repo_with(make_repo, subjects))
    assert answer.verdict is Verdict.YES
    assert "4 of the last 4 commits" in answer.reason


def test_half_and_half_is_unknown(make_repo: MakeRepo) -> None:
    subjects = ["Merge pull request #1 from a/b", "Direct fix", "Merge pull request #2 from a/c", "Another fix"]
    subjects += ["Merge pull request #3 from a/d", "Hotfix"]
    assert detect(repo_with(make_repo, subjects)).verdict is Verdict.UNKNOWN


def test_too_little_history_is_unknown(make_repo: MakeRepo) -> None:
    answer = detect(repo_with(make_repo, ["Second commit"]))
    assert answer.verdict is Verdict.UNKNOWN
    assert "too few" in answer.reason


def test_shallow_clone_is_unknown(make_repo: MakeRepo, tmp_path: Path) -> None:
    source = repo_with(make_repo, [f"Direct change {n}" for n in range(8)])
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", source.as_uri(), str(clone)], check=True, env=GIT_ENV)
    answer = detect(clone)
    assert answer.verdict is Verdict.UNKNOWN
    assert "shallow" in answer.reason


def test_plain_folder_is_unknown(make_repo: MakeRepo) -> None:
    root = make_repo(files={**CODE, ".github/PULL_REQUEST_TEMPLATE/feature.md": "## What\n"}, use_git=False)
    answer = detect(root)
    assert answer.verdict is Verdict.UNKNOWN
    assert [e.path for e in answer.evidence] == [".github/PULL_REQUEST_TEMPLATE/feature.md"]
