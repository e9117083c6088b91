"""The pre-commit hook this repository provides (.pre-commit-hooks.yaml), run by the real pre-commit.

Each test makes a project repository whose .pre-commit-config.yaml points at a git repository
holding this checkout's hook manifest, installs the hook with `pre-commit install`, and makes
real commits with `git commit`. The fast tests keep the manifest's arguments but run the
mlops-lint of the test environment (`language: system`), so no package is installed; the
install test lets pre-commit build the hook's own environment from the sources, as users get it.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from mlops_lint.facts.precommit import HYGIENE, kind_of
from tests.conftest import GIT_ENV, git, write_files

pytest.importorskip("pre_commit", reason="pre-commit is not installed (pip install -e '.[test]')")

CHECKOUT = Path(__file__).resolve().parent.parent
MANIFEST = CHECKOUT / ".pre-commit-hooks.yaml"
HOOK_ID = "mlops-lint-no-regression"
MLOPS_LINT = Path(sys.executable).parent / "mlops-lint"
RUFF_HOOK = """\
  - repo: local
    hooks:
      - id: ruff
        name: ruff
        entry: ruff check
        language: system
        types: [python]
"""
CI = "on: [pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n"


def _config(hook_repo: Path, rev: str, *, ruff: bool = True, system: bool = True) -> str:
    hook: dict[str, object] = {"id": HOOK_ID}
    if system:
        hook.update(language="system", entry=shlex.quote(str(MLOPS_LINT)))
    ours = yaml.safe_dump([{"repo": str(hook_repo), "rev": rev, "hooks": [hook]}], sort_keys=False)
    return "repos:\n" + (RUFF_HOOK if ruff else "") + "".join(f"  {line}\n" for line in ours.splitlines())


def _pre_commit(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=root, env=_env(root), capture_output=True,
                          text=True, check=False, timeout=600)  # fmt: skip


def _env(root: Path) -> dict[str, str]:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(root.parent / "pre-commit-home"), "NO_COLOR": "1"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"  # `pre-commit` for the git hook
    return env


def _commit(root: Path, message: str) -> tuple[int, str]:
    """`git commit` with pre-commit's hook installed, as a developer runs it: exit code and output."""
    done = subprocess.run(["git", "commit", "-q", "-m", message], cwd=root, env=_env(root), capture_output=True,
                          text=True, check=False, timeout=600)  # fmt: skip
    return done.returncode, done.stdout + done.stderr


def _hook_repo(tmp_path: Path, *, sources: bool = False) -> tuple[Path, str]:
    """A git repository with this checkout's manifest (and, for an install, its sources)."""
    repo = tmp_path / "mlops-lint-hooks"
    repo.mkdir()
    shutil.copy(MANIFEST, repo / MANIFEST.name)
    if sources:
        for name in ("pyproject.toml", "README.md", "LICENSE"):
            shutil.copy(CHECKOUT / name, repo / name)
        shutil.copytree(CHECKOUT / "mlops_lint", repo / "mlops_lint", ignore=shutil.ignore_patterns("__pycache__"))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "hooks")
    return repo, git(repo, "rev-parse", "HEAD").strip()


def _project(tmp_path: Path, config: str) -> Path:
    """A project at yes for Q31 (a ruff hook) and Q33 (CI runs the tests on pull requests), hooks installed."""
    root = tmp_path / "project"
    write_files(root, {".pre-commit-config.yaml": config, ".github/workflows/ci.yml": CI, "README.md": "# churn\n",
                       "tests/test_model.py": "def test_model():\n    assert True\n"})  # fmt: skip
    git(root, "init", "-q", "-b", "main")
    installed = _pre_commit(root, "install")
    assert installed.returncode == 0, installed.stderr
    git(root, "add", "-A")
    code, output = _commit(root, "initial commit")  # no HEAD yet: nothing can regress
    assert code == 0, output
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    hook_repo, rev = _hook_repo(tmp_path)
    return _project(tmp_path, _config(hook_repo, rev))


def test_the_manifest_is_valid_and_runs_against_head() -> None:
    assert _pre_commit(CHECKOUT, "validate-manifest", str(MANIFEST)).returncode == 0
    (hook,) = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    assert hook["id"] == HOOK_ID
    assert hook["args"] == ["check", "--base", "HEAD", "--fail-on", "regression", "--format", "text"]
    assert (hook["pass_filenames"], hook["always_run"], hook["language"]) == (False, True, "python")
    assert kind_of(HOOK_ID) == HYGIENE  # it checks no code, so it cannot stand in for a linter (Q31)


def test_removing_the_quality_hooks_fails_the_commit(project: Path) -> None:
    config = (project / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    (project / ".pre-commit-config.yaml").write_text(config.replace(RUFF_HOOK, ""), encoding="utf-8")
    git(project, "add", ".pre-commit-config.yaml")
    before = git(project, "rev-parse", "HEAD")
    code, output = _commit(project, "drop ruff")
    assert code == 1
    assert "mlops-lint (no MLOps maturity regression)" in output
    assert "REGRESSION Q31  yes -> no" in output
    assert "evidence gone: .pre-commit-config.yaml:" in output
    assert git(project, "rev-parse", "HEAD") == before  # nothing was committed


def test_deleting_the_ci_test_workflow_fails_the_commit(project: Path) -> None:
    git(project, "rm", "-q", ".github/workflows/ci.yml")
    code, output = _commit(project, "drop CI")
    assert code == 1
    assert "REGRESSION Q33  yes -> no" in output
    assert "evidence gone: .github/workflows/ci.yml:6" in output


def test_a_harmless_commit_passes(project: Path) -> None:
    (project / "README.md").write_text("# churn\n\nNow with a paragraph.\n", encoding="utf-8")
    (project / "notes.txt").write_text("an untracked file is not part of the commit\n", encoding="utf-8")
    git(project, "add", "README.md")
    (project / ".github/workflows/ci.yml").unlink()  # an unstaged deletion is not committed: pre-commit stashes it
    code, output = _commit(project, "docs")
    assert code == 0, output
    assert git(project, "log", "-1", "--format=%s").strip() == "docs"
    assert not (project / ".github/workflows/ci.yml").exists()  # and gives it back afterwards


@pytest.mark.skipif(not os.environ.get("CI") and not os.environ.get("MLOPS_LINT_INSTALL_TESTS"),
                    reason="builds the hook's virtualenv from PyPI: runs in CI, or set MLOPS_LINT_INSTALL_TESTS=1")  # fmt: skip
def test_pre_commit_installs_the_hook_from_the_repository(tmp_path: Path) -> None:
    hook_repo, rev = _hook_repo(tmp_path, sources=True)
    root = _project(tmp_path, _config(hook_repo, rev, system=False))
    git(root, "rm", "-q", ".github/workflows/ci.yml")
    done = _pre_commit(root, "run", HOOK_ID)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "REGRESSION Q33  yes -> no" in done.stdout
