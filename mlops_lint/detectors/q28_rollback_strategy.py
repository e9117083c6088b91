"""Q28 rollback-strategy: The team can roll back to the previous model version with a defined procedure

## How it is detected
Looks for a way back that the repository defines (`facts/lifecycle.py`): deployments that follow
a registry alias or stage (`set_registered_model_alias`, `transition_model_version_stage`,
`models:/name@champion`, GTO stage assignments deployed by CI), so a roll-back re-points the alias
at the previous version; versioned traffic strategies (blue/green, canary, automatic roll-back,
traffic splits); roll-back commands or scripts (`helm rollback`, `kubectl rollout undo`); or a
documented procedure: a docs heading or a command in a code block about rolling back (prose
mentions alone do not count).

## Answers
- YES: one of the above; evidence points at it.
- UNKNOWN: a deploy step takes the model version from a parameter (`${{ parameters.modelVersion }}`),
  or the serving code loads `models:/name/{version}` from a variable, so an earlier one can be put back; or the docs say an earlier model version can be restored ("you can always revert to a
  specific version"), or images are tagged per commit so an earlier one could be redeployed, but
  no procedure was found.
- NO: none of the above.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.lifecycle import rollback
from mlops_lint.facts.tracking import lineage_signals
from mlops_lint.model import Answer, no, unknown, yes

CRITERION: Final = 28
SEARCHED: Final = (
    "registry aliases and stages (MLflow, Unity Catalog, GTO), Vertex version aliases",
    "blue/green, canary, traffic splits, automatic roll-back configuration",
    "roll-back commands and scripts (helm rollback, kubectl rollout undo...)",
    "README and docs: roll-back headings and commands",
)
KINDS: Final = (
    ("promotion", "models are promoted through registry aliases or stages, so the previous version can be re-pointed"),
    ("strategy", "deployments use a versioned traffic strategy that can shift back"),
    ("commands", "a roll-back command or script is defined"),
    ("docs", "the roll-back procedure is documented"),
)


def detect(ctx: Context) -> Answer:
    """Answer from promotion, traffic strategies, commands and docs, in that order."""
    found = ctx.get(rollback)
    for kind, reason in KINDS:
        if evidence := getattr(found, kind):
            extra = [e for other, _ in KINDS if other != kind for e in getattr(found, other)[:1]]
            return yes(f"{reason} ({evidence[0].location})", *evidence, *extra)
    if found.redeploys:
        return unknown(
            f"the model version to deploy or serve is a parameter ({found.redeploys[0].location}), so an earlier "
            "version can be put back; confirm this is the roll-back procedure",
            *found.redeploys,
        )
    if found.mentions:
        return unknown(
            f"the docs say an earlier model version can be restored ({found.mentions[0].location}), but no "
            "roll-back procedure or mechanism was found; confirm how it is done",
            *found.mentions,
        )
    if images := ctx.get(lineage_signals).of("image_sha"):
        return unknown(
            "images are tagged with the commit, so an earlier one could be redeployed, but no roll-back "
            "procedure was found; confirm it",
            *images[:2],
        )
    return no("no registry promotion, traffic strategy, roll-back command or documented procedure", searched=SEARCHED)
