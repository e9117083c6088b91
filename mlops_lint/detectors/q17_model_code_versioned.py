"""Q17 model-code-versioned: Model code is versioned alongside the data preparation code and any API code

## How it is detected
Uses the ML roles of the tracked code (`facts/ml_code.py`): training code (`fit` calls, trainer
APIs, boosting `train`, training loops, SageMaker/Azure ML training jobs), data preparation code
(as in Q16) and, when the project serves a model in real time (`facts/usecase.py`), serving code
(FastAPI/Flask/BentoML apps, endpoint deployments, scoring handlers). All must be tracked in this
repository. A file named for a role counts when its libraries come through the modules it imports
(`facts/import_roles.py`), and the reason says how the import graph ties training to data
preparation and the API to the model code. A real-time use case found only in configuration (a prebuilt model server) needs no
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
from mlops_lint.facts.import_roles import named_through_imports, role_link
from mlops_lint.facts.imports import import_graph
from mlops_lint.facts.ml_code import DATA_PREP, SERVING, TRAINING, ml_code
from mlops_lint.facts.usecase import REALTIME, use_cases
from mlops_lint.model import Answer, unknown, yes

CRITERION: Final = 17


def detect(ctx: Context) -> Answer:
    """Yes when training, data preparation and (for real-time projects) serving code are all tracked."""
    code = ctx.get(ml_code)
    realtime = REALTIME in ctx.get(use_cases).kinds
    wanted = [TRAINING, DATA_PREP] + ([SERVING] if realtime and code.has(SERVING) else [])
    named = {r: e[0] for r in wanted if not code.has(r) and (e := named_through_imports(ctx, r))}
    found = tuple(ev for r in wanted if (ev := code.best(r) or named.get(r)) is not None)
    if not ctx.get(file_index).tracked:
        return unknown("this folder is not a git work tree, so nothing here is under version control", *found)
    missing = [role for role in wanted if not code.has(role) and role not in named]
    if not missing:
        api = " and serving" if SERVING in wanted else ""
        return yes(f"training, data preparation{api} code are tracked in this repository{_links(ctx, wanted)}", *found)
    present = f" ({', '.join(r for r in wanted if r not in missing)} code is here)" if found else ""
    return unknown(
        f"no tracked {' or '.join(missing)} code was found{present}: confirm it is versioned, "
        "and if it lives in another repository, that this one pins its version",
        *found,
    )


def _links(ctx: Context, roles: list[str]) -> str:
    """How the import graph ties the code together, in words (empty when it does not)."""
    graph = ctx.get(import_graph)
    tries = [[(TRAINING, DATA_PREP)]] + ([[(SERVING, TRAINING), (SERVING, DATA_PREP)]] if SERVING in roles else [])
    said = []
    for alternatives in tries:
        found = next(((link, target) for s, target in alternatives if (link := role_link(ctx, s, target))), None)
        if found is not None:
            (path, how), target = found
            said.append(f"{path} {how.describe(graph, target)}")
    return f": {'; '.join(said)}" if said else ""
