"""How exactly the runtime environment is written down: lock files, pins, and what is left open.

Builds on `facts/deps.py`. The sources that decide are the files an environment is installed from:
requirements and constraints files, conda environment files, Pipfiles (templated copies such as
`requirements.txt.tmpl` included). Package metadata (pyproject.toml, setup.py) states ranges for
library users, so it decides only when nothing else defines the environment. Left out: files
logged by experiment trackers (`mlruns/`, a logged model's folder), development, test, docs and
CI tool requirements, and pip-tools inputs (`requirements.in`) that sit next to their compiled
output. `python`, `pip` and build tools do not count as dependencies. Files at the repository root
decide when there are any (a cloud function's own requirements in a subfolder do not); otherwise
all files decide except those of serverless functions and infrastructure code.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.deps import Requirement, dependencies, parse_requirement
from mlops_lint.facts.files import file_index, parts
from mlops_lint.model import Evidence

LOGGED_DIRS: Final = frozenset({"mlruns", "mlartifacts", "wandb", "artifacts"})
TOOLING_DIRS: Final = (".github/", ".gitlab/", ".azure-pipelines/", ".circleci/", ".devcontainer/", "docs/")
TOOLING: Final = lazy_re.compile(r"(?:^|[^a-z])(?:dev|develop|test|tests|testing|docs?|lint|ci|build|validation|tools?)"
                            r"(?:[^a-z]|$)", re.IGNORECASE)  # fmt: skip
NOT_DEPENDENCIES: Final = frozenset({"python", "pip", "setuptools", "wheel", "python-version"})
EXTRA_LOCKS: Final = lazy_re.compile(r"(?:^|/)(?:flake\.lock|[\w.-]*conda[\w.-]*\.lock|[\w.-]+\.conda-lock\.ya?ml|"
                                r"constraints[\w.-]*\.txt)$")  # fmt: skip
TEMPLATED_REQUIREMENTS: Final = lazy_re.compile(r"(?:^|/)[\w.-]*requirements[\w.-]*\.txt\.(?:tmpl|j2|jinja2?)$")
METADATA: Final = ("pyproject.toml", "setup.py", "setup.cfg")
HELPER_DIRS: Final = lazy_re.compile(
    r"lambda|functions?\b|^(?:infra|infrastructure|terraform|cdk|cloudformation)$", re.IGNORECASE
)
FULL: Final = 0.9
LOOSE: Final = 0.5


@dataclasses.dataclass(frozen=True, slots=True)
class EnvSource:
    """A file the environment is installed from, and how tightly it pins its dependencies."""

    path: str
    pinned: int
    total: int
    first_open: Requirement | None  # the first dependency without an exact version

    @property
    def share(self) -> float:
        """The share of dependencies pinned to an exact version."""
        return self.pinned / self.total if self.total else 1.0


@dataclasses.dataclass(frozen=True, slots=True)
class EnvSpec:
    """Lock files, the deciding sources, and the container or devcontainer definitions."""

    locks: tuple[str, ...]
    sources: tuple[EnvSource, ...]  # the deciding ones: at the root, else all but helper functions'
    metadata_only: bool  # the only sources are package metadata (pyproject.toml, setup.py)
    containers: tuple[str, ...]
    others: tuple[EnvSource, ...] = ()  # subfolder and helper-function environments, when they do not decide

    @property
    def loose(self) -> tuple[EnvSource, ...]:
        """Sources that leave most dependencies open."""
        return tuple(s for s in self.sources if s.share < LOOSE)

    @property
    def exact(self) -> bool:
        """Every source pins (nearly) all of its dependencies."""
        return bool(self.sources) and all(s.share >= FULL for s in self.sources)


def env_spec(ctx: Context) -> EnvSpec:
    """Collect the environment's lock files and deciding sources."""
    deps = ctx.get(dependencies)
    index = ctx.get(file_index)
    locks = tuple(
        p
        for p in (*deps.locks, *index.matching(EXTRA_LOCKS, hints=("lock", "constraints")))
        if not _logged(index.path_set, p)
    )
    requirements = [r for r in deps.requirements if r.name not in NOT_DEPENDENCIES]
    requirements += _templated(ctx, index.matching(TEMPLATED_REQUIREMENTS, hints=("requirements",)))
    by_path: dict[str, list[Requirement]] = {}
    for req in requirements:
        tooling = req.path.startswith(TOOLING_DIRS) or TOOLING.search(req.path.rpartition("/")[2])
        if not tooling and not _logged(index.path_set, req.path):
            by_path.setdefault(req.path, []).append(req)
    compiled = {p.removesuffix(".in") + ".txt" for p in by_path if p.endswith(".in")}
    chosen = {p: rs for p, rs in by_path.items() if not (p.endswith(".in") and p[:-3] + ".txt" in compiled)}
    environment = {p: rs for p, rs in chosen.items() if p.rpartition("/")[2] not in METADATA}
    decide = environment or chosen
    helpers = {p for p in decide if _helper(p)}
    primary = {p for p in decide if "/" not in p and p not in helpers} or set(decide) - helpers
    sources = tuple(_source(p, decide[p]) for p in sorted(primary))
    others = tuple(_source(p, decide[p]) for p in sorted(set(decide) - primary))
    containers = (*deps.dockerfiles, *index.named("devcontainer.json", ".devcontainer.json"), *index.named("flake.nix"))
    return EnvSpec(locks, sources, bool(decide) and not environment, tuple(containers), others)


def _helper(path: str) -> bool:
    # Serverless functions and infrastructure code carry their own small environments.
    return any(HELPER_DIRS.search(folder) for folder in parts(path))


def _source(path: str, reqs: list[Requirement]) -> EnvSource:
    pinned = sum(r.pinned for r in reqs)
    return EnvSource(path, pinned, len(reqs), next((r for r in reqs if not r.pinned), None))


def _templated(ctx: Context, paths: Iterable[str]) -> list[Requirement]:
    found = []
    for path in paths:
        for number, raw in enumerate((ctx.repo.read_text(path) or "").splitlines(), 1):
            if "{{" not in raw and "{%" not in raw and (req := parse_requirement(raw, path, number)):
                found.append(req)
    return found


def _logged(tracked: frozenset[str], path: str) -> bool:
    folder = path.rpartition("/")[0]
    return bool(LOGGED_DIRS.intersection(parts(path))) or f"{folder}/MLmodel" in tracked


def open_evidence(source: EnvSource) -> Evidence:
    """Where a source leaves a dependency open."""
    req = source.first_open
    if req is None:
        return Evidence(source.path)
    return Evidence(source.path, req.line, f"{req.name}{req.spec}" if req.spec else f"{req.name} (no version)")
