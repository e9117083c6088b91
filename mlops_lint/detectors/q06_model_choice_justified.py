"""Q6 model-choice-justified: The choice of model is documented together with the reasons for it

## How it is detected
Reads the documentation index (README files, docs folders, model cards, ADRs, notebooks'
markdown cells) for a section that justifies the model: a heading such as "Model selection",
"Model comparison", "Baselines", "Why this model" (also in German, French, Spanish, Portuguese,
Dutch and Italian) with real content, or a looser heading ("Results", "Experiments", "Training",
"Model") whose prose compares at least two model families (logistic regression, random forest,
gradient boosting, CNN, fine-tuned LLM...) with words of comparison or choice ("baseline",
"compared", "outperforms", "chose", "trade-off"). Tuning one model's hyper-parameters is not a
choice of model.

## Answers
- YES: such a section; evidence is its heading.
- UNKNOWN: a model-selection heading without a clear justification (or only a link), documents
  left unread, or code that trains three or more model families side by side (a comparison
  whose conclusion may be written down elsewhere).
- NO: no such section in the documentation read.

## Limits
Comparisons kept in an experiment tracker or report outside the repository are invisible.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.doc_topics import model_choice_docs, undocumented
from mlops_lint.facts.ml_code import model_comparisons
from mlops_lint.model import Answer, Verdict, unknown, yes

CRITERION: Final = 6
SEARCHED: Final = (
    "README files, docs/, model cards, ADRs and notebook markdown",
    "headings: model selection/choice/comparison, baselines; results or experiments comparing model families",
)


def detect(ctx: Context) -> Answer:
    """Answer from the model-selection sections of the documentation."""
    found = ctx.get(model_choice_docs)
    if found.documented:
        first = found.evidence[0]
        return yes(f"the model choice is justified in {first.location} '{first.excerpt}'", *found.evidence)
    answer = undocumented(found, "model choice justification", SEARCHED)
    if answer.verdict is Verdict.NO and (compared := ctx.get(model_comparisons)):
        return unknown(
            f"the code compares models ({compared[0].location}: {compared[0].excerpt}), but no document says which "
            "was chosen and why; confirm the reasons are written down",
            *compared,
        )
    return answer
