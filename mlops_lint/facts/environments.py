"""Deployment environments the repository defines: names, production or not, and where they are written.

Environments are seen in Databricks bundle targets, per-environment files and folders
(`prod.tfvars`, `values-staging.yaml`, `overlays/prod/`, `environments/acc/main.tf`), CI deployment
environments (GitHub `environment:`, also through a matrix; GitLab and Azure environments), deploy
targets in CI commands (`bundle deploy -t staging`, `--stage prod`, `workspace select prod`), and
environment-keyed settings inside infrastructure code (`"prod": {...}`, `staging = {...}`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any, Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.ci import DEPLOYS_APP, Job
from mlops_lint.facts.ci_commands import all_pipelines
from mlops_lint.facts.files import file_index
from mlops_lint.facts.iac_scope import iac_scope
from mlops_lint.facts.parse import load_yaml, seq
from mlops_lint.model import Evidence

PROD: Final = "prod"
PREPROD: Final = "preprod"
PROD_NAMES: Final = frozenset({"prod", "prd", "production", "live", "prod1", "prod01"})
PREPROD_NAMES: Final = frozenset(
    {"staging", "stage", "stg", "preprod", "preproduction", "nonprod", "acc", "acceptance", "accept", "uat", "qa",
     "test", "tst", "int", "dev", "development", "sandbox", "sbx"}
)  # fmt: skip
COMPOUND: Final = lazy_re.compile(r"(pre|non)[-_ ]?(prod(?:uction)?)", re.IGNORECASE)
CONFIG_EXTS: Final = frozenset(
    {"tfvars", "tf", "hcl", "bicepparam", "bicep", "json", "yaml", "yml", "env", "properties", "conf", "cfg", "ini",
     "toml"}
)  # fmt: skip
SKIPPED_FOLDERS: Final = frozenset(
    {"tests", "test", "testing", "fixtures", "docs", "doc", "examples", "data", ".github"}
)
TARGETS_KEY: Final = lazy_re.compile(r"^(?:targets|environments):\s*(?:#.*)?$")
TARGET_ARG: Final = lazy_re.compile(
    r"(?:\s-t|--target|--environment|--env|--stage|-var-file|--var-file|workspace\s+(?:select|new))[=\s]+"
    r"[\"']?(?:[\w./-]*/)?([\w-]+?)(?:\.tfvars)?(?:[\"'\s]|$)"
)
ENV_TOKEN: Final = lazy_re.compile(r"(?:^|[/._-])([a-z]+\d*)(?=$|[/._-])")
KEYED_SETTING: Final = lazy_re.compile(r"^\s*[\"']?([A-Za-z][\w-]*)[\"']?\s*[:=]", re.MULTILINE)
QUOTED_KEY: Final = lazy_re.compile(r"^\s*[\"']([A-Za-z][\w-]*)[\"']\s*:", re.MULTILINE)
ENV_VARIABLE: Final = lazy_re.compile(
    r"variable\s+\"(?:env|environment|stage)\"|\bvar\.(?:env|environment|stage)\b|terraform\.workspace|"
    r"\$\{bundle\.target\}|\$\{\{\s*(?:inputs|vars|matrix)\.(?:env|environment|stage)\w*\s*\}\}",
    re.IGNORECASE,
)


@dataclasses.dataclass(frozen=True, slots=True)
class Sighting:
    """One environment name seen somewhere, classified as production or pre-production."""

    name: str
    tier: str
    source: str
    evidence: Evidence


@dataclasses.dataclass(frozen=True, slots=True)
class Environments:
    """Every environment sighting, and hints that environments are chosen by a variable."""

    sightings: tuple[Sighting, ...]
    parameterised: tuple[Evidence, ...]

    def of_tier(self, tier: str) -> tuple[Sighting, ...]:
        """The sightings of production (`PROD`) or pre-production (`PREPROD`) environments."""
        return tuple(s for s in self.sightings if s.tier == tier)

    @property
    def names(self) -> frozenset[str]:
        """Every environment name seen."""
        return frozenset(s.name for s in self.sightings)


def tier_of(name: str) -> str | None:
    """`PROD`, `PREPROD` or None for a name that is not an environment."""
    key = COMPOUND.sub(lambda m: m.group(1) + "prod", name.strip().lower())
    if key in PROD_NAMES:
        return PROD
    return PREPROD if key in PREPROD_NAMES else None


def environments(ctx: Context) -> Environments:
    """Collect environment sightings from bundles, files, CI and infrastructure code."""
    found = [*_bundle_targets(ctx), *_per_env_files(ctx), *_ci_environments(ctx), *_keyed_settings(ctx)]
    unique = {(s.name, s.source, s.evidence.path): s for s in found}
    return Environments(tuple(unique.values()), _parameterised(ctx))


def _sighting(name: str, source: str, evidence: Evidence) -> Sighting | None:
    tier = tier_of(name)
    return Sighting(name.lower(), tier, source, evidence) if tier else None


def _bundle_targets(ctx: Context) -> Iterator[Sighting]:
    for f in ctx.get(iac_scope).files:
        if f.kind != "databricks-bundle" or not f.path.rpartition("/")[2].lower().startswith("databricks."):
            continue
        indent: int | None = None
        inside = False
        for number, line in enumerate((ctx.repo.read_text(f.path) or "").splitlines(), 1):
            if TARGETS_KEY.match(line):
                inside, indent = True, None
                continue
            stripped = line.strip()
            if not inside or not stripped or stripped.startswith(("#", "{{")):
                continue
            depth = len(line) - len(line.lstrip())
            if depth == 0:
                inside = False
                continue
            indent = depth if indent is None else indent
            key = re.match(r"[\"']?([\w-]+)[\"']?\s*:", stripped) if depth == indent else None
            if key and (s := _sighting(key.group(1), "bundle target", Evidence(f.path, number, stripped))):
                yield s


def _per_env_files(ctx: Context) -> Iterator[Sighting]:
    """Files that differ only by an environment name (`envs/prod/x.tf`, `envs/dev/x.tf`): copies."""
    groups: dict[str, list[Sighting]] = {}
    index = ctx.get(file_index)
    # Only a path holding an environment name can be one of a group: find those in C first.
    candidates = sorted({p for word in PROD_NAMES | PREPROD_NAMES for p in index.containing(word)})
    for path in candidates:
        folders, _, name = path.lower().rpartition("/")
        ext = name.rpartition(".")[2]
        if ext not in CONFIG_EXTS or SKIPPED_FOLDERS.intersection(folders.split("/")):
            continue
        normal = COMPOUND.sub(lambda m: m.group(1) + "prod", path.lower())
        for m in ENV_TOKEN.finditer(normal):
            if (s := _sighting(m.group(1), "per-environment file", Evidence(path, None, m.group(1)))) is not None:
                groups.setdefault(normal[: m.start(1)] + "{env}" + normal[m.end(1) :], []).append(s)
    for group in groups.values():
        if len({s.name for s in group}) > 1:
            yield from group


def _ci_environments(ctx: Context) -> Iterator[Sighting]:
    for job in (j for p in ctx.get(all_pipelines) for j in p.jobs):
        for name in _job_environments(ctx, job):
            if s := _sighting(name, "CI environment", Evidence(job.path, job.line, f"environment: {name}")):
                yield s
        for step in job.steps:
            if DEPLOYS_APP.search(step.text):
                for m in TARGET_ARG.finditer(step.text):
                    excerpt = step.text[max(0, m.start() - 40) : m.end()].strip().splitlines()[-1]
                    if s := _sighting(m.group(1), "deploy target", Evidence(step.path, step.line, excerpt)):
                        yield s


def _job_environments(ctx: Context, job: Job) -> list[str]:
    env = job.environment or ""
    matrix = re.fullmatch(r"\$\{\{\s*matrix\.([\w-]+)\s*\}\}", env.strip())
    if matrix is None:
        return [env] if env else []
    docs = load_yaml(ctx, job.path) if job.path.startswith(".github/") else None
    jobs = docs[0].get("jobs") if docs and isinstance(docs[0], dict) else None
    body: Any = jobs.get(job.name) if isinstance(jobs, dict) else None
    strategy = body.get("strategy") if isinstance(body, dict) else None
    values = strategy.get("matrix") if isinstance(strategy, dict) else None
    if not isinstance(values, dict):
        return []
    names = [str(v) for v, _ in seq(values.get(matrix.group(1)))]
    names += [str(inc.get(matrix.group(1))) for inc, _ in seq(values.get("include")) if isinstance(inc, dict)]
    return [n for n in names if n and n != "None"]


def _keyed_settings(ctx: Context) -> Iterator[Sighting]:
    for f in ctx.get(iac_scope).files:
        text = ctx.repo.read_text(f.path) or ""
        pattern = QUOTED_KEY if f.path.endswith(".py") else KEYED_SETTING  # `stage: str` is an annotation
        keyed = [(m.group(1), text.count("\n", 0, m.start()) + 1) for m in pattern.finditer(text)]
        tiers = {tier_of(k) for k, _ in keyed}
        if {PROD, PREPROD} <= tiers:  # both in one definition: a per-environment setting
            lines = text.splitlines()
            for key, line in keyed:
                if s := _sighting(key, "per-environment setting", Evidence(f.path, line, lines[line - 1])):
                    yield s


def _parameterised(ctx: Context) -> tuple[Evidence, ...]:
    found = []
    for f in ctx.get(iac_scope).files:
        text = ctx.repo.read_text(f.path) or ""
        if (m := ENV_VARIABLE.search(text)) is not None:
            found.append(Evidence(f.path, text.count("\n", 0, m.start()) + 1, m.group(0)))
    found += [
        Evidence(job.path, job.line, f"environment: {job.environment}")
        for job in (j for p in ctx.get(all_pipelines) for j in p.jobs)
        if job.environment and "${{" in job.environment and not _job_environments(ctx, job)
    ]
    return tuple(found)
