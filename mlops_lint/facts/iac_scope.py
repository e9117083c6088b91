"""The infrastructure code the infrastructure criteria (9-14, 29, 30) are about.

Declarative IaC comes from `iac.iac_inventory`. When there is none, infrastructure created by
cloud SDK calls in versioned scripts (a SageMaker `model.deploy(...)` with its instance
configuration, Azure ML `ManagedOnlineEndpoint(...)`, a Databricks serving endpoint) is taken
as infrastructure defined in code too, marked imperative. Notebooks are not: creating an
endpoint from a notebook cell is a manual step, not a definition.

`IacScope.covers(path)` tells whether a path (also one from an old commit or a CI path filter)
is infrastructure code, so history and pipelines can be related to it.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts import prefilter
from mlops_lint.facts.code import code_corpus
from mlops_lint.facts.files import file_index, is_test_path
from mlops_lint.facts.iac import BY_EXTENSION, BY_NAME, IacFile, iac_inventory, untemplated
from mlops_lint.facts.infra_docs import infra_elsewhere
from mlops_lint.facts.tracking import config_corpus
from mlops_lint.model import Evidence

MAX_EVIDENCE: Final = 5
SDK_INFRA: Final = lazy_re.compile(
    r"\bServerlessInferenceConfig\(|"
    r"\.deploy\((?:[^()]|\([^()]*\)){0,400}?\b(?:initial_instance_count|instance_type|endpoint_name|machine_type|"
    r"min_replica_count|serverless_inference_config)\s*=|"
    r"\.create_endpoint(?:_config)?\(|"
    r"\b(?:ManagedOnline|KubernetesOnline)(?:Endpoint|Deployment)\(|\bBatch(?:Endpoint|Deployment)\(|"
    r"\bAmlCompute\(|\bComputeInstance\(|"
    r"\baiplatform\.Endpoint\.create\(|"
    r"\bserving_endpoints\.(?:create|update_config)(?:_and_wait)?\("
)
NOTEBOOK_SOURCE: Final = lazy_re.compile(r"\A\s*# Databricks notebook source")
CLOUD_CLI_CREATE: Final = lazy_re.compile(
    r"(?<![\w-])(?:gcloud\s+(?:beta\s+)?(?:compute|container|run|sql|redis|pubsub|functions|ai\s+endpoints|"
    r"storage\s+buckets|artifacts\s+repositories)\s+(?:[\w-]+\s+){0,3}(?:create|deploy)\b|"
    r"aws\s+(?:ec2|eks|ecs|rds|s3api|lambda|elasticache|sagemaker)\s+create-(?!training-job|processing-job|"
    r"transform-job|hyper)[\w-]+|"
    r"az\s+(?:group|vm|aks|acr|storage\s+account|ml\s+(?:workspace|compute|online-endpoint|online-deployment|"
    r"batch-endpoint|batch-deployment))\s+create\b)"
)
SCRIPT_EXTS: Final = ("sh", "bash", "ps1")
MAX_SCRIPTS: Final = 300


@dataclasses.dataclass(frozen=True, slots=True)
class IacScope:
    """The IaC files, whether they are only SDK scripts, and how many candidates went unread."""

    files: tuple[IacFile, ...]
    imperative: bool = False
    unread: int = 0
    candidates: tuple[Evidence, ...] = ()  # provisioning shell commands: maybe IaC, for a person to judge

    @property
    def paths(self) -> frozenset[str]:
        """The paths of the IaC files."""
        return frozenset(f.path for f in self.files)

    @property
    def folders(self) -> frozenset[str]:
        """The folders directly holding IaC files ("" for the root)."""
        return frozenset(f.path.rpartition("/")[0] for f in self.files)

    def covers(self, path: str) -> bool:
        """Whether a path is infrastructure code: a known IaC file, or named like one."""
        return path in self.paths or is_iac_name(path)

    def evidence(self, limit: int = MAX_EVIDENCE) -> tuple[Evidence, ...]:
        """Evidence for the first IaC files, one kind after another so every kind is shown."""
        by_kind: dict[str, list[IacFile]] = {}
        for f in self.files:
            by_kind.setdefault(f.kind, []).append(f)
        picked: list[IacFile] = []
        while len(picked) < limit and any(by_kind.values()):
            for files in by_kind.values():
                if files and len(picked) < limit:
                    picked.append(files.pop(0))
        return tuple(Evidence(f.path, f.line, f.excerpt or f.kind) for f in picked)

    @property
    def kinds(self) -> frozenset[str]:
        """The kinds of IaC present."""
        return frozenset(f.kind for f in self.files)

    def describe(self) -> str:
        """The kinds found, for reasons: `terraform, helm`."""
        return ", ".join(sorted(self.kinds))


def is_iac_name(path: str) -> bool:
    """Whether a file is IaC by its name alone (`*.tf`, `Chart.yaml`, `databricks.yml`...)."""
    name = untemplated(path.rpartition("/")[2].lower())
    ext = name.rpartition(".")[2] if "." in name else ""
    return ext in BY_EXTENSION or BY_NAME.get(name) is not None


def iac_scope(ctx: Context) -> IacScope:
    """The declarative IaC files, or else the scripts that create infrastructure with a cloud SDK."""
    inventory = ctx.get(iac_inventory)
    if inventory.files:
        return IacScope(inventory.files, unread=inventory.unread)
    corpus = ctx.get(code_corpus)
    scripts = [
        f for f in corpus.files if not f.is_notebook and not is_test_path(f.path) and not NOTEBOOK_SOURCE.match(f.text)
    ]
    found: dict[str, IacFile] = {}
    for hit in corpus.search(SDK_INFRA, scripts, code_only=True):  # not a docstring naming a call
        if hit.path not in found:
            found[hit.path] = IacFile(hit.path, "cloud-sdk-script", hit.line, hit.text)
    if found:
        return IacScope(tuple(found.values()), imperative=True, unread=inventory.unread)
    return IacScope((), unread=inventory.unread, candidates=_provisioning_scripts(ctx))


def _provisioning_scripts(ctx: Context) -> tuple[Evidence, ...]:
    index = ctx.get(file_index)
    paths = [p for p in (*index.with_ext(*SCRIPT_EXTS), *index.named("Makefile")) if not is_test_path(p)]
    found = []
    for path in paths[:MAX_SCRIPTS]:
        text = ctx.repo.read_text(path, limit=256 * 1024) or ""
        if (match := CLOUD_CLI_CREATE.search(text)) is not None:
            start = text.rfind("\n", 0, match.start()) + 1
            end = text.find("\n", match.end())
            line = text.count("\n", 0, match.start()) + 1
            found.append(Evidence(path, line, text[start : end if end >= 0 else None].strip()))
    return tuple(found[:3])


@dataclasses.dataclass(frozen=True, slots=True)
class Absence:
    """Why finding no IaC here does not mean there is none: the reason and what shows it."""

    why: str
    evidence: tuple[Evidence, ...] = ()


def iac_absence(ctx: Context) -> Absence | None:
    """When no IaC was found: a reason not to conclude there is none (None: the absence is real)."""
    scope = ctx.get(iac_scope)
    if scope.files:
        return None
    if (elsewhere := ctx.get(infra_elsewhere)) is not None:
        return Absence("the documentation says the infrastructure lives in another repository", (elsewhere,))
    if scope.candidates:
        return Absence("scripts create cloud resources with CLI commands (provisioning scripts)", scope.candidates)
    if scope.unread:
        return Absence(f"{scope.unread} candidate IaC file(s) were left unread by the search budget")
    if specs := _job_specs(ctx):
        return Absence("cloud job specifications declare the machines jobs run on (no provisioning code)", specs)
    if compose := _deployed_compose(ctx):
        return Absence("Docker Compose files kept with the infrastructure declare the services that run", compose)
    return None


# A managed job's compute declared in a file (Vertex AI custom jobs: workerPoolSpecs/machineSpec).
JOB_SPEC: Final = lazy_re.compile(
    r"^\s*-?\s*(?:workerPoolSpecs|worker_pool_specs|machineSpec|machine_spec)\s*:", re.MULTILINE
)
COMPOSE_NAME: Final = lazy_re.compile(r"^(?:docker-)?compose[\w.-]*\.ya?ml$", re.IGNORECASE)
INFRA_FOLDERS: Final = frozenset({"infra", "infrastructure", "deploy", "deployment", "deployments", "ops", "platform"})


def _job_specs(ctx: Context) -> tuple[Evidence, ...]:
    """Config files declaring a managed job's machines (`machineSpec:`)."""
    corpus = ctx.get(config_corpus)
    found = [
        Evidence(source.path, source.text.count("\n", 0, match.start()) + 1, match.group(0).strip())
        for source in corpus.files
        if (match := prefilter.search(JOB_SPEC, source.text, corpus.lowered(source))) is not None
    ]
    return tuple(found[:MAX_EVIDENCE])


def _deployed_compose(ctx: Context) -> tuple[Evidence, ...]:
    """Compose files in an infrastructure folder or named for production: more than a local setup."""
    index = ctx.get(file_index)
    found = [
        p
        for p in index.containing("compose")
        if COMPOSE_NAME.match(p.rpartition("/")[2])
        and (INFRA_FOLDERS.intersection(p.lower().split("/")[:-1]) or "prod" in p.rpartition("/")[2].lower())
    ]
    return tuple(Evidence(p, None, "Docker Compose services") for p in found[:MAX_EVIDENCE])
