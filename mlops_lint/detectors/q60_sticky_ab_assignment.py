"""Q60 sticky-ab-assignment: During an A/B test each customer keeps getting predictions from the same model version

## How it is detected
Only assessed when the project runs A/B tests (the engine answers na otherwise). Looks for a
variant derived from a stable key (`facts/ab_testing.py`): a hash (`hashlib`, `mmh3`, `xxhash`,
`crc32`) of a user, customer or record id in the A/B code found for Q59, or next to a variant or
bucket choice elsewhere; an experimentation SDK called with a user context (`StatsigUser`,
`create_user_context`, LaunchDarkly contexts, Eppo assignments); sticky sessions (Istio
`consistentHash`, `sessionAffinity: ClientIP`) or a pinned SageMaker `TargetVariant`.

## Answers
- YES: a stable assignment is found; evidence points at it.
- UNKNOWN: otherwise. A per-request traffic split (endpoint weights, `random` choice) is named,
  but callers may still pin a variant: a person must confirm.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.ab_testing import ab_testing
from mlops_lint.model import Answer, unknown, yes

CRITERION: Final = 60


def detect(ctx: Context) -> Answer:
    """Answer from the assignment logic next to the A/B tests."""
    found = ctx.get(ab_testing)
    if found.sticky:
        return yes(f"the variant is derived from a stable key ({found.sticky[0].location})", *found.sticky)
    if found.random_split:
        return unknown(
            "the A/B code picks the variant at random per request: confirm customers are pinned to one variant",
            *found.random_split,
        )
    if found.ab_tests:
        return unknown(
            "traffic is split between models, but no per-customer assignment was found: confirm callers are pinned "
            "to one variant (e.g. a hashed customer id, SageMaker TargetVariant)",
            *found.ab_tests[:2],
        )
    return unknown("no A/B assignment logic was found in the repository: confirm how customers are assigned")
