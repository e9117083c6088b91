"""Q3 model-risk-evaluation: A risk evaluation of the ML model exists, is documented and is kept current

## How it is detected
Reads the documentation index (README files, docs folders, model cards such as `MODEL_CARD.md`,
notebooks' markdown cells) for a section on the model's risks: "Risks", "Risk assessment",
"Ethical considerations", "Bias", "Fairness", "Failure modes", "Out-of-scope use", "Responsible
AI" (also in German, French, Spanish, Portuguese, Dutch and Italian) with real content. Looser
headings ("Limitations", "Caveats", "Known issues", "Intended use") count when their prose is
about the model (predictions, accuracy, bias, data, drift...), not the software. Template text
("[More Information Needed]") does not count. The document's last commit is compared with the
code commits since (`facts/freshness.py`) to judge whether it is kept current.

## Answers
- YES: a risk section with real content; evidence is its heading. The reason gives its last
  change and the code commits since (or says freshness could not be checked).
- UNKNOWN: the section looks out of date (at least 30 code commits and 180 days after its last
  change), a risk heading without a clear assessment or only a link, or documents left unread.
- NO: no such section in the documentation read.

## Limits
Assessments held by a risk or governance team are invisible: confirm them in `.mlops-lint.yaml`.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.doc_topics import risk_docs, undocumented
from mlops_lint.facts.freshness import kept_current
from mlops_lint.model import Answer

CRITERION: Final = 3
SEARCHED: Final = (
    "README files, docs/, model cards and notebook markdown",
    "headings: risks, risk assessment, limitations, bias, fairness, ethical considerations, failure modes",
)


def detect(ctx: Context) -> Answer:
    """Answer from the risk sections of the documentation and their freshness."""
    found = ctx.get(risk_docs)
    if found.documented:
        first = found.evidence[0]
        return kept_current(ctx, f"model risks are documented in {first.location} '{first.excerpt}'", found.evidence)
    return undocumented(found, "model risk evaluation", SEARCHED)
