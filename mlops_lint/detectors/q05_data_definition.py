"""Q5 data-definition: The model's features are listed and the meaning of each is documented

## How it is detected
Looks for data definitions with meanings (`facts/data_definitions.py`): data dictionary files
(`data_dictionary.csv`, `codebook.xlsx`, `feature_descriptions.md`...); dbt `schema.yml` files
whose columns have descriptions; JSON Schema, Avro or Frictionless schemas of the data with
field descriptions; Feast or pandera definitions with `description=`; and documentation sections
that list fields with their meanings ("Data dictionary", "Features", "Columns" headings, a table
with a description column, or a list introduced as the dataset's attributes), at least four.

## Answers
- YES: one of the above; evidence points at the file, schema line or section.
- UNKNOWN: schemas that list the features without saying what they mean (pandera or Feast
  without descriptions, Great Expectations suites, dbt columns without descriptions), or docs
  that say what the dataset contains without defining its fields.
- NO: none of the above.

## Limits
Definitions kept in a data catalog (Unity Catalog, DataHub, Collibra) are invisible: confirm
them in `.mlops-lint.yaml`.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.data_definitions import data_definitions
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 5
SEARCHED: Final = (
    "data dictionary files (data_dictionary.*, codebook.*, feature_descriptions.*)",
    "dbt schema.yml column descriptions, JSON Schema/Avro/Frictionless field descriptions",
    "Feast and pandera definitions with description=",
    "README, docs/ and notebook sections listing fields with their meanings",
)


def detect(ctx: Context) -> Answer:
    """Answer from data dictionaries, described schemas and field lists in the docs."""
    found = ctx.get(data_definitions)
    if found.documented:
        first = found.documented[0]
        return yes(f"the data's fields and their meanings are documented ({first.location}: {first.excerpt})",
                   *found.documented[:5])  # fmt: skip
    if found.undescribed:
        return unknown(
            "the data is described or its schema listed, but no field is defined with its meaning; confirm",
            *found.undescribed,
        )
    return no("no data dictionary, described schema or documented feature list found", searched=SEARCHED)
