"""Q32 ml-pipeline-tests: Automated tests cover each ML step: data processing, model training and API deployment

## How it is detected
Finds the test files (`facts/ml_tests.py`: pytest/unittest naming or a tests folder, with at least
one test) and maps each to the ML steps it exercises: through the modules it imports (their roles
come from `facts/ml_code.py`; for a step no test imports directly, the import graph is followed,
so a test of `pipeline.py`, which imports `train.py`, exercises training), its own name or folder
(`test_train.py`, `tests/features/`), or an HTTP test client driving the app. The steps required
are those the repository has code for (found by what the code does, not only by file names): data
preparation, training, and the API when the project serves a model in real time and has serving
code outside notebooks.

## Answers
- YES: every step the repository has is exercised by at least one test.
- NO: there are no tests at all, or tests exist but a step has none (the answer names it).
- UNKNOWN: no ML code to test; or test files were left unread by the reading budget.

## Limits
A test that exercises a step without importing its code or naming it (for example a pipeline
run end to end through a CLI) is not seen; placeholder tests that exercise nothing do not count.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.ml_code import DATA_PREP, SERVING, TRAINING, ml_code, paths_with
from mlops_lint.facts.ml_tests import ml_tests
from mlops_lint.facts.usecase import REALTIME, use_cases
from mlops_lint.model import Answer, Evidence, no, unknown, yes

CRITERION: Final = 32
STEP_NAMES: Final = {DATA_PREP: "data preparation", TRAINING: "training", SERVING: "the API"}


def detect(ctx: Context) -> Answer:
    """Yes when each ML step the repository has is exercised by a test."""
    code = ctx.get(ml_code)
    api = REALTIME in ctx.get(use_cases).kinds and any(not p.endswith(".ipynb") for p in paths_with(code, SERVING))
    steps = [r for r in (DATA_PREP, TRAINING) if code.by_code(r)] + ([SERVING] if api else [])
    if not steps:
        return unknown("no data preparation, training or serving code was found to test")
    tests = ctx.get(ml_tests)
    if not tests.files and not tests.data_checks:
        if tests.unread:
            return unknown("test files exist but were not read (reading budget)", Evidence(tests.unread[0]))
        return no("the repository has ML code but no automated tests",
                  searched=("test_*.py, *_test.py, tests/ folders (pytest, unittest, testthat)",))  # fmt: skip
    covered = [(s, tests.covering(s)) for s in steps]
    missing = [s for s, found in covered if not found]
    cited = [found[0] for _, found in covered if found]
    if not missing:
        return yes(f"the tests exercise {_names(steps)}", *cited)
    if tests.unread:
        return unknown(f"no test was found for {_names(missing)}, but some test files were left unread", *cited)
    untested = [e for s in missing if (e := code.best(s)) is not None]
    where = f" (e.g. {untested[0].location})" if untested else ""
    return no(
        f"{len(tests.files)} test file(s) found, but none exercises {_names(missing)}{where}",
        searched=tuple(t.path for t in tests.files[:5]),
    )


def _names(steps: list[str]) -> str:
    names = [STEP_NAMES[s] for s in steps]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
