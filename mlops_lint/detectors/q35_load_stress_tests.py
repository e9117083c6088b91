"""Q35 load-stress-tests: Real-time APIs are load- and stress-tested regularly to confirm they meet latency targets

## How it is detected
Runs only when the project serves a model in real time (the engine answers na otherwise).
Looks for load-test scripts and commands: Locust or molotov files, k6 scripts, JMeter `.jmx`
plans, Gatling simulations, artillery configs, wrk Lua scripts, load generators (vegeta, wrk,
hey, ab, bombardier, oha, ghz, siege, perf_analyzer) in CI steps, Makefiles and shell scripts,
and managed load tests (SageMaker Inference Recommender, Azure Load Testing). Then checks which
pipelines run them and on what trigger (a schedule, a release or tag, a deployment).

## Answers
- YES: load tests exist; the reason says which pipeline runs them, or that none does (then
  someone must run them regularly by hand).
- UNKNOWN: only documentation mentions load tests, or a load-testing package is a dependency
  without any script: a person should confirm where the tests live and how often they run.
- NO: no load-test script, command, pipeline step, document or dependency was found.

## Limits
Load tests kept in another repository or run by a performance team are invisible: record them
in `.mlops-lint.yaml`. Hand-written request loops without a load-testing tool are not counted.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.ci import MANUAL, PULL_REQUEST, PUSH_MAIN, RELEASE, SCHEDULE, TAG
from mlops_lint.facts.loadtests import load_testing
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 35
TRIGGER_WORDS: Final = {
    SCHEDULE: "on a schedule",
    RELEASE: "on releases",
    TAG: "on tags",
    PUSH_MAIN: "on merges to the main branch",
    PULL_REQUEST: "on pull requests",
    MANUAL: "on demand",
}
SEARCHED: Final = (
    "locustfile*.py and locust/molotov imports",
    "k6 scripts (import from 'k6')",
    "JMeter .jmx, Gatling simulations, artillery configs, wrk Lua scripts",
    "vegeta/wrk/hey/ab/bombardier/oha/ghz/perf_analyzer commands in CI, Makefiles and shell scripts",
    "load-test sections in README and docs, load-testing dependencies",
)


def detect(ctx: Context) -> Answer:
    """Answer from the load-test scripts and the pipelines that run them."""
    found = ctx.get(load_testing)
    if found.tests or found.runs:
        tools = ", ".join(dict.fromkeys(t.tool for t in found.tests)) or "a load-test step"
        if found.runs:
            triggers = {t for run in found.runs for t in run.triggers}
            when = [w for t, w in TRIGGER_WORDS.items() if t in triggers] or ["on other events"]
            how = f"run by {found.runs[0].evidence.path} {' and '.join(when[:2])}"
        else:
            how = "no pipeline runs them, so confirm they are run regularly against the latency targets"
        return yes(
            f"load tests found ({tools}); {how}",
            *(t.evidence for t in found.tests[:4]),
            *(r.evidence for r in found.runs[:2]),
        )
    if found.hints:
        return unknown(
            "load testing is mentioned but no load-test script or pipeline step was found; "
            "confirm where the tests live and how often they run",
            *found.hints,
        )
    return no("no load or stress tests were found for the real-time API", searched=SEARCHED)
