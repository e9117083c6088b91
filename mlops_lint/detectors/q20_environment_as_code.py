"""Q20 environment-as-code: The runtime environment is defined in code and can be rebuilt exactly

## How it is detected
Reads the environment definitions (`facts/env_spec.py`): lock files (uv, Poetry, PDM, Pipenv,
pixi, conda-lock, Nix flakes, pip constraints), and the files the environment is installed from
(requirements and conda environment files, those at the root first; package metadata only when
nothing else exists), measuring the share of dependencies pinned to one exact version (`==`,
conda `=`, hashes). Files logged by experiment trackers, development, test, docs or CI tool
requirements, and the requirements of serverless functions do not decide.

## Answers
- YES: a lock file is tracked, or every deciding environment file pins at least 90% of its
  dependencies.
- NO: a deciding environment file leaves most dependencies open (not reproducible), or the
  repository has code but no environment definition at all.
- UNKNOWN: pins in between; only a Dockerfile or devcontainer (check its base image and installs);
  only serverless functions or infrastructure code with requirements of their own; or no code and
  no environment files (the environment may be defined on a platform).
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.code import code_corpus
from mlops_lint.facts.env_spec import env_spec, open_evidence
from mlops_lint.model import Answer, Evidence, no, unknown, yes

CRITERION: Final = 20
SEARCHED: Final = (
    "requirements*.txt",
    "environment*.yml / conda*.yml",
    "pyproject.toml",
    "setup.py / setup.cfg",
    "Pipfile",
    "lock files (uv, poetry, pdm, pipenv, pixi, conda-lock)",
    "Dockerfile",
    "devcontainer",
)


def detect(ctx: Context) -> Answer:
    """Yes with a lock file or exact pins; no with open dependencies or no definition."""
    spec = ctx.get(env_spec)
    if spec.locks:
        return yes(f"the environment is locked: {', '.join(spec.locks[:3])} is tracked",
                   *(Evidence(p) for p in spec.locks[:3]))  # fmt: skip
    if spec.exact:
        best = max(spec.sources, key=lambda s: s.total)
        return yes(
            f"{best.path} pins {best.pinned} of its {best.total} dependencies to exact versions",
            *(Evidence(s.path, None, f"{s.pinned}/{s.total} pinned") for s in spec.sources[:3]),
        )
    if spec.loose:
        worst = min(spec.loose, key=lambda s: s.share)
        kind = "package metadata without a lock file" if spec.metadata_only else worst.path
        return no(
            f"{kind} leaves {worst.total - worst.pinned} of {worst.total} dependencies unpinned "
            f"(e.g. {open_evidence(worst).excerpt}), so the environment cannot be rebuilt exactly",
            searched=(*(s.path for s in spec.sources[:4]), "lock files"),
        )
    if spec.sources:
        return unknown("dependencies are only partly pinned and nothing is locked: check that the open ones "
                       "do not matter", *(open_evidence(s) for s in spec.sources[:3]))  # fmt: skip
    if spec.others:
        return unknown("only helper functions or infrastructure code define environments here: confirm how the "
                       "ML code's environment is defined", *(open_evidence(s) for s in spec.others[:2]))  # fmt: skip
    if spec.containers:
        return unknown("a container or devcontainer defines the environment: check that its base image and "
                       "installs are pinned", *(Evidence(p) for p in spec.containers[:3]))  # fmt: skip
    if ctx.get(code_corpus).files:
        return no("the repository has code but no environment definition", searched=SEARCHED)
    return unknown("no code and no environment definition here: confirm where the runtime environment is defined")
