"""Q59 ab-tests-regular: A/B tests are run regularly to compare models

## How it is detected
Searches code and config (`facts/ab_testing.py`; tests and comment lines left out) for
experimentation SDKs (GrowthBook, LaunchDarkly, Unleash, Optimizely, Statsig, Eppo, Split), for
live traffic split between two or more model versions (SageMaker variant weights, KServe
`canaryTrafficPercent`, Istio/Gateway API route weights, Seldon and Azure ML `traffic`, Vertex
`traffic_split` and `traffic_percentage`, Databricks served-model routes), and for code that
routes requests between two models in a file that speaks of A/B tests.

## Answers
- YES: one of these is found. Whether tests run *regularly* is for a person to confirm.
- UNKNOWN: an experimentation SDK is declared but not used in the code read, or the code was not
  read in full.
- NO: none of it (a single deployment taking 100% of the traffic is no split).
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.ab_testing import ab_testing
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 59


def detect(ctx: Context) -> Answer:
    """Answer from SDKs, traffic splits and A/B routing code."""
    found = ctx.get(ab_testing)
    if found.ab_tests:
        return yes(
            f"models are compared on live traffic ({found.ab_tests[0].location}); confirm the tests run regularly",
            *found.ab_tests[:3],
        )
    if found.ab_declared:
        return unknown("an experimentation SDK is declared but no code read uses it: confirm", *found.ab_declared)
    if not found.complete:
        return unknown("no A/B test in the code and config read, but they were not read in full")
    return no(
        "no A/B test: no experimentation SDK, no traffic split between model versions, no A/B routing code",
        searched=(
            "GrowthBook, LaunchDarkly, Unleash, Optimizely, Statsig, Eppo, Split SDKs",
            "traffic splits: SageMaker variants, KServe canary, Istio weights, Seldon, Azure ML, Vertex, Databricks",
            "code routing requests between two models",
        ),
    )
