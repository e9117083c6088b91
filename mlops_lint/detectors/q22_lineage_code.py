"""Q22 lineage-code: Any model run or deployment can be traced to the exact git commit of its code

## How it is detected
Looks in code and config (never in prose, tests or commented-out lines) for the commit being
recorded with runs, models or deployments: a git sha or CI build id set as a tag or parameter
(`tags={"git_sha": ...}`, `GitCommitHash`, `mlflow.source.git.commit`, `git rev-parse HEAD`,
`build_id`),
Databricks bundle jobs passing `${bundle.git.commit}`, CI pipelines passing the commit sha to a
job (`--var git_sha=${{ github.sha }}`) or tagging an image with it, `dvc.lock` (DVC ties every
output to the commit that produced it), and MLflow runs committed with their
`mlflow.source.git.commit` tag.

## Answers
- YES: the commit is recorded explicitly; evidence points at the lines that record it.
- UNKNOWN: a tracker that records the git commit by itself when a run starts from a git checkout
  (MLflow, W&B, Neptune, Comet, ClearML, DVCLive) is used, but nothing shows deployments refer to
  those runs; or the code was too large to read in full.
- NO: no tracker, no commit tag or parameter, no sha-tagged image and no DVC lock file.

## Limits
Commit links kept by a deployment platform or a tracker configured outside the repository are
invisible: confirm them in `.mlops-lint.yaml`.
"""

from __future__ import annotations

import re
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.tracking import lineage_signals
from mlops_lint.model import Answer, Evidence, no, unknown, yes

CRITERION: Final = 22
SEARCHED: Final = (
    "code and config: git sha / commit / build id tags and parameters, mlflow.source.git.commit, git rev-parse HEAD",
    "CI pipelines: commit sha passed to jobs or used as image tag",
    "databricks bundles: ${bundle.git.commit}",
    "dvc.lock, committed mlruns/",
    "trackers: MLflow, W&B, Neptune, Comet, ClearML, DVCLive",
)

# Lines that attach the commit to something (a tag, a parameter, an image) say more than a name.
RECORDING: Final = lazy_re.compile(r"tag|\$\{|\$\(|\bset_|log_param|rev-parse|DVC", re.IGNORECASE)


def detect(ctx: Context) -> Answer:
    """Answer from explicit commit records first, then from trackers that record it themselves."""
    signals = ctx.get(lineage_signals)
    if recorded := sorted(signals.of("commit", "ci_sha", "image_sha"), key=_weak):
        return yes(f"the git commit is recorded with runs or deployments ({recorded[0].location})", *recorded)
    if trackers := signals.of("tracker"):
        return unknown(
            f"runs are tracked ({trackers[0].excerpt}), and such trackers record the git commit when a run "
            "starts from a checkout, but nothing shows deployed models refer to their run; confirm on a "
            "production model",
            *trackers[:3],
        )
    if not signals.complete:
        return unknown("no commit record was found, but the code was too large to read in full; confirm by hand")
    return no("nothing records the git commit of a training run or deployment", searched=SEARCHED)


def _weak(evidence: Evidence) -> bool:
    return not RECORDING.search(evidence.excerpt)
