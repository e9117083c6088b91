"""The regression gate on real git repositories: --base, --base auto, --baseline, edge cases."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from mlops_lint.cli import main
from tests.conftest import MakeRepo, git, write_files

PRECOMMIT = """\
repos:
  - repo: https://github.com/astral-sh/ruff-pre-commit
    rev: v0.8.4
    hooks:
      - id: ruff
"""
CONFIRMED = "answers:\n  15: {answer: yes, evidence: https://wiki.example.com/data, by: ana, date: 2026-01-01}\n"


def commit(root: Path, message: str, files: dict[str, str] | None = None, remove: tuple[str, ...] = ()) -> str:
    write_files(root, files or {})
    for path in remove:
        git(root, "rm", "-q", path)
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message, date="2026-02-01T00:00:00+00:00")
    return git(root, "rev-parse", "HEAD").strip()


def run_json(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object], str]:
    code = main([*args, "--format", "json"])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out else {}), err


@pytest.fixture
def project(make_repo: MakeRepo) -> Path:
    return make_repo(
        files={".pre-commit-config.yaml": PRECOMMIT, "src/app.py": "x = 1\n", ".mlops-lint.yaml": CONFIRMED}
    )


@pytest.mark.parametrize("fork", [True, False], ids=["base-in-a-child", "base-in-process"])
def test_a_removed_precommit_config_is_a_regression(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, fork: bool
) -> None:
    if not fork:
        monkeypatch.setenv("MLOPS_LINT_NO_FORK", "1")
    base = git(project, "rev-parse", "HEAD").strip()
    head = commit(project, "drop hooks", remove=(".pre-commit-config.yaml",))
    code, data, _ = run_json([str(project), "--base", base], capsys)
    comparison = data["comparison"]
    assert code == 1
    assert isinstance(comparison, dict)
    assert comparison["base"] == base
    assert comparison["head"] == head
    assert comparison["regressions"] == [31]
    change = next(c for c in comparison["changed"] if c["number"] == 31)
    assert (change["from"], change["to"]) == ("yes", "no")
    assert change["lost_evidence"][0]["path"] == ".pre-commit-config.yaml"


def test_the_text_report_leads_with_the_regression(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit(project, "drop hooks", remove=(".pre-commit-config.yaml",))
    assert main([str(project), "--base", "HEAD~1", "--no-color"]) == 1
    out = capsys.readouterr().out
    assert out.index("REGRESSION Q31  yes -> no") < out.index("1. Documentation")
    assert "evidence gone: .pre-commit-config.yaml:5" in out


def test_fail_on_never_and_no(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit(project, "drop hooks", remove=(".pre-commit-config.yaml",))
    assert main([str(project), "--base", "HEAD~1", "--fail-on", "never", "-o", "/dev/null"]) == 0
    capsys.readouterr()


def test_an_improvement_passes(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(files={"src/app.py": "x = 1\n"})
    commit(root, "add hooks", {".pre-commit-config.yaml": PRECOMMIT})
    code, data, _ = run_json([str(root), "--base", "HEAD~1"], capsys)
    assert code == 0
    assert 31 in data["comparison"]["improvements"]  # type: ignore[index]
    assert data["comparison"]["regressions"] == []  # type: ignore[index]


def test_a_renamed_workflow_is_not_a_change(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    ci = "on: [pull_request]\njobs:\n  t:\n    runs-on: x\n    steps:\n      - run: pytest\n"
    root = make_repo(files={".github/workflows/ci.yml": ci, "tests/test_a.py": "def test_a():\n    assert 1\n"})
    git(root, "mv", ".github/workflows/ci.yml", ".github/workflows/tests.yml")
    commit(root, "rename")
    code, data, _ = run_json([str(root), "--base", "HEAD~1", "--select", "33"], capsys)
    assert code == 0
    assert data["comparison"]["changed"] == []  # type: ignore[index]


def test_a_removed_confirmation_weakens_and_strict_mode_fails(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commit(project, "drop the config", remove=(".mlops-lint.yaml",))
    code, data, _ = run_json([str(project), "--base", "HEAD~1", "--select", "15"], capsys)
    change = data["comparison"]["changed"][0]  # type: ignore[index]
    assert code == 0
    assert (change["number"], change["from"], change["to"]) == (15, "yes", "unknown")
    assert main([str(project), "--base", "HEAD~1", "--select", "15", "--strict", "-o", "/dev/null"]) == 1
    capsys.readouterr()


def test_a_confirmation_is_read_at_the_base_revision(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit(project, "retract", {".mlops-lint.yaml": "answers:\n  15: {answer: no, by: ana}\n"})
    code, data, _ = run_json([str(project), "--base", "HEAD~1", "--select", "15"], capsys)
    assert code == 1
    assert data["comparison"]["regressions"] == [15]  # type: ignore[index]


def test_base_auto_uses_the_first_parent_of_a_pull_request_merge(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = git(project, "rev-parse", "HEAD").strip()
    git(project, "checkout", "-qb", "feature")
    commit(project, "drop hooks", remove=(".pre-commit-config.yaml",))
    git(project, "checkout", "-q", "main")
    git(project, "merge", "-q", "--no-ff", "feature", "-m", "Merge pull request #1")
    git(project, "checkout", "-q", "--detach", "HEAD")  # as actions/checkout leaves a PR merge
    monkeypatch.setenv("GITHUB_EVENT_NAME", "pull_request")
    code, data, _ = run_json([str(project), "--base", "auto"], capsys)
    assert code == 1
    assert data["comparison"]["base"] == base  # type: ignore[index]


def test_base_auto_falls_back_to_the_event_file(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = git(project, "rev-parse", "HEAD").strip()
    commit(project, "drop hooks", remove=(".pre-commit-config.yaml",))
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"base": {"sha": base}}}), encoding="utf-8")
    monkeypatch.setenv("GITHUB_EVENT_NAME", "pull_request")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    code, data, _ = run_json([str(project), "--base", "auto"], capsys)
    assert (code, data["comparison"]["base"]) == (1, base)  # type: ignore[index]


def test_base_auto_on_gitlab(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base = git(project, "rev-parse", "HEAD").strip()
    commit(project, "drop hooks", remove=(".pre-commit-config.yaml",))
    monkeypatch.delenv("GITHUB_EVENT_NAME", raising=False)
    monkeypatch.setenv("CI_MERGE_REQUEST_DIFF_BASE_SHA", base)
    assert run_json([str(project), "--base", "auto"], capsys)[0] == 1


def test_base_auto_elsewhere_is_a_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_EVENT_NAME", raising=False)
    monkeypatch.delenv("CI_MERGE_REQUEST_DIFF_BASE_SHA", raising=False)
    assert main([str(project), "--base", "auto"]) == 2
    assert "name the base revision" in capsys.readouterr().err


def test_an_unknown_revision_is_one_line_exit_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(project), "--base", "no-such-branch"]) == 2
    err = capsys.readouterr().err
    assert err == "mlops-lint: error: unknown revision 'no-such-branch' (not a commit in this repository)\n"


def test_a_shallow_clone_names_the_fetch_command(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = git(project, "rev-parse", "HEAD").strip()
    commit(project, "drop hooks", remove=(".pre-commit-config.yaml",))
    clone = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project}", str(clone)], check=True)
    assert main([str(clone), "--base", base]) == 2
    err = capsys.readouterr().err
    assert "is not in this shallow clone" in err
    assert f"git fetch --no-tags --depth=1 origin {base}" in err


def test_a_dirty_work_tree_has_no_head_sha_and_is_untouched(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit(project, "second")
    (project / "src" / "app.py").write_text("x = 2\n", encoding="utf-8")
    (project / ".pre-commit-config.yaml").unlink()
    status_before = git(project, "status", "--porcelain")
    head_before = git(project, "rev-parse", "HEAD")
    code, data, _ = run_json([str(project), "--base", "HEAD~1"], capsys)
    assert code == 1  # the deleted (uncommitted) config is a regression of the work tree
    assert data["comparison"]["head"] is None  # type: ignore[index]
    assert git(project, "status", "--porcelain") == status_before
    assert git(project, "rev-parse", "HEAD") == head_before


def test_detached_head(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    commit(project, "drop hooks", remove=(".pre-commit-config.yaml",))
    git(project, "checkout", "-q", "--detach", "HEAD")
    assert run_json([str(project), "--base", "main~1"], capsys)[0] == 1


def test_baseline_round_trip(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    baseline = tmp_path / "baseline.json"
    assert main(["baseline", str(project), "-o", str(baseline)]) == 0
    assert "wrote" in capsys.readouterr().out
    (project / ".pre-commit-config.yaml").unlink()
    code, data, _ = run_json([str(project), "--baseline", str(baseline)], capsys)
    assert code == 1
    assert data["comparison"]["regressions"] == [31]  # type: ignore[index]
    assert data["comparison"]["base_label"] == str(baseline)  # type: ignore[index]


def test_a_bad_baseline_is_exit_2(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"questions": 3}', encoding="utf-8")
    assert main([str(project), "--baseline", str(bad)]) == 2
    assert "not a usable baseline" in capsys.readouterr().err
    assert main([str(project), "--baseline", str(tmp_path / "missing.json")]) == 2
    assert "cannot read the baseline" in capsys.readouterr().err


def test_not_a_git_repository(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(files={"a.py": ""}, use_git=False)
    assert main([str(root), "--base", "HEAD~1"]) == 2
    assert "not a git repository" in capsys.readouterr().err
