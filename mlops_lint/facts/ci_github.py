"""GitHub Actions workflows to the shared `ci.Pipeline` model.

Forgiving: a workflow of odd shape yields what can be understood; invalid YAML is a warning
from `parse.load_yaml`, never an exception. Reusable workflows (`workflow_call`), follow-up
workflows (`workflow_run`) and local composite actions are resolved, so a deploy job hidden
behind them is still seen with the triggers that really start it.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Final

from mlops_lint.context import Context
from mlops_lint.facts import ci
from mlops_lint.facts.ci import Job, Pipeline, Step, branch_triggers
from mlops_lint.facts.files import file_index
from mlops_lint.facts.parse import LineDict, items, line_in, load_yaml, seq

MAX_CHAIN: Final = 5
GITHUB_EVENTS: Final = {
    "pull_request": ci.PULL_REQUEST,
    "pull_request_target": ci.PULL_REQUEST,
    "merge_group": ci.PUSH_MAIN,
    "schedule": ci.SCHEDULE,
    "workflow_dispatch": ci.MANUAL,
    "repository_dispatch": ci.MANUAL,
    "release": ci.RELEASE,
}


def parse_github(ctx: Context, path: str) -> Pipeline | None:
    """One workflow file, or None when it is not a usable workflow."""
    docs = load_yaml(ctx, path)
    if not docs or not isinstance(docs[0], LineDict):
        return None
    wf = docs[0]
    on = wf.get("on", wf.get(True))  # YAML 1.1 reads a bare `on` key as True
    triggers, pr_paths = _github_triggers(on)
    jobs = []
    for name, job in items(wf.get("jobs")):
        if not isinstance(job, dict):
            continue
        steps = [_github_step(ctx, path, step, line) for step, line in seq(job.get("steps"))]
        if isinstance(job.get("uses"), str):  # a reusable workflow call: resolved in _link_github
            steps.append(Step(path, line_in(job, "uses"), f"uses: {job['uses']}"))
        env = job.get("environment")
        env_name = env.get("name") if isinstance(env, dict) else env
        job_triggers = _narrow_by_condition(triggers, str(job.get("if", "")))
        jobs.append(Job(path, str(name), line_in(wf.get("jobs"), name), job_triggers, tuple(steps),
                        str(env_name) if env_name else None))  # fmt: skip
    run = on.get("workflow_run") if isinstance(on, dict) else None
    after = tuple(str(w) for w in run.get("workflows") or ()) if isinstance(run, dict) else ()
    name = str(wf.get("name") or path)
    return Pipeline("github-actions", path, name, triggers, tuple(jobs), pr_paths, after=after)


def _github_triggers(on: Any) -> tuple[frozenset[str], tuple[str, ...]]:
    events: dict[str, Any] = {}
    if isinstance(on, str):
        events = {on: None}
    elif isinstance(on, list):
        events = {str(e): None for e in on}
    elif isinstance(on, dict):
        events = {str(k): v for k, v in on.items()}
    found: set[str] = set()
    pr_paths: tuple[str, ...] = ()
    for event, spec in events.items():
        if event == "push":
            push = spec if isinstance(spec, dict) else {}
            if push.get("tags") and not push.get("branches"):
                found.add(ci.TAG)
            else:
                found |= branch_triggers(push.get("branches"))
        elif event in GITHUB_EVENTS:
            found.add(GITHUB_EVENTS[event])
            if event.startswith("pull_request") and isinstance(spec, dict):
                pr_paths = tuple(str(p) for p in spec.get("paths") or ())
        elif event == "workflow_run":
            found.add("workflow_run")
        elif event == "workflow_call":
            found.add("workflow_call")
        else:
            found.add(ci.OTHER)
    return frozenset(found), pr_paths


def _narrow_by_condition(triggers: frozenset[str], condition: str) -> frozenset[str]:
    cond = condition.replace('"', "'")
    if re.search(r"github\.event_name\s*==\s*'pull_request", cond):
        return triggers & {ci.PULL_REQUEST}
    if re.search(r"github\.event_name\s*==\s*'push'", cond) or re.search(
        r"github\.ref\s*==\s*'refs/heads/(main|master)'", cond
    ):
        return triggers & {ci.PUSH_MAIN, ci.PUSH_BRANCH} or triggers
    if re.search(r"github\.event_name\s*==\s*'schedule'", cond):
        return triggers & {ci.SCHEDULE}
    return triggers


def _github_step(ctx: Context, path: str, step: Any, line: int) -> Step:
    if not isinstance(step, dict):
        return Step(path, line, str(step))
    if isinstance(step.get("run"), str):
        return Step(path, line_in(step, "run"), step["run"])
    uses = str(step.get("uses", ""))
    parts = [f"uses: {uses}"]
    parts += [str(v) for _, v in items(step.get("with"))]
    if uses.startswith("./"):
        parts += _local_action_commands(ctx, uses[2:].rstrip("/"))
    return Step(path, line_in(step, "uses"), "\n".join(parts))


def _local_action_commands(ctx: Context, folder: str) -> list[str]:
    index = ctx.get(file_index)
    for name in ("action.yml", "action.yaml"):
        if f"{folder}/{name}" in index:
            docs = load_yaml(ctx, f"{folder}/{name}")
            runs = docs[0].get("runs") if docs and isinstance(docs[0], dict) else None
            steps = runs.get("steps") if isinstance(runs, dict) else None
            return [str(s.get("run") or s.get("uses", "")) for s, _ in seq(steps) if isinstance(s, dict)]
    return []


def link_github(pipelines: list[Pipeline]) -> list[Pipeline]:
    """Give reusable and follow-up workflows the triggers of the workflows that start them."""
    for _ in range(MAX_CHAIN):  # a reusable workflow may call another one: link to a fixed point
        linked = _link_once(pipelines)
        if linked == pipelines:
            break
        pipelines = linked
    return pipelines


def _link_once(pipelines: list[Pipeline]) -> list[Pipeline]:
    by_path = {p.path: p for p in pipelines}
    by_name = {p.name: p for p in pipelines}
    inherited: dict[str, set[str]] = {p.path: set() for p in pipelines}
    for caller in pipelines:
        for job in caller.jobs:
            for step in job.steps:
                target = step.text.removeprefix("uses: ./").split("@")[0]
                if step.text.startswith("uses: ./.github/workflows/") and target in by_path:
                    inherited[target] |= job.triggers
    for pipeline in pipelines:
        if "workflow_run" in pipeline.triggers:
            for upstream in by_name.values():
                if upstream.path != pipeline.path and upstream.name in pipeline.after:
                    inherited[pipeline.path] |= upstream.triggers
    return [_with_triggers(p, frozenset(inherited[p.path])) for p in pipelines]


def _with_triggers(pipeline: Pipeline, extra: frozenset[str]) -> Pipeline:
    if not extra:
        return pipeline
    jobs = tuple(Job(j.path, j.name, j.line, j.triggers | extra, j.steps, j.environment) for j in pipeline.jobs)
    return dataclasses.replace(pipeline, triggers=pipeline.triggers | extra, jobs=jobs)
