"""Q30 infra-review-approval: review rules as code, CODEOWNERS hints, server settings."""

from __future__ import annotations

from mlops_lint.detectors import q30_infra_review_approval as q30
from mlops_lint.facts.review_rules import review_rules
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext


def test_settings_app_with_required_reviews_is_yes(make_ctx: MakeContext) -> None:
    answer = q30.detect(make_ctx("terraform-envs-ci-cd"))
    assert answer.verdict is Verdict.YES
    assert answer.reason == "merging requires 1 approval(s) (settings app: main)"
    assert answer.evidence == (Evidence(".github/settings.yml", 6, "main: 1 approval(s)"),)


def test_terraform_branch_protection_is_yes(make_ctx: MakeContext) -> None:
    tf = (
        'resource "github_branch_protection" "main" {\n  pattern = "main"\n'
        "  required_pull_request_reviews {\n    required_approving_review_count = 2\n  }\n}\n"
    )
    answer = q30.detect(make_ctx(files={"github/repo.tf": tf}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("github/repo.tf", 1, "github_branch_protection.main: 2 approval(s)"),)


def test_codeowners_alone_is_unknown_with_the_rule_as_hint(make_ctx: MakeContext) -> None:
    ctx = make_ctx("terraform-envs-ci-cd", files={".github/settings.yml": "repository:\n  name: x\n"})
    answer = q30.detect(ctx)
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence(".github/CODEOWNERS", 3, "/infra/ @acme/platform"),)


def test_zero_approvals_is_not_a_requirement(make_ctx: MakeContext) -> None:
    settings = "branches:\n  - name: main\n    protection:\n      required_pull_request_reviews:\n" \
        "        required_approving_review_count: 0\n"  # fmt: skip
    ctx = make_ctx(files={".github/settings.yml": settings})
    assert [r.approvals for r in ctx.get(review_rules)] == [0]
    assert q30.detect(ctx).verdict is Verdict.UNKNOWN


def test_nothing_is_unknown_and_malformed_settings_warn(make_ctx: MakeContext) -> None:
    assert q30.detect(make_ctx("compose-local-only")).verdict is Verdict.UNKNOWN
    ctx = make_ctx(files={".github/settings.yml": "branches: [\n"})
    assert q30.detect(ctx).verdict is Verdict.UNKNOWN
    assert [w.path for w in ctx.repo.warnings] == [".github/settings.yml"]


def test_settings_app_ruleset_with_code_owner_review_is_yes(make_ctx: MakeContext) -> None:
    settings = (
        "rulesets:\n  - name: protect-main\n    target: branch\n    rules:\n      - type: deletion\n"
        "      - type: pull_request\n        parameters:\n          required_approving_review_count: 0\n"
        "          require_code_owner_review: true\n"
    )
    answer = q30.detect(make_ctx(files={".github/settings.yml": settings}))
    assert answer.verdict is Verdict.YES
    assert answer.reason == "merging requires code-owner review (settings app: protect-main)"
    assert answer.evidence == (Evidence(".github/settings.yml", 6, "protect-main: 0 approval(s)"),)
