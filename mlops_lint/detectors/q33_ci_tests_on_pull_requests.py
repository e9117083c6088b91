"""Q33 ci-tests-on-pull-requests: Opening a pull request triggers CI that runs the automated tests

## How it is detected
Reads every CI pipeline (`facts/ci.py`, plus templated pipelines of project templates) and keeps
the jobs that run on pull requests or on pushes to feature branches. A job runs the tests when
one of its steps runs a test command (`ci.RUNS_TESTS`: pytest, unittest, tox, nox, `make test`,
`dbt test`...), directly or through the Makefile targets, scripts and job specs it calls
(`facts/ci_commands.py`). Installing a test runner is not running it, and pre-commit is not a
test suite.

## Answers
- YES: a job started by pull requests (or feature-branch pushes) runs the tests; evidence is the
  line that runs them.
- NO: code but no CI at all; or CI that never runs tests on pull requests (only after merge, or
  not at all).
- UNKNOWN: pull-request jobs call something that cannot be read (a missing script, another
  repository's reusable workflow), so the tests may run there; or neither code nor CI here.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts import ci
from mlops_lint.facts.ci_commands import CI_SEARCHED, all_pipelines, describe_triggers, opaque, step_runs
from mlops_lint.facts.code import code_corpus
from mlops_lint.model import Answer, Evidence, no, unknown, yes

CRITERION: Final = 33
BEFORE_MERGE: Final = frozenset({ci.PULL_REQUEST, ci.PUSH_BRANCH})


def detect(ctx: Context) -> Answer:
    """Yes when a pull-request job runs the tests."""
    pipelines = ctx.get(all_pipelines)
    jobs = [j for p in pipelines for j in p.jobs]
    before = [j for j in jobs if j.triggers & BEFORE_MERGE]
    for job in before:
        for step in job.steps:
            if (found := step_runs(ctx, step, ci.RUNS_TESTS)) is not None:
                return yes(f"the {job.name!r} job of {job.path} runs the tests on pull requests", found)
    if hidden := [Evidence(s.path, s.line, s.text.splitlines()[0]) for j in before for s in j.steps if opaque(ctx, s)]:
        return unknown("pull-request jobs call scripts or workflows that cannot be read: check they run the tests",
                       *hidden[:3])  # fmt: skip
    if not ctx.get(code_corpus).files:
        return unknown("the repository has no code, so there are no tests for CI to run here")
    if not pipelines:
        return no("the repository defines no CI pipeline", searched=CI_SEARCHED)
    searched = tuple(p.path for p in pipelines[:5])
    if later := [(j, e) for j in jobs if j not in before for s in j.steps if (e := step_runs(ctx, s, ci.RUNS_TESTS))]:
        job = later[0][0]
        return no(f"tests run only on {describe_triggers(job.triggers)} ({job.path}), never on pull requests",
                  searched=searched)  # fmt: skip
    if before:
        return no(f"{len(before)} job(s) run on pull requests but none runs tests", searched=searched)
    return no("no CI job runs on pull requests", searched=searched)
