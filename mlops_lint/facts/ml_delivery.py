"""How the ML code is delivered: the CI steps that deploy a model, a service or ML jobs, and when.

A deploying step runs a known deployer (`ci.DEPLOYS_APP`: image push, `databricks bundle deploy`,
`az ml online-deployment create`, `kubectl apply`...), an ML platform command (`anyscale service
rollout`, `gcloud ai endpoints deploy-model`, model registry promotion with `gto`), or a script
named for deployment (`python deploy_model.py`, `python -m pkg.deployment.provision_endpoint`),
directly or through the scripts and job specs it calls (`facts/ci_commands.py`). Templated
pipelines of project templates count too; documentation sites (GitHub Pages, mkdocs) do not.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts import ci
from mlops_lint.facts.ci import DEPLOYS_APP, Job, Step
from mlops_lint.facts.ci_commands import all_pipelines, on_throwaway_cluster, step_runs, text_start
from mlops_lint.facts.files import file_index
from mlops_lint.model import Evidence

ML_DEPLOY: Final = lazy_re.compile(
    rf"{DEPLOYS_APP.pattern}|(?<![\w-])(?:anyscale\s+(?:service|services)\s+(?:rollout|deploy)|"
    r"gcloud\s+ai\s+endpoints\s+deploy-model|gto\s+(?:assign|promote|deploy)|mlflow\s+deployments\s+(?:create|update)|"
    r"python[\d.]*\s+(?:-m\s+)?[\w./-]*(?:deploy|provision|promot|rollout)[\w./-]*|skaffold\s+(?:run|deploy)|"
    r"uses:\s*[\w.-]+/[\w.-]*deploy[\w.-]*)|"
    r"^\s*(?:(?:uv|poetry|pdm|hatch)\s+run\s+|npx\s+)?[\w.-]+(?:\s+[\w.-]+)?\s+deploy(?:\s|$)",
    re.IGNORECASE | re.MULTILINE,
)
IMAGE_PUSH: Final = lazy_re.compile(
    r"docker\s+push|docker\s+buildx\s+build\s+.*--push|uses:\s*docker/build-push-action|gcloud\s+builds\s+submit|"
    r"uses:\s*docker/setup-\w+",
    re.IGNORECASE,
)
COMPOSE_UP: Final = lazy_re.compile(r"(?<![\w-])docker[ -]compose\s+(?:-f\s+\S+\s+)*up\b[^\n]*\s-d\b", re.IGNORECASE)
DOCS_DEPLOY: Final = lazy_re.compile(
    r"deploy-pages|gh-pages|github-pages|gh-deploy|mkdocs|sphinx|docs?[\w-]*deploy|deploy[\w-]*docs?\b|storybook",
    re.IGNORECASE,
)
PUBLISH: Final = lazy_re.compile(
    r"(?<![\w-])(?:twine\s+upload|(?:poetry|uv|hatch|flit|pdm)\s+publish|uses:\s*pypa/gh-action-pypi-publish|"
    r"mlflow\.register_model|register_model\.py)",
    re.IGNORECASE,
)
DEPLOY_SCRIPT_NAME: Final = lazy_re.compile(
    r"(?:^|/)[\w.-]*deploy[\w.-]*\.(?:py|sh|ps1)$|(?:^|/)(?:Makefile|[\w.-]+\.mk)$", re.IGNORECASE
)
SDK_DEPLOY: Final = lazy_re.compile(
    r"\.deploy\(|\bcreate_endpoint\(|\bOnline(?:Endpoint|Deployment)\(|serving_endpoints\.(?:create|update)|"
    r"\.begin_create_or_update\(|aiplatform\.Endpoint"
)
ML_PIPELINE_RUN: Final = lazy_re.compile(
    r"(?<![\w-])(?:az\s+ml\s+job\s+create|databricks\s+jobs\s+run-now|kfp\s+run|zenml\s+pipeline\s+run|"
    r"python[\d.]*\s+(?:-m\s+)?[\w./-]*pipeline[\w./-]*)",
    re.IGNORECASE,
)
PLATFORM_FILES: Final = (
    "procfile",
    "render.yaml",
    "app.yaml",
    "fly.toml",
    "railway.json",
    "vercel.json",
    "netlify.toml",
)
HF_SPACE: Final = lazy_re.compile(r"\A---\s*\n(?:.*\n){0,30}?sdk:\s*(?:gradio|streamlit|docker|static)", re.MULTILINE)
ENV_PARAMETER: Final = lazy_re.compile(
    r"\$\{\{\s*(?:matrix|inputs|github\.event\.inputs|needs\.[\w-]+\.outputs|env|vars)\.[\w-]*(?:env|stage|target|"
    r"environment)[\w-]*\s*\}\}|\$\{?(?:ENV|ENVIRONMENT|STAGE|TARGET|DEPLOY_ENV|BUNDLE_TARGET)\}?\b|"
    r"--(?:env|environment|environment[_-]name|stage|target)[= ]\s*\S|(?<![\w-])-t\s+\$|"
    r"\$\(\s*\w*(?:env|stage)\w*\s*\)",
    re.IGNORECASE,
)
TARGET_ARG: Final = lazy_re.compile(
    r"(?<![\w-])(?:-t|--target|--env(?:ironment)?(?:[_-]name)?|--stage)[= ]+([A-Za-z][\w-]*)"
)
MERGE: Final = "merge"
RELEASE: Final = "tag or release"
OTHER: Final = "other"


@dataclasses.dataclass(frozen=True, slots=True)
class Delivery:
    """A CI job that deploys ML code, the line that deploys, and what starts it."""

    job: Job
    step: Step
    evidence: Evidence
    when: str  # MERGE, RELEASE or OTHER

    @property
    def image_only(self) -> bool:
        """Whether the step only publishes a container image (which something else must deploy)."""
        return bool(IMAGE_PUSH.search(self.evidence.excerpt))

    @property
    def parameterised(self) -> bool:
        """Whether the deploy is driven by an environment parameter (matrix, input, --env/--target/-t)."""
        commands = "\n".join(line for line in self.step.text.splitlines() if not _comment(line))
        text = f"{commands}\n{self.evidence.excerpt}\nenvironment: {self.job.environment or ''}"
        return bool(ENV_PARAMETER.search(text))


def env_parameter(ctx: Context, delivery: Delivery) -> Evidence:
    """The line that passes the environment to a parameterised deploy (else the deploy line)."""
    if delivery.job.environment and ENV_PARAMETER.search(delivery.job.environment):
        return Evidence(
            delivery.job.path, delivery.job.line, f"{delivery.job.name}: environment: {delivery.job.environment}"
        )
    first = text_start(ctx, delivery.step)
    for offset, line in enumerate(delivery.step.text.splitlines()):
        if ENV_PARAMETER.search(line) and not _comment(line):
            return Evidence(delivery.step.path, first + offset, line.strip())
    return delivery.evidence


def ml_deliveries(ctx: Context) -> tuple[Delivery, ...]:
    """Every job step that deploys the model, the service or the ML jobs."""
    found = []
    for job in (j for p in ctx.get(all_pipelines) for j in p.jobs if not on_throwaway_cluster(j)):
        for step in job.steps:
            evidence = step_runs(ctx, step, ML_DEPLOY) or _compose_deploy(ctx, job, step)
            if evidence is not None and not DOCS_DEPLOY.search(f"{evidence.excerpt} {job.name}"):
                found.append(Delivery(job, step, evidence, _when(job.triggers)))
    # A `uses: some/setup-cli` line is weaker evidence than the command that deploys.
    return tuple(sorted(found, key=lambda d: d.evidence.excerpt.startswith("uses:")))


def _compose_deploy(ctx: Context, job: Job, step: Step) -> Evidence | None:
    # `docker compose up -d` deploys on a self-hosted runner, unless it starts services for tests.
    if not COMPOSE_UP.search(step.text) or any(step_runs(ctx, s, ci.RUNS_TESTS, depth=0) for s in job.steps):
        return None
    return step_runs(ctx, step, COMPOSE_UP, depth=0)


def pipeline_runs_on_merge(ctx: Context) -> tuple[Evidence, ...]:
    """Steps on merge (or tag) that run an ML pipeline or publish a package or model, which may deliver it."""
    found = []
    for pipeline in ctx.get(all_pipelines):
        for job in pipeline.jobs:
            if job.triggers & {ci.PUSH_MAIN, ci.TAG, ci.RELEASE}:
                found += [e for s in job.steps if (e := step_runs(ctx, s, ML_PIPELINE_RUN, depth=1)) is not None]
                found += [e for s in job.steps if (e := step_runs(ctx, s, PUBLISH, depth=1)) is not None]
    return tuple(found)


def deploy_scripts(ctx: Context) -> tuple[Evidence, ...]:
    """Deployment commands in tracked scripts and Makefiles (a process run by hand, possibly per environment)."""
    found = []
    for path in ctx.get(file_index).matching(DEPLOY_SCRIPT_NAME, hints=("deploy", "makefile", ".mk"))[:50]:
        pattern = SDK_DEPLOY if path.endswith(".py") else ML_DEPLOY
        text = ctx.repo.read_text(path, limit=256 * 1024) or ""
        hit = next(
            (ln for ln in enumerate(text.splitlines(), 1) if pattern.search(ln[1]) and not _comment(ln[1])), None
        )
        if hit is not None:
            found.append(Evidence(path, hit[0], hit[1].strip()))
    return tuple(found)


def _comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def platform_deploys(ctx: Context) -> tuple[Evidence, ...]:
    """Files of hosting platforms that deploy straight from git (Heroku, Render, Hugging Face Spaces...)."""
    index = ctx.get(file_index)
    found = [Evidence(p) for p in index.named(*PLATFORM_FILES) if "/" not in p]
    if "README.md" in index and HF_SPACE.search(ctx.repo.read_text("README.md") or ""):
        found.append(Evidence("README.md", 1, "Hugging Face Space configuration"))
    return tuple(found)


def _when(triggers: frozenset[str]) -> str:
    if ci.PUSH_MAIN in triggers:
        return MERGE
    if triggers & {ci.TAG, ci.RELEASE}:
        return RELEASE
    return OTHER


def shared_across_environments(deliveries: tuple[Delivery, ...]) -> tuple[Delivery, ...]:
    """Deploys that run one command for several named environments (`bundle deploy -t staging` / `-t prod`)."""
    by_command: dict[str, dict[str, Delivery]] = {}
    for d in deliveries:
        if (match := TARGET_ARG.search(d.evidence.excerpt)) is not None:
            command = TARGET_ARG.sub("<env>", d.evidence.excerpt)
            by_command.setdefault(command, {}).setdefault(match.group(1).lower(), d)
    return next((tuple(envs.values()) for envs in by_command.values() if len(envs) >= 2), ())


def cite(deliveries: Iterable[Delivery], limit: int = 3) -> tuple[Evidence, ...]:
    """The deploy lines of some deliveries, each line once."""
    seen: dict[tuple[str, int | None], Evidence] = {}
    for d in deliveries:
        seen.setdefault((d.evidence.path, d.evidence.line), d.evidence)
    return tuple(seen.values())[:limit]
