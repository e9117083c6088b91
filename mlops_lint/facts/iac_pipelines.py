"""How the infrastructure code meets CI/CD and git: checked on pull requests, applied on merge.

A step checks IaC when it runs a known validator (`ci.VALIDATES_IAC`, also behind `make` or a
script), runs pre-commit with IaC hooks, or names an IaC file with a checking verb. It applies
IaC when it runs a known deployer (`ci.DEPLOYS_IAC`), names an IaC file with a deploying verb
(`anyscale service rollout -f deploy/service.yaml`), or runs an infrastructure SDK script.
Pull-request path filters are honoured: a check filtered to `src/**` never sees `infra/`.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts import ci
from mlops_lint.facts.ci import DEPLOYS_IAC, VALIDATES_IAC, Job, Step
from mlops_lint.facts.ci_commands import all_pipelines, on_throwaway_cluster, step_runs
from mlops_lint.facts.files import file_index
from mlops_lint.facts.history import git_history, is_pr_commit
from mlops_lint.facts.iac import untemplated
from mlops_lint.facts.iac_scope import IacScope, iac_scope
from mlops_lint.facts.precommit import CI_PRECOMMIT, hook_setup
from mlops_lint.gitlog import CommitInfo
from mlops_lint.model import Evidence

AUTOMATIC: Final = frozenset({ci.PUSH_MAIN, ci.TAG, ci.RELEASE})
DEPLOY_VERB: Final = lazy_re.compile(
    r"(?<![\w-])(?:deploy|apply|rollout|roll-out|up|upgrade|install|create|update|sync|provision)(?![\w-])",
    re.IGNORECASE,
)
CHECK_VERB: Final = lazy_re.compile(
    r"(?<![\w-])(?:validate|lint|plan|check|test|template|synth|diff|dry-run|what-if|preview|verify)(?![\w-])",
    re.IGNORECASE,
)
PYTHON_RUN: Final = lazy_re.compile(r"(?<![\w-])python[\d.]*\s+(?:-[a-zA-Z]+\s+)*\.?/?(\S+\.py)\b")
PATH_TOKEN: Final = lazy_re.compile(r"[\w.{}/@-]+")
IAC_HOOK: Final = lazy_re.compile(
    r"terraform|tofu|terragrunt|tflint|tfsec|checkov|trivy|terrascan|kics|helm|kube|kustomize|cfn|bicep|arm-ttk|"
    r"ansible|pulumi|cdk|bundle",
    re.IGNORECASE,
)
SYNTAX_HOOKS: Final = {"check-yaml": ("yaml", "yml"), "yamllint": ("yaml", "yml"), "check-json": ("json",)}
EXTERNAL_CD: Final = ("atlantis.yaml", "atlantis.yml", ".spacelift/config.yml", "env0.yml", ".env0.yml")
TF_CLOUD: Final = lazy_re.compile(r"^\s*(?:cloud\s*\{|backend\s+\"(?:remote|atlas)\")", re.MULTILINE)
MAX_HISTORY: Final = 20


@dataclasses.dataclass(frozen=True, slots=True)
class IacPipelines:
    """Where CI/CD checks and applies the infrastructure code (evidence lists, possibly empty)."""

    pr_checks: tuple[Evidence, ...]
    filtered_checks: tuple[Evidence, ...]  # on pull requests, but path filters leave the IaC out
    other_checks: tuple[Evidence, ...]  # IaC checks that never run on pull requests
    auto_applies: tuple[Evidence, ...]  # applied on merge to a long-lived branch, a tag or a release
    manual_applies: tuple[Evidence, ...]  # applied only by manually started pipelines
    unclear_applies: tuple[Evidence, ...]  # applied on a schedule, a branch push or by unlinked pipelines
    gitops: tuple[Evidence, ...]
    external: tuple[Evidence, ...]  # Atlantis, HCP Terraform, Spacelift: applies decided outside the repo
    precommit_ci: tuple[Evidence, ...] = ()  # IaC hooks in a config set up for pre-commit.ci (runs on PRs)


def iac_pipelines(ctx: Context) -> IacPipelines:
    """Relate every CI job to the infrastructure code."""
    scope = ctx.get(iac_scope)
    pipelines = ctx.get(all_pipelines)
    pr_paths = {p.path: p.pr_paths for p in pipelines}
    checks: dict[str, list[Evidence]] = {"pr": [], "filtered": [], "other": []}
    applies: dict[str, list[Evidence]] = {"auto": [], "manual": [], "unclear": []}
    hooks = _iac_hooks(ctx, scope) if scope.files else ()
    if scope.files:
        for system, job in ((p.system, j) for p in pipelines for j in p.jobs):
            for step in job.steps:
                if (found := _check(ctx, scope, step, hooks)) is not None:
                    checks[_check_kind(scope, job, pr_paths.get(job.path, ()))].append(found)
                if (found := _apply(ctx, scope, step)) is None:
                    continue
                if on_throwaway_cluster(job):  # applied to a cluster the job creates: a test of the manifests
                    checks[_check_kind(scope, job, pr_paths.get(job.path, ()))].append(found)
                else:
                    applies[_apply_kind(system, job)].append(found)
    gitops = tuple(Evidence(f.path, f.line, f.excerpt) for f in scope.files if f.kind == "gitops")
    precommit_ci = _precommit_ci(ctx, hooks) if scope.files else ()
    return IacPipelines(
        tuple(checks["pr"]),
        tuple(checks["filtered"]),
        tuple(checks["other"]),
        tuple(applies["auto"]),
        tuple(applies["manual"]),
        tuple(applies["unclear"]),
        gitops,
        _external(ctx, scope),
        precommit_ci,
    )


def _apply_kind(system: str, job: Job) -> str:
    if job.triggers & AUTOMATIC:
        return "auto"
    # A GitLab `when: manual` job may be the approval gate of a pipeline that a merge started.
    return "manual" if job.triggers <= {ci.MANUAL} and system != "gitlab-ci" else "unclear"


def _check_kind(scope: IacScope, job: Job, filters: tuple[str, ...]) -> str:
    if ci.PULL_REQUEST not in job.triggers:
        return "other"
    return "pr" if not filters or any(paths_match(filters, p) for p in scope.paths) else "filtered"


def _check(ctx: Context, scope: IacScope, step: Step, hooks: tuple[Evidence, ...]) -> Evidence | None:
    if (found := step_runs(ctx, step, VALIDATES_IAC)) is not None:
        return found
    if hooks and (found := step_runs(ctx, step, CI_PRECOMMIT, depth=0)) is not None:
        return Evidence(found.path, found.line, f"{found.excerpt} (IaC hook at {hooks[0].location})")
    if (token := _names_iac(scope, step.text)) and CHECK_VERB.search(step.text):
        return step_runs(ctx, step, lazy_re.compile(re.escape(token)), depth=0)
    return None


def _apply(ctx: Context, scope: IacScope, step: Step) -> Evidence | None:
    if (found := step_runs(ctx, step, DEPLOYS_IAC)) is not None:
        return found
    if (token := _names_iac(scope, step.text)) and DEPLOY_VERB.search(step.text):
        return step_runs(ctx, step, lazy_re.compile(re.escape(token)), depth=0)
    if scope.imperative:
        for match in PYTHON_RUN.finditer(step.text):
            if match.group(1) in scope.paths:
                return step_runs(ctx, step, lazy_re.compile(re.escape(match.group(0))), depth=0)
    return None


def _names_iac(scope: IacScope, text: str) -> str | None:
    return next((t for t in PATH_TOKEN.findall(text) if t.lstrip("./") in scope.paths), None)


def _iac_hooks(ctx: Context, scope: IacScope) -> tuple[Evidence, ...]:
    exts = {untemplated(p.lower()).rpartition(".")[2] for p in scope.paths}
    found = []
    for hook in ctx.get(hook_setup).hooks:
        if hook.manager != "pre-commit" or not hook.on_commit:
            continue
        if IAC_HOOK.search(hook.id) or exts.intersection(SYNTAX_HOOKS.get(hook.id, ())):
            found.append(hook.evidence)
    return tuple(found)


def _precommit_ci(ctx: Context, hooks: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    for path in {h.path for h in hooks}:
        text = ctx.repo.read_text(path) or ""
        if (match := re.search(r"^ci:", text, re.MULTILINE)) is not None:
            return (Evidence(path, text.count("\n", 0, match.start()) + 1, "ci:"), hooks[0])
    return ()


def paths_match(filters: tuple[str, ...], path: str) -> bool:
    """Whether a CI path filter list (globs, `!` negations, last match wins) selects `path`."""
    selected = False
    for raw in filters:
        negated = raw.startswith("!")
        if _glob(raw.removeprefix("!")).match(path):
            selected = not negated
    return selected


def _glob(pattern: str) -> re.Pattern[str]:
    pattern = re.sub(r"\{\{.*?\}\}", "*", pattern.strip().lstrip("./"))
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        else:
            out.append({"*": "[^/]*", "?": "[^/]"}.get(pattern[i], re.escape(pattern[i])))
            i += 1
    return lazy_re.compile("".join(out).rstrip("/") + "(?:/.*)?$")


def _external(ctx: Context, scope: IacScope) -> tuple[Evidence, ...]:
    index = ctx.get(file_index)
    found = [Evidence(p) for p in EXTERNAL_CD if p in index]
    for path in (p for p in scope.paths if p.endswith(".tf")):
        text = ctx.repo.read_text(path) or ""
        if (match := TF_CLOUD.search(text)) is not None:
            found.append(Evidence(path, text.count("\n", 0, match.start()) + 1, match.group(0).strip()))
    return tuple(found)


@dataclasses.dataclass(frozen=True, slots=True)
class IacHistory:
    """Recent first-parent commits that changed IaC (root commit left out), and which were PR merges."""

    available: bool
    shallow: bool
    commits: tuple[CommitInfo, ...]
    via_pr: tuple[CommitInfo, ...]
    pr_share: float | None  # share of all recent commits that were PR merges

    @property
    def direct(self) -> tuple[CommitInfo, ...]:
        """IaC changes pushed straight to the branch."""
        return tuple(c for c in self.commits if c not in self.via_pr)


def iac_history(ctx: Context) -> IacHistory:
    """How the infrastructure code changed in the recent history."""
    history = ctx.get(git_history)
    scope = ctx.get(iac_scope)
    touching = [c for c in history.commits if c.parents and any(scope.covers(p) for p in c.paths)]
    commits = tuple(touching[:MAX_HISTORY])
    via_pr = tuple(c for c in commits if is_pr_commit(c))
    return IacHistory(history.available, history.shallow, commits, via_pr, history.pr_share)


CONFIG_VALIDATORS: Final = lazy_re.compile(
    r"validate-pyproject|check-jsonschema|yamllint|trivy\s+(?:config|fs)|actionlint|hadolint|kubeconform|"
    r"\b(?:uv|poetry|pdm)\s+(?:lock\s+--check|check)\b|check-(?:yaml|toml|json)\b|taplo\s+(?:check|lint)|"
    r"docker\s+compose\s+config|cfn-lint|checkov|pre-commit\s+run",
    re.IGNORECASE,
)


def pr_config_checks(ctx: Context) -> tuple[Evidence, ...]:
    """Steps of pull-request jobs that validate configuration files (through make/tasks/scripts too)."""
    jobs = [j for pipeline in ctx.get(all_pipelines) for j in pipeline.jobs]
    found = (
        step_runs(ctx, step, CONFIG_VALIDATORS)
        for job in jobs
        if job.triggers & {ci.PULL_REQUEST, ci.PUSH_BRANCH}
        for step in job.steps
    )
    return tuple(dict.fromkeys(e for e in found if e is not None))
