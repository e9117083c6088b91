"""The CI/CD model: every pipeline the repository defines, its triggers, jobs and commands.

Parsers for each CI system live in `ci_parsers`; this module holds the model, the trigger
vocabulary and the command vocabulary the detectors share (what "runs tests", "deploys" or
"validates infrastructure" looks like in a step).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context

# Trigger vocabulary: what makes a pipeline run.
PULL_REQUEST: Final = "pull_request"
PUSH_MAIN: Final = "push_main"  # a push to a long-lived branch, i.e. a merged pull request
PUSH_BRANCH: Final = "push_branch"  # a push to any other branch, pull-request branches included
TAG: Final = "tag"
SCHEDULE: Final = "schedule"
MANUAL: Final = "manual"
RELEASE: Final = "release"
OTHER: Final = "other"

LONG_LIVED: Final = lazy_re.compile(
    r"^(refs/heads/)?(main|master|trunk|develop|dev|development|staging|stage|prod|production|"
    r"release[s]?([/_-].*)?|live|stable)$",
    re.IGNORECASE,
)


@dataclasses.dataclass(frozen=True, slots=True)
class Step:
    """One command (or action call) of a job, with where it is written."""

    path: str
    line: int
    text: str


@dataclasses.dataclass(frozen=True, slots=True)
class Job:
    """A job of a pipeline, with the triggers it actually runs on."""

    path: str
    name: str
    line: int
    triggers: frozenset[str]
    steps: tuple[Step, ...]
    environment: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Pipeline:
    """A CI/CD definition file (a GitHub workflow, .gitlab-ci.yml, an Azure pipeline...)."""

    system: str
    path: str
    name: str
    triggers: frozenset[str]
    jobs: tuple[Job, ...]
    pr_paths: tuple[str, ...] = ()  # path filters of the pull-request trigger; () means all
    line: int = 1
    after: tuple[str, ...] = ()  # names of the workflows whose completion starts this one


@dataclasses.dataclass(frozen=True, slots=True)
class CiModel:
    """All pipelines, in path order."""

    pipelines: tuple[Pipeline, ...]

    def jobs(self) -> tuple[Job, ...]:
        """Every job of every pipeline."""
        return tuple(j for p in self.pipelines for j in p.jobs)

    def steps_matching(
        self, pattern: re.Pattern[str], triggers: Iterable[str] | None = None
    ) -> tuple[tuple[Job, Step], ...]:
        """Steps whose text matches, in jobs running on any of `triggers` (None: any)."""
        wanted = None if triggers is None else frozenset(triggers)
        return tuple(
            (job, step)
            for job in self.jobs()
            if wanted is None or job.triggers & wanted
            for step in job.steps
            if pattern.search(step.text)
        )


def _words(*alternatives: str) -> re.Pattern[str]:
    return lazy_re.compile(r"(?<![\w.-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.IGNORECASE)


RUNS_TESTS: Final = _words(
    r"pytest",
    r"py\.test",
    r"python[\d.]*\s+-m\s+(?:pytest|unittest)",
    r"tox",
    r"nox",
    r"make\s+(?:[\w-]+\s+)*(?:test|tests|check|ci|unit-tests?|integration-tests?)",
    r"(?:hatch|poe|pdm|uv|poetry|pixi|just|invoke|task|mise|rye)\s+(?:run\s+)?(?:[\w:-]*test[\w:-]*)",
    r"(?:pants|bazel)\s+test",
    r"(?:devtools|testthat)::test\w*",
    r"R\s+CMD\s+check",
    r"unittest",
    r"coverage\s+run",
    r"nosetests",
    r"green",
    r"behave",
    r"(?:npm|yarn|pnpm)\s+(?:run\s+)?test",
    r"go\s+test",
    r"mvn\s+(?:\S+\s+)*(?:test|verify)",
    r"gradle\w*\s+test",
    r"dbt\s+(?:test|build)",
    r"great_expectations\s+checkpoint\s+run",
    r"databricks\s+bundle\s+run\s+[\w-]*test[\w-]*",
)
VALIDATES_IAC: Final = _words(
    r"terraform\s+(?:-chdir=\S+\s+)?(?:validate|plan|fmt)",
    r"tofu\s+(?:validate|plan|fmt)",
    r"terragrunt\s+(?:run-all\s+)?(?:validate|plan)",
    r"tflint",
    r"tfsec",
    r"checkov",
    r"trivy\s+(?:config|iac)",
    r"kics",
    r"terrascan",
    r"cfn-lint",
    r"cfn_nag\w*",
    r"(?:az\s+)?bicep\s+(?:build|lint)",
    r"az\s+deployment\s+\w+\s+(?:validate|what-if)",
    r"arm-ttk",
    r"helm\s+(?:lint|template)",
    r"kubeconform",
    r"kubeval",
    r"kube-linter",
    r"kustomize\s+build",
    r"conftest",
    r"databricks\s+bundle\s+validate",
    r"pulumi\s+preview",
    r"cdk\s+(?:synth|diff)",
    r"sam\s+validate",
    r"ansible-lint",
    r"terratest",
    r"infracost",
    r"uses:\s*(?:bridgecrewio/checkov-action|aquasecurity/tfsec-action|terraform-linters/setup-tflint"
    r"|hashicorp/setup-terraform)",
    # Trivy's action scans images or files for vulnerabilities unless told to check configuration
    r"uses:\s*aquasecurity/trivy-action\S*(?:\n.*)*\n\s*(?:config|[\w,]*misconfig[\w,]*)",
)
_IAC_DEPLOY: Final = (
    r"terraform\s+(?:-chdir=\S+\s+)?apply",
    r"tofu\s+apply",
    r"terragrunt\s+(?:run-all\s+)?apply",
    r"pulumi\s+up",
    r"cdk\s+deploy",
    r"sam\s+deploy",
    r"serverless\s+deploy",
    r"sls\s+deploy",
    r"aws\s+cloudformation\s+(?:deploy|create-stack|update-stack)",
    r"az\s+deployment\s+(?:group|sub|mg|tenant)\s+create",
    r"az\s+stack\s+\w+\s+create",
    r"databricks\s+bundle\s+deploy",
    r"helm\s+(?:upgrade|install)",
    r"helmfile\s+(?:apply|sync)",
    r"kubectl\s+apply",
    r"kustomize\s+build\s+.*\|\s*kubectl",
    r"ansible-playbook",
    r"gcloud\s+deployment-manager\s+deployments\s+(?:create|update)",
    r"uses:\s*(?:azure/arm-deploy|aws-actions/aws-cloudformation-github-deploy|pulumi/actions)",
    r"AzureResourceManagerTemplateDeployment@\d",
    r"Deploy action [\w-]+: CloudFormation(?:StackSet)?",  # a CodePipeline action (ci_others)
)
DEPLOYS_IAC: Final = _words(*_IAC_DEPLOY)
DEPLOYS_APP: Final = _words(
    r"docker\s+push",
    r"docker\s+buildx\s+build\s+.*--push",
    r"uses:\s*docker/build-push-action",
    r"gcloud\s+(?:run|app|functions|ai\s+endpoints|ai\s+models)\s+(?:deploy|upload)",
    r"gcloud\s+builds\s+submit",
    r"az\s+ml\s+(?:online-endpoint|online-deployment|batch-endpoint|batch-deployment|model|job)\s+"
    r"(?:create|update)",
    r"az\s+(?:webapp|containerapp|functionapp)\s+(?:up|deploy|update|create)",
    r"az\s+ml\s+(?:model\s+deploy|service\s+update)",  # Azure ML CLI v1
    r"aws\s+sagemaker\s+(?:create|update)-[\w-]+",
    r"aws\s+(?:ecs|lambda)\s+update-[\w-]+",
    r"Deploy action [\w-]+: \w+",  # a CodePipeline deploy stage's action (ci_others)
    r"aws\s+s3\s+(?:cp|sync)\s+\S*model",
    r"mlflow\s+models\s+(?:serve|build-docker)",
    r"bentoml\s+(?:deploy|containerize|push)",
    r"databricks\s+bundle\s+(?:deploy|run)",
    r"databricks\s+(?:jobs|workspace|fs)\s+[\w-]+",
    r"kubectl\s+(?:apply|set\s+image|rollout)",
    r"helm\s+(?:upgrade|install)",
    r"flyctl\s+deploy",
    r"heroku\s+\S*\s*(?:deploy|push)",
    r"git\s+push\s+heroku",
    r"modal\s+deploy",
    r"uses:\s*(?:azure/webapps-deploy|azure/container-apps-deploy-action|google-github-actions/deploy-[\w-]+"
    r"|aws-actions/amazon-ecs-deploy-task-definition|akhileshns/heroku-deploy|appleboy/ssh-action"
    r"|azure/aml-\w+|databricks/setup-cli)",
    r"AzureWebApp(?:Container)?@\d",
    r"AzureFunctionApp@\d",
    r"KubernetesManifest@\d",
    r"AzureMLCLI@\d",
    *_IAC_DEPLOY,
)


def ci_model(ctx: Context) -> CiModel:
    """Parse every CI/CD definition the repository tracks."""
    # The parsers import this module's model, so they are imported here, not at the top.
    from mlops_lint.facts.ci_github import link_github, parse_github  # noqa: PLC0415
    from mlops_lint.facts.ci_others import parse_others  # noqa: PLC0415
    from mlops_lint.facts.files import file_index  # noqa: PLC0415

    index = ctx.get(file_index)
    workflows = [p for p in index.under(".github/workflows") if p.endswith((".yml", ".yaml"))]
    github = link_github([pl for path in workflows if (pl := parse_github(ctx, path)) is not None])
    pipelines = [*github, *parse_others(ctx)]
    return CiModel(tuple(sorted(pipelines, key=lambda p: p.path)))


def branch_triggers(branches: object) -> frozenset[str]:
    """The push triggers a branch filter means: long-lived branches vs feature branches."""
    if branches in (None, "", [], {}):
        return frozenset({PUSH_MAIN, PUSH_BRANCH})
    names = [str(b) for b in branches] if isinstance(branches, list) else [str(branches)]
    found: set[str] = set()
    for raw in names:
        name = raw.strip().removeprefix("refs/heads/")
        if LONG_LIVED.match(name) or "$CI_DEFAULT_BRANCH" in name or "default" in name.lower():
            found.add(PUSH_MAIN)
        elif name.startswith("!"):
            continue
        else:
            found.add(PUSH_BRANCH)
            if "*" in name and "/" not in name:
                found.add(PUSH_MAIN)
    return frozenset(found)
