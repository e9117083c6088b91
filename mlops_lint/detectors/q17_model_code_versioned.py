"""Q17 model-code-versioned: Model code is versioned alongside the data preparation code and any API code

## How it is detected
Uses the ML roles of the tracked code (`facts/ml_code.py`): training code (`fit` calls, trainer
APIs, boosting `train`, training loops, SageMaker/Azure ML training jobs), data preparation code
(as in Q16) and, when the project serves a model in real time (`facts/usecase.py`), serving code
(FastAPI/Flask/BentoML apps, endpoint deployments, scoring handlers). All must be tracked in this
repository. A real-time use case found only in configuration (a prebuilt model server) needs no
API code of its own.

## Answers
- YES: training code is tracked together with data preparation (and serving) code; evidence is
  one line per role.
- UNKNOWN: the folder is not a git work tree; or a role is missing here (it may live in another
  repository that pins its versions: confirm).
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.files import file_index
from mlops_lint.facts.ml_code import DATA_PREP, SERVING, TRAINING, evidence_of, ml_code
from mlops_lint.facts.usecase import REALTIME, use_cases
from mlops_lint.model import Answer, unknown, yes

CRITERION: Final = 17


def detect(ctx: Context) -> Answer:
    """Yes when training, data preparation and (for real-time projects) serving code are all tracked."""
    code = ctx.get(ml_code)
    realtime = REALTIME in ctx.get(use_cases).kinds
    wanted = [TRAINING, DATA_PREP] + ([SERVING] if realtime and code.has(SERVING) else [])
    found = evidence_of(code, wanted)
    if not ctx.get(file_index).tracked:
        return unknown("this folder is not a git work tree, so nothing here is under version control", *found)
    missing = [role for role in wanted if not code.has(role)]
    if not missing:
        api = " and serving" if SERVING in wanted else ""
        return yes(f"training, data preparation{api} code are tracked in this repository", *found)
    present = f" ({', '.join(r for r in wanted if r not in missing)} code is here)" if found else ""
    return unknown(
        f"no tracked {' or '.join(missing)} code was found{present}: confirm it is versioned, "
        "and if it lives in another repository, that this one pins its version",
        *found,
    )
