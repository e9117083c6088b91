"""Q10 iac-version-controlled: tracked IaC, plain folders, no IaC."""

from __future__ import annotations

from mlops_lint.detectors import q10_iac_version_controlled as q10
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext


def test_tracked_terraform_is_yes(make_ctx: MakeContext) -> None:
    answer = q10.detect(make_ctx("terraform-envs-ci-cd"))
    assert answer.verdict is Verdict.YES
    assert Evidence("infra/terraform/main.tf", None, "terraform") in answer.evidence


def test_plain_folder_is_unknown(make_ctx: MakeContext) -> None:
    answer = q10.detect(make_ctx("terraform-envs-ci-cd", use_git=False))
    assert answer.verdict is Verdict.UNKNOWN
    assert "not a git work tree" in answer.reason


def test_no_iac_is_no(make_ctx: MakeContext) -> None:
    assert q10.detect(make_ctx("compose-local-only")).verdict is Verdict.NO


def test_untracked_iac_is_no(make_ctx: MakeContext) -> None:
    ctx = make_ctx("compose-local-only", dirty={"infra/main.tf": 'resource "aws_s3_bucket" "b" {}\n'})
    assert q10.detect(ctx).verdict is Verdict.NO


def test_ignored_iac_in_a_plain_folder_is_not_seen(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={".gitignore": "infra/\n", "infra/main.tf": "x\n", "a.py": "1\n"}, use_git=False)
    assert q10.detect(ctx).verdict is Verdict.NO


def test_iac_in_another_repository_is_unknown(make_ctx: MakeContext) -> None:
    readme = "Our Terraform code lives in the platform team's repository.\n"
    answer = q10.detect(make_ctx(files={"README.md": readme}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("README.md", 1, readme.strip()),)
