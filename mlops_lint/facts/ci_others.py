"""GitLab CI, Azure Pipelines and the other CI systems, to the shared `ci.Pipeline` model.

GitLab and Azure get real trigger parsing (rules, only/except, trigger/pr); AWS CodePipeline
pipelines defined in CloudFormation get their source branch and stages; the rest (CircleCI,
Bitbucket, Travis, Jenkins...) are read for their commands with their systems' default triggers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts import ci
from mlops_lint.facts.ci import Job, Pipeline, Step, branch_triggers
from mlops_lint.facts.code import SourceFile
from mlops_lint.facts.files import file_index
from mlops_lint.facts.parse import LineDict, items, line_in, load_yaml, seq
from mlops_lint.facts.tracking import config_corpus

GENERIC_FILES: Final = {
    ".circleci/config.yml": ("circleci", {ci.PUSH_MAIN, ci.PUSH_BRANCH}),
    ".travis.yml": ("travis", {ci.PUSH_MAIN, ci.PUSH_BRANCH, ci.PULL_REQUEST}),
    ".drone.yml": ("drone", {ci.PUSH_MAIN, ci.PUSH_BRANCH}),
    ".woodpecker.yml": ("woodpecker", {ci.PUSH_MAIN, ci.PUSH_BRANCH}),
    "appveyor.yml": ("appveyor", {ci.PUSH_MAIN, ci.PUSH_BRANCH, ci.PULL_REQUEST}),
    ".buildkite/pipeline.yml": ("buildkite", {ci.PUSH_MAIN, ci.PUSH_BRANCH}),
    "buildspec.yml": ("codebuild", {ci.OTHER}),
}
AZURE_DIRS: Final = lazy_re.compile(
    r"(^|/)(\.?azure[-_]?pipelines?|\.?azure[-_]?devops|\.?ado(?:[-_]pipelines?)?|\.pipelines|pipelines|devops|cicd|ci|build|"
    r"mlops|templates)/",
    re.IGNORECASE,
)
AZURE_KEYS: Final = frozenset({"trigger", "pr", "stages", "jobs", "steps", "pool", "extends"})
GITLAB_RESERVED: Final = frozenset(
    {"default", "include", "stages", "variables", "workflow", "image", "services", "cache",
     "before_script", "after_script", "types"}
)  # fmt: skip
COMMAND_KEYS: Final = frozenset(
    {"run", "script", "command", "commands", "cmd", "args", "bash", "pwsh", "powershell",
     "inlinescript", "scriptpath", "before_script", "after_script", "install", "task", "uses", "template"}
)  # fmt: skip
BITBUCKET_KINDS: Final = {
    "pull-requests": frozenset({ci.PULL_REQUEST}),
    "tags": frozenset({ci.TAG}),
    "custom": frozenset({ci.MANUAL}),
}
JENKINS_STEP: Final = lazy_re.compile(
    r"\b(?:sh|bat|powershell|pwsh)\s*\(?\s*(?:script:\s*)?('\'\'|\"\"\"|'|\")(.*?)\1", re.DOTALL
)


def parse_others(ctx: Context) -> Iterator[Pipeline]:
    """Pipelines of every non-GitHub CI system the repository tracks."""
    index = ctx.get(file_index)
    if ".gitlab-ci.yml" in index:
        yield from _gitlab(ctx, ".gitlab-ci.yml")
    for path in index.with_ext("yml", "yaml"):
        name = path.rpartition("/")[2].lower()
        azure_like = "azure-pipelines" in name or AZURE_DIRS.search(path)
        if azure_like and not path.startswith(".github/") and (pipeline := _azure(ctx, path)) is not None:
            yield pipeline
    for path, (system, triggers) in GENERIC_FILES.items():
        if path in index and (pipeline := _generic(ctx, path, system, frozenset(triggers))):
            yield pipeline
    for path in index.containing("cloudbuild"):
        is_build = path.endswith((".yaml", ".yml")) and _is_cloud_build(path)
        if is_build and (pipeline := _generic(ctx, path, "cloud-build", _cloud_build_triggers(path))):
            yield pipeline
    if "bitbucket-pipelines.yml" in index:
        yield from _bitbucket(ctx, "bitbucket-pipelines.yml")
    for path in index.named("Jenkinsfile"):
        yield _jenkins(ctx, path)
    yield from _codepipelines(ctx)


def commands_in(value: Any, path: str, line: int = 1, key: str = "") -> Iterator[Step]:
    """Command-like strings anywhere in a YAML value, each with its nearest known line."""
    if isinstance(value, LineDict):
        for k, v in value.items():
            yield from commands_in(v, path, value.line_of(k), str(k).lower())
    elif isinstance(value, list):
        for item, item_line in seq(value):
            yield from commands_in(item, path, item_line if item_line > 1 else line, key)
    elif isinstance(value, str) and (key in COMMAND_KEYS or key.endswith("script") or key.startswith("script_")):
        # `script_parameter: python -m ...` passes a command to a template that runs it
        yield Step(path, line, f"{key}: {value}" if key in {"task", "uses", "template"} else value)


# --- GitLab CI ------------------------------------------------------------------------------


def _gitlab(ctx: Context, root: str) -> Iterator[Pipeline]:
    seen: set[str] = set()
    pending = [root]
    while pending:
        path = pending.pop(0)
        if path in seen or path not in ctx.get(file_index):
            continue
        seen.add(path)
        docs = load_yaml(ctx, path)
        if not docs or not isinstance(docs[0], LineDict):
            continue
        doc: LineDict = docs[0]
        pending += _gitlab_includes(doc.get("include"))
        workflow = doc.get("workflow")
        base = (
            _gitlab_rule_triggers(workflow.get("rules"))
            if isinstance(workflow, dict)
            else frozenset({ci.PUSH_MAIN, ci.PUSH_BRANCH, ci.TAG})
        )
        jobs = [
            _gitlab_job(path, name, job, doc, base)
            for name, job in items(doc)
            if isinstance(job, LineDict) and name not in GITLAB_RESERVED and not str(name).startswith(".")
        ]
        triggers = frozenset().union(*(j.triggers for j in jobs)) if jobs else base
        yield Pipeline("gitlab-ci", path, path, triggers, tuple(jobs))


def _gitlab_includes(include: Any) -> list[str]:
    entries = include if isinstance(include, list) else [include]
    found = []
    for entry in entries:
        local = entry.get("local") if isinstance(entry, dict) else entry
        if isinstance(local, str) and "://" not in local and "*" not in local:
            found.append(local.lstrip("/"))
    return found


def _gitlab_job(path: str, name: Any, job: LineDict, doc: LineDict, base: frozenset[str]) -> Job:
    merged = dict(job)
    for parent in [job.get("extends")] if isinstance(job.get("extends"), str) else job.get("extends") or []:
        if isinstance(doc.get(parent), dict):
            merged = {**doc[parent], **merged}
    triggers = base
    if "rules" in merged:
        triggers = _gitlab_rule_triggers(merged["rules"]) or base
    elif "only" in merged:
        triggers = _gitlab_only(merged["only"])
    if merged.get("when") == "manual":
        triggers = frozenset({ci.MANUAL})
    steps = [s for key in ("before_script", "script", "after_script", "trigger")
             for s in commands_in(merged.get(key), path, line_in(job, key), "script")]  # fmt: skip
    env = merged.get("environment")
    env_name = env.get("name") if isinstance(env, dict) else env
    return Job(path, str(name), line_in(doc, name), triggers, tuple(steps), str(env_name) if env_name else None)


def _gitlab_rule_triggers(rules: Any) -> frozenset[str]:
    found: set[str] = set()
    for rule, _ in seq(rules):
        cond = str(rule.get("if", "")) if isinstance(rule, dict) else ""
        if isinstance(rule, dict) and rule.get("when") == "never":
            continue
        if isinstance(rule, dict) and rule.get("when") == "manual":
            found.add(ci.MANUAL)
        elif "merge_request_event" in cond:
            found.add(ci.PULL_REQUEST)
        elif "CI_DEFAULT_BRANCH" in cond or re.search(r"CI_COMMIT_(BRANCH|REF_NAME)\s*==\s*['\"]?(main|master)", cond):
            found.add(ci.PUSH_MAIN)
        elif "CI_COMMIT_TAG" in cond:
            found.add(ci.TAG)
        elif '"schedule"' in cond or "'schedule'" in cond:
            found.add(ci.SCHEDULE)
        elif not cond or "CI_COMMIT_BRANCH" in cond:
            found |= {ci.PUSH_MAIN, ci.PUSH_BRANCH}
        else:
            found.add(ci.OTHER)
    return frozenset(found)


def _gitlab_only(only: Any) -> frozenset[str]:
    refs = only.get("refs", []) if isinstance(only, dict) else only
    refs = refs if isinstance(refs, list) else [refs]
    found: set[str] = set()
    for ref in map(str, refs):
        special = {"merge_requests": ci.PULL_REQUEST, "tags": ci.TAG, "schedules": ci.SCHEDULE,
                   "branches": ci.PUSH_BRANCH, "web": ci.MANUAL}  # fmt: skip
        found |= {special[ref]} if ref in special else branch_triggers([ref])
    return frozenset(found)


# --- Azure Pipelines ------------------------------------------------------------------------


def _azure(ctx: Context, path: str) -> Pipeline | None:
    docs = load_yaml(ctx, path)
    if not docs or not isinstance(docs[0], LineDict):
        return None
    doc = docs[0]
    keys = {str(k) for k in doc}
    if not keys & AZURE_KEYS or "on" in keys or True in doc:
        return None
    if not keys & {"trigger", "pr"} and not keys & {"stages", "jobs", "steps"}:
        return None
    triggers = _azure_triggers(doc) if keys & {"trigger", "pr", "schedules"} or "pool" in keys else frozenset(
        {ci.OTHER})  # fmt: skip
    jobs = []
    for name, body, line in _azure_jobs(doc):
        env = body.get("environment") if isinstance(body, dict) else None  # `steps:` is a list
        env_name = env.get("name") if isinstance(env, dict) else env
        steps = tuple(commands_in(body, path, line))
        jobs.append(Job(path, name, line, triggers, steps, str(env_name) if env_name else None))
    return Pipeline("azure-pipelines", path, str(doc.get("name") or path), triggers, tuple(jobs))


def _azure_triggers(doc: LineDict) -> frozenset[str]:
    found: set[str] = set()
    trigger, pr = doc.get("trigger", ...), doc.get("pr", ...)
    if trigger is ...:
        found |= {ci.PUSH_MAIN, ci.PUSH_BRANCH}
    elif trigger != "none":
        found |= branch_triggers(_azure_branches(trigger))
    if pr is ... or (pr != "none" and pr is not None):
        found.add(ci.PULL_REQUEST)
    if doc.get("schedules"):
        found.add(ci.SCHEDULE)
    return frozenset(found)


def _azure_branches(spec: Any) -> Any:
    if isinstance(spec, dict):
        branches = spec.get("branches")
        return branches.get("include") if isinstance(branches, dict) else branches
    return spec


def _azure_jobs(doc: LineDict) -> Iterator[tuple[str, Any, int]]:
    if "steps" in doc:
        yield "steps", doc["steps"], line_in(doc, "steps")
    for stage, stage_line in seq(doc.get("stages")):
        if isinstance(stage, dict):
            for job, line in seq(stage.get("jobs")):
                yield _azure_job_name(stage, job), job, line
            if "template" in stage:
                yield str(stage["template"]), stage, stage_line
    for job, line in seq(doc.get("jobs")):
        yield _azure_job_name({}, job), job, line
    if "extends" in doc:
        yield "extends", doc["extends"], line_in(doc, "extends")


def _azure_job_name(stage: Any, job: Any) -> str:
    name = job.get("job") or job.get("deployment") or job.get("template") if isinstance(job, dict) else None
    prefix = f"{stage.get('stage')}." if isinstance(stage, dict) and stage.get("stage") else ""
    return f"{prefix}{name or 'job'}"


# --- the rest -------------------------------------------------------------------------------


def _generic(ctx: Context, path: str, system: str, triggers: frozenset[str]) -> Pipeline | None:
    docs = load_yaml(ctx, path)
    if not docs:
        return None
    steps = tuple(s for doc in docs for s in commands_in(doc, path))
    if system == "cloud-build":
        steps += tuple(s for doc in docs for s in _cloud_build_steps(doc, path))
    return Pipeline(system, path, path, triggers, (Job(path, system, 1, triggers, steps),))


# Cloud Build triggers live in the Google Cloud console; a build file's name says its usual one
# (`pr-checks.yaml`, `terraform-plan.yaml` on pull requests, `terraform-apply.yaml` on merge).
CLOUD_BUILD_TRIGGERS: Final = (
    (frozenset({"pr", "prs", "pull", "presubmit", "plan"}), ci.PULL_REQUEST),
    (frozenset({"release", "releases", "tag", "tags"}), ci.TAG),
    (frozenset({"apply", "deploy", "cd", "merge", "postsubmit", "main"}), ci.PUSH_MAIN),
)


def _is_cloud_build(path: str) -> bool:
    """`cloudbuild.yaml`, `cloudbuild-api.yaml`, or a build file in a `cloudbuild/` folder."""
    folders, _, name = path.lower().rpartition("/")
    return name.startswith("cloudbuild") or "cloudbuild" in folders.split("/")


def _cloud_build_triggers(path: str) -> frozenset[str]:
    words = set(re.split(r"[-_.]", path.rpartition("/")[2].lower()))
    return frozenset(kind for names, kind in CLOUD_BUILD_TRIGGERS if words & names) or frozenset({ci.OTHER})


def _cloud_build_steps(doc: Any, path: str) -> Iterator[Step]:
    """Cloud Build steps as the commands they run: a builder image's tool (or the entrypoint) and its args
    (`name: gcr.io/cloud-builders/gcloud`, `args: [run, deploy, api]` -> `gcloud run deploy api`)."""
    for step, line in seq(doc.get("steps") if isinstance(doc, dict) else None):
        args = step.get("args") if isinstance(step, dict) else None
        if not isinstance(args, list) or not all(isinstance(a, str | int | float) for a in args):
            continue
        tool = step.get("entrypoint") or str(step.get("name", "")).rpartition("/")[2].partition(":")[0]
        tool = "gcloud" if tool == "cloud-sdk" else tool
        yield Step(path, line, " ".join([str(tool), *map(str, args)]))


def _bitbucket(ctx: Context, path: str) -> Iterator[Pipeline]:
    docs = load_yaml(ctx, path)
    pipelines = docs[0].get("pipelines") if docs and isinstance(docs[0], dict) else None
    jobs = []
    for kind, spec in items(pipelines):
        line = line_in(pipelines, kind)
        if kind == "default":
            both = frozenset({ci.PUSH_MAIN, ci.PUSH_BRANCH})
            jobs.append(Job(path, "default", line, both, tuple(commands_in(spec, path, line))))
            continue
        for name, body in items(spec):
            triggers = BITBUCKET_KINDS.get(str(kind)) or branch_triggers([str(name)])
            jobs.append(Job(path, f"{kind}.{name}", line, triggers, tuple(commands_in(body, path, line))))
    all_triggers = frozenset().union(*(j.triggers for j in jobs)) if jobs else frozenset()
    yield Pipeline("bitbucket", path, path, all_triggers, tuple(jobs))


def _jenkins(ctx: Context, path: str) -> Pipeline:
    text = ctx.repo.read_text(path) or ""
    triggers = frozenset({ci.PUSH_MAIN, ci.PUSH_BRANCH, ci.PULL_REQUEST})
    steps = tuple(
        Step(path, text.count("\n", 0, m.start()) + 1, m.group(2).strip()) for m in JENKINS_STEP.finditer(text)
    )
    return Pipeline("jenkins", path, path, triggers, (Job(path, "Jenkinsfile", 1, triggers, steps),))


# --- AWS CodePipeline (in CloudFormation) ------------------------------------------------------

CODEPIPELINE: Final = "AWS::CodePipeline::Pipeline"
# Source actions that follow a branch of a repository: the pipeline runs on each merge to it.
BRANCH_SOURCES: Final = frozenset({"CodeCommit", "GitHub", "CodeStarSourceConnection", "Bitbucket"})
BUILDSPEC: Final = lazy_re.compile(r"[\w./-]*buildspec[\w.-]*\.ya?ml")


def _codepipelines(ctx: Context) -> Iterator[Pipeline]:
    """CodePipeline pipelines declared in CloudFormation templates (YAML or JSON) of the config read."""
    for source in ctx.get(config_corpus).files:
        if CODEPIPELINE not in source.text:
            continue
        for doc in load_yaml(ctx, source.path) or []:
            resources = doc.get("Resources") if isinstance(doc, dict) else None
            for name, resource in items(resources):
                if isinstance(resource, dict) and resource.get("Type") == CODEPIPELINE:
                    yield _codepipeline(ctx, source, str(name), resource, line_in(resources, name))


def _codepipeline(ctx: Context, template: SourceFile, name: str, resource: Any, line: int) -> Pipeline:
    """One pipeline: a job per stage, a step per action (`Deploy action DeployDev: CloudFormation`);
    a build action's steps are the commands of the buildspec files the template names."""
    index, path = ctx.get(file_index), template.path
    stages = [(s, n) for s, n in seq(_get(resource, "Properties", "Stages")) if isinstance(s, dict)]
    actions = [(stage, a, n) for stage, _ in stages for a, n in seq(stage.get("Actions")) if isinstance(a, dict)]
    branch = any(
        _get(a, "ActionTypeId", "Category") == "Source" and _get(a, "ActionTypeId", "Provider") in BRANCH_SOURCES
        for _, a, _ in actions
    )
    triggers = frozenset({ci.PUSH_MAIN if branch else ci.OTHER})
    specs = [p for p in dict.fromkeys(BUILDSPEC.findall(template.text)) if p in index]
    built = [s for spec in specs for doc in load_yaml(ctx, spec) or [] for s in commands_in(doc, spec)]
    jobs = []
    for stage, stage_line in stages:
        steps: list[Step] = []
        for action, action_line in ((a, n) for s, a, n in actions if s is stage):
            category, provider = _get(action, "ActionTypeId", "Category"), _get(action, "ActionTypeId", "Provider")
            steps.append(Step(path, action_line, f"{category} action {action.get('Name')}: {provider}"))
            if category == "Build" and provider == "CodeBuild":
                steps += built
        jobs.append(Job(path, f"{name}/{stage.get('Name')}", stage_line, triggers, tuple(steps)))
    return Pipeline("codepipeline", path, name, triggers, tuple(jobs), line=line)


def _get(value: Any, *keys: str) -> Any:
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value
