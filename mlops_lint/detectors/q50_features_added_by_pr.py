"""Q50 features-added-by-pr: New features reach the feature store through pull requests that data scientists can open

## How it is detected
Feature definitions must be code in this repository (`facts/feature_store.py`: feature views,
entities, feature groups or tables created or written through a store client), and CI must
carry them to the store: a step that plans or applies them (`feast apply`, `tecton plan`,
`featureform apply`), or, for stores fed by jobs, a pipeline that tests pull requests and
deploys the repository (its feature jobs included) after merge (`facts/ml_delivery.py`).

## Answers
- YES: definitions are code and CI applies them, or tests them on pull requests and deploys them on merge.
- NO: no feature store is used at all (all the code was read).
- UNKNOWN: a store is used but its definitions are not here (they may live in a feature
  repository); or definitions are here but no CI applies them (they may be applied by hand).
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts import ci
from mlops_lint.facts.ci_commands import all_pipelines, step_runs
from mlops_lint.facts.feature_store import SEARCHED, feature_store_use
from mlops_lint.facts.ml_delivery import MERGE, ml_deliveries
from mlops_lint.model import Answer, Evidence, no, unknown, yes

CRITERION: Final = 50


def detect(ctx: Context) -> Answer:
    """Yes when feature definitions are code that CI applies after review."""
    store = ctx.get(feature_store_use)
    if not store.present:
        if doubt := store.absence_doubt():
            return unknown(doubt)
        return no("no feature store is used, so no feature reaches one through pull requests", searched=SEARCHED)
    if not store.definitions:
        return unknown(f"a feature store is used ({store.names}) but its feature definitions are not in this "
                       "repository: confirm they are changed by pull request", *store.online_reads[:1])  # fmt: skip
    if store.applies:
        return yes(
            "feature definitions are code and CI applies them to the store", store.definitions[0], *store.applies
        )
    merged = [d.evidence for d in ctx.get(ml_deliveries) if d.when == MERGE]
    checked = _pull_request_tests(ctx)
    if merged and checked is not None:
        return yes(
            "feature definitions are code, tested on pull requests and deployed by CI after merge",
            store.definitions[0],
            checked,
            merged[0],
        )
    return unknown("feature definitions are code, but no CI applies them after review: confirm how they reach the store",
                   *store.definitions[:2])  # fmt: skip


def _pull_request_tests(ctx: Context) -> Evidence | None:
    for pipeline in ctx.get(all_pipelines):
        for job in pipeline.jobs:
            if job.triggers & {ci.PULL_REQUEST, ci.PUSH_BRANCH}:
                for step in job.steps:
                    if (found := step_runs(ctx, step, ci.RUNS_TESTS)) is not None:
                        return found
    return None
