"""Q34 code-review-approval: approval rules declared as code; otherwise a server setting."""

from __future__ import annotations

from mlops_lint.detectors import q34_code_review_approval as q34
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext


def test_settings_app_requiring_reviews_is_yes(make_ctx: MakeContext) -> None:
    answer = q34.detect(make_ctx("ml-service-cicd"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence(".github/settings.yml", 6, "main: approvals 1"),)
    assert "requires 1 approving review(s)" in answer.reason


def test_terraform_branch_protection_is_yes(make_ctx: MakeContext) -> None:
    tf = (
        'resource "github_branch_protection" "main" {\n  pattern = "main"\n'
        "  required_pull_request_reviews {\n    required_approving_review_count = 2\n  }\n}\n"
    )
    answer = q34.detect(make_ctx(files={"infra/github.tf": tf}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("infra/github.tf", 1, "github_branch_protection.main: approvals 2"),)


def test_codeowners_alone_is_unknown_with_a_hint(make_ctx: MakeContext) -> None:
    answer = q34.detect(make_ctx(files={".github/CODEOWNERS": "# owners\n/src/ @acme/ml\n"}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence(".github/CODEOWNERS", 2, "/src/ @acme/ml"),)
    assert answer.reason.startswith("CODEOWNERS requests reviewers")


def test_protection_without_reviews_is_unknown_not_no(make_ctx: MakeContext) -> None:
    settings = "branches:\n  - name: main\n    protection:\n      enforce_admins: true\n"
    answer = q34.detect(make_ctx(files={".github/settings.yml": settings}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence(".github/settings.yml", 2, "main: no required approvals"),)


def test_nothing_in_the_repository_is_unknown(make_ctx: MakeContext) -> None:
    answer = q34.detect(make_ctx("ml-notebooks-no-ci"))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == ()


def test_untracked_settings_do_not_count(make_ctx: MakeContext) -> None:
    settings = (
        "branches:\n  - name: main\n    protection:\n      required_pull_request_reviews:\n"
        "        required_approving_review_count: 1\n"
    )
    ctx = make_ctx(files={"README.md": "# x\n"}, dirty={".github/settings.yml": settings})
    assert q34.detect(ctx).verdict is Verdict.UNKNOWN


def test_malformed_settings_is_a_warning_not_a_crash(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={".github/settings.yml": "branches: [\n"})
    assert q34.detect(ctx).verdict is Verdict.UNKNOWN
    assert any(w.path == ".github/settings.yml" for w in ctx.repo.warnings)
