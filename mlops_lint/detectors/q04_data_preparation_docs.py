"""Q4 data-preparation-docs: How data is gathered, analysed and cleaned is documented, with the reason for each step

## How it is detected
Reads the documentation index (README files, docs folders, datasheets, notebooks' markdown
cells) for sections on data collection, exploration, preparation and cleaning ("Data
preparation", "Preprocessing", "Data cleaning", "Data sources", "EDA", "Feature engineering"...,
also in German, French, Spanish, Portuguese, Dutch and Italian; a plain "Data" or "Dataset"
heading too). The criterion asks for the *reason* of each step, so a section counts when its
prose gives reasons: at least two distinct phrases such as "because", "to avoid", "so that",
"skewed", "missing values", "leakage".

## Answers
- YES: a data-preparation section that explains its steps; evidence is its heading.
- UNKNOWN: data-preparation sections that list steps without their reasons (or only link
  elsewhere), or documents left unread.
- NO: no data-preparation section in the documentation read.

## Limits
Reasons are recognised by wording, not understood; a wiki or analysis report is invisible.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.doc_topics import data_prep_docs, undocumented
from mlops_lint.model import Answer, yes

CRITERION: Final = 4
SEARCHED: Final = (
    "README files, docs/, datasheets and notebook markdown",
    "headings: data sources/collection, EDA, data preparation, preprocessing, cleaning, feature engineering",
)


def detect(ctx: Context) -> Answer:
    """Answer from the data-preparation sections of the documentation."""
    found = ctx.get(data_prep_docs)
    if found.documented:
        first = found.evidence[0]
        return yes(f"data preparation is documented with its reasons in {first.location} '{first.excerpt}'",
                   *found.evidence)  # fmt: skip
    return undocumented(found, "data gathering and cleaning steps with their reasons", SEARCHED)
