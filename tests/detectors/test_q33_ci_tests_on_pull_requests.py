"""Q33 ci-tests-on-pull-requests: pull-request jobs that run tests, through the wrappers they call."""

from __future__ import annotations

from mlops_lint.detectors import q33_ci_tests_on_pull_requests as q33
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

CODE = {"src/model.py": "import sklearn\n"}


def workflow(on: str, run: str, **extra: str) -> dict[str, str]:
    body = f"on:\n{on}\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - run: {run}\n"
    return {**CODE, ".github/workflows/ci.yml": body, **extra}


def test_make_target_on_pull_requests_is_yes(make_ctx: MakeContext) -> None:
    answer = q33.detect(make_ctx("ml-service-cicd"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence(".github/workflows/ci.yml", 12, "make test"),)


def test_makefile_target_with_another_name_is_followed(make_ctx: MakeContext) -> None:
    files = workflow("  pull_request:", "make verify", Makefile="verify:\n\truff check .\n\tpython -m pytest -q\n")
    answer = q33.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("Makefile", 3, "python -m pytest -q"),)


def test_script_in_a_working_directory_and_its_nested_script_are_followed(make_ctx: MakeContext) -> None:
    files = workflow(
        "  pull_request:",
        "bash scripts/ci.sh",
        **{
            "backend/scripts/ci.sh": "set -e\nbash scripts/unit.sh\n",
            "backend/scripts/unit.sh": "coverage run -m pytest\n",
        },
    )
    answer = q33.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("backend/scripts/unit.sh", 1, "coverage run -m pytest"),)


def test_job_spec_entrypoint_is_followed(make_ctx: MakeContext) -> None:
    files = workflow(
        "  pull_request:",
        "anyscale jobs submit deploy/jobs/ci.yaml --wait",
        **{
            "deploy/jobs/ci.yaml": "name: ci\nentrypoint: bash deploy/jobs/ci.sh\n",
            "deploy/jobs/ci.sh": "pytest tests\n",
        },
    )
    answer = q33.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("deploy/jobs/ci.sh", 1, "pytest tests"),)


def test_azure_steps_template_is_followed(make_ctx: MakeContext) -> None:
    files = {
        **CODE,
        ".pipelines/pr.yml": (
            "trigger: none\npr:\n  branches:\n    include: [main]\nsteps:\n  - template: quality.yml\n"
        ),
        ".pipelines/quality.yml": "steps:\n  - script: |\n      python -m pytest tests\n",
    }
    answer = q33.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence(".pipelines/quality.yml", 3, "python -m pytest tests"),)


def test_no_ci_is_no(make_ctx: MakeContext) -> None:
    answer = q33.detect(make_ctx("ml-notebooks-no-ci"))
    assert answer.verdict is Verdict.NO
    assert answer.reason == "the repository defines no CI pipeline"


def test_tests_only_after_merge_are_no(make_ctx: MakeContext) -> None:
    answer = q33.detect(make_ctx(files=workflow("  push:\n    branches: [main]", "pytest")))
    assert answer.verdict is Verdict.NO
    assert answer.reason.startswith("tests run only on pushes to a long-lived branch")


def test_installing_pytest_and_running_pre_commit_is_not_testing(make_ctx: MakeContext) -> None:
    run = "|\n          pip install pytest pre-commit\n          pre-commit run --all-files\n          # pytest -q"
    answer = q33.detect(make_ctx(files=workflow("  pull_request:", run)))
    assert answer.verdict is Verdict.NO
    assert answer.reason == "1 job(s) run on pull requests but none runs tests"


def test_a_missing_script_is_unknown(make_ctx: MakeContext) -> None:
    answer = q33.detect(make_ctx(files=workflow("  pull_request:", "./ci/run-checks.sh")))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence(".github/workflows/ci.yml", 7, "./ci/run-checks.sh"),)


def test_another_repositorys_reusable_workflow_is_unknown(make_ctx: MakeContext) -> None:
    body = "on: [pull_request]\njobs:\n  ci:\n    uses: acme/shared/.github/workflows/python.yml@v2\n"
    answer = q33.detect(make_ctx(files={**CODE, ".github/workflows/ci.yml": body}))
    assert answer.verdict is Verdict.UNKNOWN


def test_no_code_and_no_ci_is_unknown(make_ctx: MakeContext) -> None:
    assert q33.detect(make_ctx(files={"README.md": "# awesome list\n"})).verdict is Verdict.UNKNOWN


def test_untracked_workflow_does_not_count(make_ctx: MakeContext) -> None:
    ctx = make_ctx(
        files=CODE,
        dirty={".github/workflows/ci.yml": "on: [pull_request]\njobs:\n  t:\n    steps:\n      - run: pytest\n"},
    )
    assert q33.detect(ctx).verdict is Verdict.NO


def test_tests_chained_after_an_install_count(make_ctx: MakeContext) -> None:
    workflow = "on: [pull_request]\njobs:\n  t:\n    steps:\n    - uses: actions/checkout@v4\n    - run: pip install . && pytest\n"
    answer = q33.detect(
        make_ctx(files={".github/workflows/ci.yml": workflow, "tests/test_a.py": "def test_a():\n    assert 1\n"})
    )
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0].path == ".github/workflows/ci.yml"
    assert answer.evidence[0].line == 6
