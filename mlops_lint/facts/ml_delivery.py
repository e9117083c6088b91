"""How the ML code is delivered: the CI steps that deploy a model, a service or ML jobs, and when.

A deploying step runs a known deployer (`ci.DEPLOYS_APP`: image push, `databricks bundle deploy`,
`az ml online-deployment create`, `kubectl apply`...), an ML platform command (`anyscale service
rollout`, `gcloud ai endpoints deploy-model`, model registry promotion with `gto`), or a script
named for deployment (`python deploy_model.py`, `python -m pkg.deployment.provision_endpoint`),
directly or through the scripts and job specs it calls (`facts/ci_commands.py`). Templated
pipelines of project templates count too.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts import ci
from mlops_lint.facts.ci import DEPLOYS_APP, Job, Step
from mlops_lint.facts.ci_commands import all_pipelines, step_runs
from mlops_lint.facts.files import file_index
from mlops_lint.model import Evidence

ML_DEPLOY: Final = re.compile(
    rf"{DEPLOYS_APP.pattern}|(?<![\w-])(?:anyscale\s+(?:service|services)\s+(?:rollout|deploy)|"
    r"gcloud\s+ai\s+endpoints\s+deploy-model|gto\s+(?:assign|promote|deploy)|mlflow\s+deployments\s+(?:create|update)|"
    r"python[\d.]*\s+(?:-m\s+)?[\w./-]*(?:deploy|provision|promot|rollout)[\w./-]*)",
    re.IGNORECASE,
)
ML_PIPELINE_RUN: Final = re.compile(
    r"(?<![\w-])(?:dvc\s+(?:repro|exp\s+run)|az\s+ml\s+job\s+create|databricks\s+(?:jobs\s+run-now|bundle\s+run)|"
    r"kfp\s+run|zenml\s+pipeline\s+run|kedro\s+run|python[\d.]*\s+(?:-m\s+)?[\w./-]*(?:pipeline|train)[\w./-]*)",
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
HF_SPACE: Final = re.compile(r"\A---\s*\n(?:.*\n){0,30}?sdk:\s*(?:gradio|streamlit|docker|static)", re.MULTILINE)
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
    def parameterised(self) -> bool:
        """Whether the deploy is driven by an environment parameter (matrix, input, --env/--target/-t)."""
        text = f"{self.step.text}\n{self.evidence.excerpt}\nenvironment: {self.job.environment or ''}"
        return bool(ENV_PARAMETER.search(text))


ENV_PARAMETER: Final = re.compile(
    r"\$\{\{\s*(?:matrix|inputs|github\.event\.inputs|needs\.[\w-]+\.outputs|env|vars)\.[\w-]*(?:env|stage|target|"
    r"environment)[\w-]*\s*\}\}|\$\{?(?:ENV|ENVIRONMENT|STAGE|TARGET|DEPLOY_ENV|BUNDLE_TARGET)\}?\b|"
    r"--(?:env|environment|environment[_-]name|stage|target)[= ]\s*\S|(?<![\w-])-t\s+\$|\$\(\s*\w*(?:env|stage)\w*\s*\)",
    re.IGNORECASE,
)


def ml_deliveries(ctx: Context) -> tuple[Delivery, ...]:
    """Every job step that deploys the model, the service or the ML jobs."""
    found = []
    for pipeline in ctx.get(all_pipelines):
        for job in pipeline.jobs:
            for step in job.steps:
                if (evidence := step_runs(ctx, step, ML_DEPLOY)) is not None:
                    found.append(Delivery(job, step, evidence, _when(job.triggers)))
    return tuple(found)


def pipeline_runs_on_merge(ctx: Context) -> tuple[Evidence, ...]:
    """Steps on merge that run an ML pipeline (which may deploy inside the pipeline)."""
    found = []
    for pipeline in ctx.get(all_pipelines):
        for job in pipeline.jobs:
            if ci.PUSH_MAIN in job.triggers:
                found += [e for s in job.steps if (e := step_runs(ctx, s, ML_PIPELINE_RUN, depth=1)) is not None]
    return tuple(found)


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
