"""Q16 data-prep-code-versioned: Code that gathers, analyses and cleans data is kept in version control

## How it is detected
Reads the tracked code (Python, notebooks, SQL, R; see `facts/ml_code.py`) and looks for data
preparation: pandas/polars/Spark reads, cleaning calls (`dropna`, `fillna`), splits, encoders and
scalers, dataset loaders, feature-store writes, SQL queries, or a module named for the step
(`prepare.py`, `features/`) that imports data libraries, itself or through the modules it imports
(`facts/import_roles.py`). Only files git tracks are listed, so an untracked notebook does not
count. The import graph also tells whether the training code uses the data preparation code.

## Answers
- YES: tracked code prepares data; evidence is the most telling line, a call in a file named for
  the step first.
- UNKNOWN: the folder is not a git work tree (nothing is "tracked"), or no tracked code prepares
  data (it may live in another repository or a data platform: confirm where, and that it is in git).

## Limits
Code is read within a budget (the most relevant files first); data preparation done only in a
SaaS tool (a Databricks workspace without Git folders, a dbt Cloud IDE) is invisible.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.files import file_index
from mlops_lint.facts.import_roles import named_through_imports, role_link
from mlops_lint.facts.ml_code import DATA_PREP, TRAINING, ml_code, paths_with
from mlops_lint.model import Answer, unknown, yes

CRITERION: Final = 16


def detect(ctx: Context) -> Answer:
    """Yes when tracked code prepares data."""
    code = ctx.get(ml_code)
    found = code.by_role.get(DATA_PREP, ())
    if not ctx.get(file_index).tracked:
        return unknown("this folder is not a git work tree, so nothing here is under version control", *found[:1])
    if found:
        files = paths_with(code, DATA_PREP)
        more = f" and {len(files) - 1} other file(s)" if len(files) > 1 else ""
        used = ""
        if (link := role_link(ctx, TRAINING, DATA_PREP)) is not None:
            used = f"; the training code uses it ({link[0]} imports {link[1].first.module})"
        return yes(f"data preparation code is tracked in git: {found[0].path}{more}{used}", *found[:3])
    if named := named_through_imports(ctx, DATA_PREP):
        return yes(f"data preparation code is tracked in git: {named[0].path}, through the modules it imports", *named)
    if code.code_files == 0:
        return unknown("the repository tracks no code: confirm where the data preparation code is versioned")
    return unknown(
        f"none of the {code.code_files} tracked code file(s) loads or cleans data: "
        "confirm where data preparation lives and that it is in git"
    )
