"""Q29 infra-ci-on-pull-requests: validators on PRs, path filters, pre-commit IaC hooks."""

from __future__ import annotations

from mlops_lint.detectors import q29_infra_ci_on_pull_requests as q29
from mlops_lint.facts.iac_pipelines import paths_match
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

TF = 'resource "aws_s3_bucket" "b" {}\n'


def _ci(on: str, run: str) -> str:
    return f"on:\n{on}\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - run: {run}\n"


def test_validate_on_pull_requests_is_yes(make_ctx: MakeContext) -> None:
    answer = q29.detect(make_ctx("terraform-envs-ci-cd"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence(".github/workflows/infra-ci.yml", 12, "terraform -chdir=infra/terraform validate"),
    )


def test_path_filter_leaving_the_iac_out_is_no(make_ctx: MakeContext) -> None:
    files = {"infra/main.tf": TF, ".github/workflows/ci.yml": _ci("  pull_request:\n    paths: ['src/**']", "tflint")}
    answer = q29.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.NO
    assert "path filters" in answer.reason


def test_validation_only_in_a_manual_pipeline_is_no(make_ctx: MakeContext) -> None:
    files = {"infra/main.tf": TF, ".github/workflows/infra.yml": _ci("  workflow_dispatch:", "terraform plan")}
    answer = q29.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.NO
    assert "only outside pull requests" in answer.reason


def test_pre_commit_with_iac_hooks_run_on_prs_is_yes(make_ctx: MakeContext) -> None:
    hooks = (
        "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v4.6.0\n    hooks:\n"
        "      - id: trailing-whitespace\n      - id: check-yaml\n"
    )
    files = {
        "databricks.yml": "bundle:\n  name: x\n",
        ".pre-commit-config.yaml": hooks,
        ".github/workflows/ci.yml": _ci("  pull_request:", "pre-commit run --all-files"),
    }
    answer = q29.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence(".github/workflows/ci.yml", 7, "pre-commit run --all-files (IaC hook at .pre-commit-config.yaml:6)"),
    )


def test_yaml_hook_does_not_check_terraform(make_ctx: MakeContext) -> None:
    hooks = "repos:\n  - repo: local\n    hooks:\n      - id: check-yaml\n"
    files = {"infra/main.tf": TF, ".pre-commit-config.yaml": hooks,
             ".github/workflows/ci.yml": _ci("  pull_request:", "pre-commit run --all-files")}  # fmt: skip
    assert q29.detect(make_ctx(files=files)).verdict is Verdict.NO


def test_validator_behind_make_is_followed(make_ctx: MakeContext) -> None:
    files = {
        "infra/main.tf": TF,
        "Makefile": "validate:\n\tterraform -chdir=infra validate\n",
        ".github/workflows/ci.yml": _ci("  pull_request:", "make validate"),
    }
    answer = q29.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("Makefile", 2, "terraform -chdir=infra validate"),)


def test_no_iac_is_no_and_tests_alone_are_no(make_ctx: MakeContext) -> None:
    assert q29.detect(make_ctx("compose-local-only")).verdict is Verdict.NO
    answer = q29.detect(make_ctx("helm-gitops", files={".github/workflows/ci.yml": _ci("  pull_request:", "pytest")}))
    assert answer.verdict is Verdict.NO


def test_paths_match() -> None:
    assert paths_match(("infra/**",), "infra/terraform/main.tf")
    assert paths_match(("**/*.tf",), "infra/main.tf")
    assert not paths_match(("*.tf",), "infra/main.tf")
    assert not paths_match(("infra/**", "!infra/docs/**"), "infra/docs/a.tf")
    assert paths_match(("{{template `x` .}}/**",), "proj/databricks.yml")


def test_atlantis_is_yes_and_pre_commit_ci_is_unknown(make_ctx: MakeContext) -> None:
    answer = q29.detect(make_ctx(files={"infra/main.tf": TF, "atlantis.yaml": "version: 3\n"}))
    assert answer.verdict is Verdict.YES
    hooks = "ci:\n  autofix_prs: true\nrepos:\n  - repo: https://github.com/antonbabenko/pre-commit-terraform\n" \
        "    rev: v1.96.1\n    hooks:\n      - id: terraform_validate\n"  # fmt: skip
    answer = q29.detect(make_ctx(files={"infra/main.tf": TF, ".pre-commit-config.yaml": hooks}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (
        Evidence(".pre-commit-config.yaml", 1, "ci:"),
        Evidence(".pre-commit-config.yaml", 7, "id: terraform_validate"),
    )


def test_without_iac_config_validation_on_pull_requests_counts(make_ctx: MakeContext) -> None:
    workflow = "on: [pull_request]\njobs:\n  check:\n    steps:\n      - run: mise run check\n"
    mise = '[tasks.check]\nrun = [\n  "validate-pyproject pyproject.toml",\n  "pytest",\n]\n'
    answer = q29.detect(make_ctx(files={".github/workflows/ci.yml": workflow, "mise.toml": mise, "a.py": ""}))
    assert answer.verdict is Verdict.YES
    assert (answer.evidence[0].path, answer.evidence[0].line) == ("mise.toml", 3)


def test_without_iac_tests_alone_are_not_config_validation(make_ctx: MakeContext) -> None:
    workflow = "on: [pull_request]\njobs:\n  t:\n    steps:\n      - run: pytest\n"
    answer = q29.detect(make_ctx(files={".github/workflows/ci.yml": workflow, "a.py": ""}))
    assert answer.verdict is Verdict.NO
