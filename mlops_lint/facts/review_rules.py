"""Review requirements kept as code: branch protection and rulesets the repository itself declares.

Branch protection normally lives on the server, out of sight. Two ways of keeping it in the
repository are read: the Probot settings app (`.github/settings.yml`, `branches[].protection`
and `rulesets[].rules`) and Terraform resources of the GitHub and GitLab providers
(`github_branch_protection`, `github_repository_ruleset`, `gitlab_project_approval_rule`...).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any, Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.files import file_index
from mlops_lint.facts.parse import line_in, load_yaml, seq

SETTINGS: Final = (".github/settings.yml", ".github/settings.yaml")
TF_RESOURCE: Final = lazy_re.compile(
    r"^\s*resource\s+\"(github_branch_protection(?:_v3)?|github_repository_ruleset|github_organization_ruleset|"
    r"gitlab_project_approval_rule|gitlab_project_level_mr_approvals|gitlab_branch_protection)\"\s+\"([\w-]+)\"",
    re.MULTILINE,
)
TF_APPROVALS: Final = lazy_re.compile(
    r"\b(?:required_approving_review_count|approvals_required|approvals_before_merge)\s*=\s*(\d+)"
)
TF_CODE_OWNERS: Final = lazy_re.compile(r"\b(?:require_code_owner_reviews?|code_owner_approval_required)\s*=\s*true")


@dataclasses.dataclass(frozen=True, slots=True)
class ReviewRule:
    """A review requirement declared in the repository, with how many approvals it asks for."""

    path: str
    line: int
    source: str
    target: str
    approvals: int | None
    code_owners: bool = False

    @property
    def requires_review(self) -> bool:
        """Whether at least one approval (or a code owner's) is required before merging."""
        return bool(self.approvals) or self.code_owners


def review_rules(ctx: Context) -> tuple[ReviewRule, ...]:
    """Every review requirement declared as code."""
    index = ctx.get(file_index)
    found: list[ReviewRule] = []
    for path in SETTINGS:
        if path in index:
            found += _probot(ctx, path)
    for path in index.with_ext("tf"):
        text = ctx.repo.read_text(path) or ""
        if "github_" in text or "gitlab_" in text:
            found += _terraform(path, text)
    return tuple(found)


def _probot(ctx: Context, path: str) -> Iterator[ReviewRule]:
    docs = load_yaml(ctx, path)
    doc = docs[0] if docs and isinstance(docs[0], dict) else {}
    for branch, branch_line in seq(doc.get("branches")):
        protection = branch.get("protection") if isinstance(branch, dict) else None
        if not isinstance(protection, dict):
            continue
        reviews = protection.get("required_pull_request_reviews")
        reviews = reviews if isinstance(reviews, dict) else {}
        line = line_in(protection, "required_pull_request_reviews") if reviews else branch_line
        yield ReviewRule(path, line, "settings app", str(branch.get("name", "?")), _count(reviews), _owners(reviews))
    for ruleset, line in seq(doc.get("rulesets")):
        rules = ruleset.get("rules") if isinstance(ruleset, dict) else None
        for rule, rule_line in seq(rules):
            if isinstance(rule, dict) and rule.get("type") == "pull_request":
                params = rule.get("parameters") if isinstance(rule.get("parameters"), dict) else {}
                name = str(ruleset.get("name", "ruleset"))
                yield ReviewRule(path, rule_line or line, "settings app", name, _count(params), _owners(params))


def _count(spec: Any) -> int | None:
    value = spec.get("required_approving_review_count") if isinstance(spec, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _owners(spec: Any) -> bool:
    return (
        isinstance(spec, dict) and spec.get("require_code_owner_reviews", spec.get("require_code_owner_review")) is True
    )


def _terraform(path: str, text: str) -> Iterator[ReviewRule]:
    for match in TF_RESOURCE.finditer(text):
        body = _block(text, match.end())
        approvals = TF_APPROVALS.search(body)
        line = text.count("\n", 0, match.start()) + 1
        count = int(approvals.group(1)) if approvals else None
        yield ReviewRule(
            path, line, "terraform", f"{match.group(1)}.{match.group(2)}", count, bool(TF_CODE_OWNERS.search(body))
        )


def _block(text: str, start: int) -> str:
    opening = text.find("{", start)
    if opening < 0:
        return ""
    depth = 0
    for i in range(opening, min(len(text), opening + 20000)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return text[opening : i + 1]
    return text[opening : opening + 20000]
