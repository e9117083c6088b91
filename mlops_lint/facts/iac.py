"""Infrastructure as code: which IaC files the repository tracks, and of which kind.

Most kinds are recognised by file name (`*.tf`, `Chart.yaml`, `databricks.yml`...). Kubernetes,
CloudFormation, Azure ML and Crossplane documents are YAML or JSON with telltale keys, so those
files are read, but only within a budget, likely folders first, so a monorepo with thousands of
config files stays fast.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.files import FileIndex, file_index, parts, shallowest

MAX_SNIFFED: Final = 1500
MAX_OTHER_SNIFFED: Final = 300  # in a huge repository, YAML/JSON outside likely folders
TEMPLATE_SUFFIXES: Final = frozenset({"tmpl", "tpl", "j2", "jinja", "jinja2"})
GENERATED_DIRS: Final = frozenset({".terraform", "cdk.out", ".serverless", ".aws-sam", ".pulumi"})
_NOT_SNIFFED: Final = ("package", "tsconfig", ".")  # npm and TypeScript manifests, dotfiles
BY_EXTENSION: Final = {
    "tf": "terraform",
    "tofu": "terraform",
    "tfvars": "terraform",
    "hcl": "terraform",
    "bicep": "bicep",
    "bicepparam": "bicep",
}
BY_NAME: Final = {
    "chart.yaml": "helm",
    "helmfile.yaml": "helm",
    "kustomization.yaml": "kustomize",
    "kustomization.yml": "kustomize",
    "databricks.yml": "databricks-bundle",
    "databricks.yaml": "databricks-bundle",
    "pulumi.yaml": "pulumi",
    "pulumi.yml": "pulumi",
    "cdk.json": "cdk",
    "serverless.yml": "serverless",
    "serverless.yaml": "serverless",
    "template.yaml": None,  # SAM/CloudFormation, decided by content
    "ansible.cfg": "ansible",
    "terragrunt.hcl": "terraform",
    "atlantis.yaml": None,
}
LIKELY_DIRS: Final = frozenset(
    {"infra", "infrastructure", "iac", "terraform", "deploy", "deployment", "deployments", "k8s", "kube",
     "kubernetes", "manifests", "helm", "charts", "cloudformation", "cfn", "templates", "resources",
     "azureml", ".azureml", "aml", "ml", "mlops", "ops", "platform", "environments", "env", "envs",
     "stacks", "bicep", "arm", "serving", "endpoints", "online", "batch",
     "ansible", "playbooks", "crossplane", "argocd", "flux", "gitops", "sagemaker", "vertex", "cloud"}
)  # fmt: skip
WORKFLOW_KINDS: Final = lazy_re.compile(
    r"^kind:\s*(?:Workflow|WorkflowTemplate|CronWorkflow|Pipeline|PipelineRun|Task|TaskRun)\s*$", re.MULTILINE
)
SNIFFS: Final = (
    (lazy_re.compile(r"^AWSTemplateFormatVersion|^Transform:\s*['\"]?AWS::Serverless", re.MULTILINE), "cloudformation"),
    (lazy_re.compile(r"\"AWSTemplateFormatVersion\""), "cloudformation"),
    (lazy_re.compile(r"^\s*Type:\s*['\"]?AWS::\w+::\w+", re.MULTILINE), "cloudformation"),
    (lazy_re.compile(r"deploymentTemplate\.json#"), "arm"),
    # Azure ML specs of resources only: job, component and asset specs describe work, not infra.
    (
        lazy_re.compile(
            r"\$schema:\s*\S*azureml\S*/(?:\w*OnlineEndpoint|\w*OnlineDeployment|\w*BatchEndpoint|"
            r"\w*BatchDeployment|\w*[Cc]ompute\w*|workspace|hub|project|registry|featureStore|\w*[Cc]onnection|"
            r"\w*[Dd]atastore)\.schema\.json",
            re.IGNORECASE,
        ),
        "azure-ml",
    ),
    (lazy_re.compile(r"^(?:head_node_type|available_node_types|worker_node_types):", re.MULTILINE), "ray-cluster"),
    (lazy_re.compile(r"^ray_serve_config:", re.MULTILINE), "anyscale-service"),
    (
        lazy_re.compile(
            r"^resources:[ \t]*\n(?:[ \t]*(?:#.*)?\n)*[ \t]+(?:jobs|pipelines|experiments|models|registered_models|"
            r"model_serving_endpoints|clusters|quality_monitors|schemas|volumes|apps|dashboards):",
            re.MULTILINE,
        ),
        "databricks-bundle",
    ),
    (lazy_re.compile(r"^apiVersion:\s*\S*crossplane\.io", re.MULTILINE), "crossplane"),
    (lazy_re.compile(r"^kind:\s*(?:Application|ApplicationSet|Kustomization|HelmRelease)\s*$", re.MULTILINE), "gitops"),
    (lazy_re.compile(r"^apiVersion:\s*\S+\s*$(?:.|\n){0,400}?^kind:\s*\w+", re.MULTILINE), "kubernetes"),
    (lazy_re.compile(r"^kind:\s*\w+\s*$(?:.|\n){0,400}?^apiVersion:\s*\S+", re.MULTILINE), "kubernetes"),
    (lazy_re.compile(r"^- hosts:\s*\S+", re.MULTILINE), "ansible"),
)


@dataclasses.dataclass(frozen=True, slots=True)
class IacFile:
    """A tracked file that defines infrastructure."""

    path: str
    kind: str
    line: int | None = None
    excerpt: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class IacInventory:
    """Every IaC file found, and how many candidate files were left unread by the budget."""

    files: tuple[IacFile, ...]
    unread: int = 0

    @property
    def kinds(self) -> frozenset[str]:
        """The kinds of IaC present."""
        return frozenset(f.kind for f in self.files)

    @property
    def folders(self) -> frozenset[str]:
        """The top folders holding IaC ("" for the repository root)."""
        return frozenset(f.path.split("/", 1)[0] if "/" in f.path else "" for f in self.files)


def iac_inventory(ctx: Context) -> IacInventory:
    """Find the IaC files of every known kind."""
    index = ctx.get(file_index)
    structured = ("yaml", "yml", "json")
    generated = set(index.in_folder(*GENERATED_DIRS))
    # Files known by name, extension or template suffix are examined one by one; plain YAML and
    # JSON (tens of thousands in a monorepo) are only filtered, in bulk, before sniffing.
    special = {*index.named(*BY_NAME), *index.with_ext(*BY_EXTENSION, *TEMPLATE_SUFFIXES)}
    found: dict[str, IacFile] = {}
    to_sniff = [
        p
        for p in index.with_ext(*structured)
        if p not in special and p not in generated and not p.rpartition("/")[2].lower().startswith(_NOT_SNIFFED)
    ]
    for path in sorted(special - generated):
        name = untemplated(path.rpartition("/")[2].lower())
        ext = name.rpartition(".")[2] if "." in name else ""
        if name in BY_NAME:
            if (kind := BY_NAME[name]) is not None:
                found[path] = IacFile(path, kind)
            else:
                to_sniff.append(path)
        elif ext in BY_EXTENSION:
            found[path] = IacFile(path, BY_EXTENSION[ext])
        elif ext in structured and not name.startswith(_NOT_SNIFFED):
            to_sniff.append(path)
    for path in _sniff_order(index, to_sniff):
        if not path.startswith(".github/") and (sniffed := _sniff(ctx, path)) is not None:
            found[path] = sniffed
    return IacInventory(tuple(sorted(found.values(), key=lambda f: f.path)), max(0, len(to_sniff) - MAX_SNIFFED))


def _sniff_order(index: FileIndex, paths: list[str]) -> list[str]:
    """Likely folders and the top levels first; in a huge repository only a few of the others."""
    if len(paths) <= MAX_SNIFFED:
        return sorted(paths, key=_sniff_priority)
    likely = set(index.in_folder(*LIKELY_DIRS))
    ranked = shallowest(paths)
    top = bisect.bisect_right([p.count("/") for p in ranked], 1)  # the files at most one folder deep
    first = sorted({*ranked[:top], *likely.intersection(paths)})
    others = [p for p in ranked[top:] if p not in likely][:MAX_OTHER_SNIFFED]
    return (first + others)[:MAX_SNIFFED]


def untemplated(name: str) -> str:
    """A file name without its template suffix: `databricks.yml.tmpl` -> `databricks.yml`."""
    stem, dot, suffix = name.rpartition(".")
    return stem if dot and stem and suffix.lower() in TEMPLATE_SUFFIXES else name


def _sniff_priority(path: str) -> tuple[int, int, str]:
    folders = parts(path)
    return (0 if LIKELY_DIRS.intersection(folders) or not folders else 1, len(folders), path)


def _sniff(ctx: Context, path: str) -> IacFile | None:
    text = ctx.repo.read_text(path, limit=512 * 1024)
    if not text:
        return None
    if WORKFLOW_KINDS.search(text):  # Argo/Kubeflow/Tekton pipelines are workflows, not infra
        return None
    for pattern, kind in SNIFFS:
        match = pattern.search(text)
        if match is not None:
            line = text.count("\n", 0, match.start()) + 1
            excerpt = text[match.start() : match.end()].splitlines()[0]
            return IacFile(path, kind, line, excerpt)
    return None
