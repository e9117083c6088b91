"""Q15 production-data-access: Every environment of the project can read the same, current production data

## How it is detected
Data access is granted in the data platform (catalog grants, storage permissions), not in the
repository, so the answer is normally for a person to give. The documentation is searched for
an explicit statement that every (or the pre-production) environment reads the production
data (`facts/infra_docs.py`); negated sentences ("never use production data in dev") do not
count.

## Answers
- YES: the documentation states that the environments read the production data.
- UNKNOWN: otherwise; confirm the grants of each environment's identity on the production data.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.infra_docs import production_data_statements
from mlops_lint.model import Answer, unknown, yes

CRITERION: Final = 15


def detect(ctx: Context) -> Answer:
    """Look for a documented statement that all environments read the production data."""
    if statements := ctx.get(production_data_statements):
        return yes("the documentation states that the environments read the production data", *statements[:3])
    return unknown(
        "data access is granted outside the repository: confirm that each environment's identity "
        "can read the current production data"
    )
