"""Q56 decision-process-described: The AI system can clearly describe the process by which it reaches its decisions

## How it is detected
Looks in serving code (files that serve predictions, notebooks left out) for explanations
computed next to the prediction or returned with it (`"explanation":`, `"shap_values":`,
`"reason_codes":` response keys), and in the documentation for a section on the decision process
("Decision process", "How the model makes decisions", "Reason codes").

## Answers
- YES: serving code returns explanations, or the decision process is documented.
- UNKNOWN: explanations are computed outside the serving code and notebooks (they may travel with
  batch predictions), or the code was too large to read in full.
- NO: predictions are returned without explanations (explanations, if any, stay in notebooks) and
  no decision process is documented.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.explainability import explainability
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 56
SEARCHED: Final = (
    "serving code computing or returning explanations, reason codes or attributions",
    "documentation sections on the decision process or reason codes",
)


def detect(ctx: Context) -> Answer:
    """Answer from the serving code and the decision-process docs."""
    found = ctx.get(explainability)
    if found.served or found.decision_docs:
        what = (
            "predictions are served with their explanations" if found.served else "the decision process is documented"
        )
        return yes(what, *found.served[:2], *found.decision_docs[:2])
    offline = [e for e in found.explanations if not e.path.endswith(".ipynb")]
    if offline:
        return unknown(
            f"explanations are computed in {offline[0].path}: confirm they are delivered with the predictions",
            *offline[:2],
        )
    if not found.complete:
        return unknown("no explanation in the serving code read, but the code was too large to read in full")
    if found.explanations:
        return no(
            f"explanations are only produced in notebooks ({found.explanations[0].path}); "
            "predictions are returned without them and no decision process is documented",
            searched=SEARCHED,
        )
    return no("no explanations are produced and no decision process is documented", searched=SEARCHED)
