"""Feature stores: which one the project uses, and what its code and CI do with it.

A store is recognised by its client imported in code (Feast, Tecton, Hopsworks/hsfs, Databricks
Feature Engineering or the older Feature Store client, SageMaker Feature Store, Vertex AI Feature
Store, Featureform, the Azure ML managed feature store), by its files (Feast's
`feature_store.yaml`, Azure feature-set specs) or by its IaC resources (SageMaker feature groups,
Vertex feature stores). Only the code files that import a store client are searched further, for:
- definitions: feature views, entities, feature groups, feature tables created or written;
- training reads: training sets built from the store (`get_historical_features`, `FeatureLookup`);
- online reads: features looked up when predicting (`get_online_features`, `score_batch`);
- per-model usage: feature services, models logged with their training set, feature views;
- applies: CI steps that plan or apply the definitions (`feast apply`, `tecton plan`).
A declared dependency on a store package with no code using it is only a hint. Test files and
comment lines never count.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.ci_commands import all_pipelines, step_runs
from mlops_lint.facts.code import SourceFile, code_corpus
from mlops_lint.facts.deps import dependencies
from mlops_lint.facts.files import file_index
from mlops_lint.facts.iac import iac_inventory
from mlops_lint.facts.ml_code import COMMENT, is_test_file
from mlops_lint.model import Evidence

FEAST: Final = "Feast"
TECTON: Final = "Tecton"
HOPSWORKS: Final = "Hopsworks"
DATABRICKS: Final = "Databricks Feature Engineering"
SAGEMAKER: Final = "SageMaker Feature Store"
VERTEX: Final = "Vertex AI Feature Store"
FEATUREFORM: Final = "Featureform"
AZURE: Final = "Azure ML managed feature store"
CLIENTS: Final[Mapping[str, re.Pattern[str]]] = {
    FEAST: lazy_re.compile(r"^[ \t]*(?:from|import)[ \t]+feast\b", re.MULTILINE),
    TECTON: lazy_re.compile(r"^[ \t]*(?:from|import)[ \t]+tecton\b", re.MULTILINE),
    HOPSWORKS: lazy_re.compile(r"^[ \t]*(?:from|import)[ \t]+(?:hopsworks|hsfs)\b", re.MULTILINE),
    DATABRICKS: lazy_re.compile(
        r"^[ \t]*(?:(?:from|import)[ \t]+databricks\.feature_(?:engineering|store)\b|"
        r"from[ \t]+databricks[ \t]+import[ \t]+(?:[\w, \t]*,[ \t]*)?feature_(?:engineering|store)\b)",
        re.MULTILINE,
    ),
    SAGEMAKER: lazy_re.compile(
        r"^[ \t]*(?:from|import)[ \t]+sagemaker\.feature_store\b|['\"]sagemaker-featurestore-runtime['\"]",
        re.MULTILINE,
    ),
    VERTEX: lazy_re.compile(
        r"\baiplatform\.(?:Featurestore|FeatureOnlineStore)\b|"
        r"^[ \t]*from[ \t]+(?:vertexai|google\.cloud\.aiplatform)[\w.]*[ \t]+import[ \t]+[^\n]*"
        r"\b(?:feature_store|Featurestore|FeatureOnlineStore)\b",
        re.MULTILINE,
    ),
    FEATUREFORM: lazy_re.compile(r"^[ \t]*(?:from|import)[ \t]+featureform\b", re.MULTILINE),
    AZURE: lazy_re.compile(
        r"^[ \t]*(?:from|import)[ \t]+azureml\.featurestore\b|"
        r"^[ \t]*from[ \t]+azure\.ai\.ml\.entities[ \t]+import[ \t]+[^\n]*\b(?:FeatureStore|FeatureSet)\b",
        re.MULTILINE,
    ),
}
# The top-level packages whose import may hide a store client: a cheap filter before the regexes.
CLIENT_PACKAGES: Final = frozenset(
    {"feast", "tecton", "hopsworks", "hsfs", "databricks", "sagemaker", "boto3", "google", "vertexai",
     "featureform", "azureml", "azure"}
)  # fmt: skip
DEFINITION: Final = lazy_re.compile(
    r"\b(?:FeatureView|BatchFeatureView|StreamFeatureView|OnDemandFeatureView|Entity|FeatureGroup|FeatureSetSpec"
    r"|FeatureStoreEntity)\(|^[ \t]*@(?:\w+\.)?(?:batch|stream|on_demand)_feature_view\b|"
    r"\.(?:create_table|create_feature_table|create_feature_group|get_or_create_feature_group|write_table"
    r"|create_entity_type|create_feature_view)\(|\b(?:store|fs|feature_store)\.apply\(\s*\[|^[ \t]*@ff\.(?:sql|df)_transformation\b|\bff\.register_\w+\(",
    re.MULTILINE,
)
TRAINING_READ: Final = lazy_re.compile(
    r"\.(?:get_historical_features|create_training_set|create_training_data|training_data|get_batch_data"
    r"|get_offline_features|get_features_for_events|batch_serve_to_(?:bq|df|gcs))\(|\bFeatureLookup\(|"
    r"\bFeatureFunction\(|\b\w*view\.(?:train_test_split|train_validation_test_split)\(|\bregister_training_set\("
)
ONLINE_READ: Final = lazy_re.compile(
    r"\.(?:get_online_features|score_batch|get_feature_vectors?|fetch_feature_values|batch_get_record|get_record"
    r"|publish_table)\(|\bserve\.features\("
)
PER_MODEL: Final = lazy_re.compile(
    r"\bFeatureService\(|\.log_model\((?:[^()]|\([^()]*\))*?\btraining_set\s*=|"
    r"\.(?:create_feature_view|get_or_create_feature_view)\(|\bregister_training_set\("
)
FILES: Final[Mapping[str, str]] = {
    "feature_store.yaml": FEAST,
    "feature_store.yml": FEAST,
    "featureset_spec.yaml": AZURE,
    "featureset_spec.yml": AZURE,
    "featuresetspec.yaml": AZURE,
}
IAC: Final[Mapping[str, re.Pattern[str]]] = {
    SAGEMAKER: lazy_re.compile(r"aws_sagemaker_feature_group|AWS::SageMaker::FeatureGroup|FeatureGroupName"),
    VERTEX: lazy_re.compile(r"google_vertex_ai_(?:featurestore|feature_online_store|feature_group)"),
    AZURE: lazy_re.compile(r"workspaces/featuresets|kind:\s*['\"]?FeatureStore\b", re.IGNORECASE),
}
PACKAGES: Final[Mapping[str, str]] = {
    "feast": FEAST,
    "tecton": TECTON,
    "hopsworks": HOPSWORKS,
    "hsfs": HOPSWORKS,
    "databricks-feature-engineering": DATABRICKS,
    "databricks-feature-store": DATABRICKS,
    "featureform": FEATUREFORM,
    "azureml-featurestore": AZURE,
}
APPLIES: Final = lazy_re.compile(
    r"(?<![\w.-])(?:feast\s+(?:-c\s+\S+\s+)?(?:apply|plan|materialize(?:-incremental)?)|tecton\s+(?:apply|plan|test)"
    r"|featureform\s+apply|az\s+ml\s+feature-(?:set|store(?:-entity)?)\s+(?:create|update))(?![\w-])",
    re.IGNORECASE,
)
SEARCHED: Final = (
    "code importing a feature-store client (feast, tecton, hopsworks, databricks.feature_engineering, "
    + "sagemaker.feature_store, Vertex AI, featureform, azureml.featurestore)",
    "feature_store.yaml, feature-set specs, feature groups/stores in IaC",
)


@dataclasses.dataclass(frozen=True, slots=True)
class FeatureStoreUse:
    """The feature stores the project uses and what its code does with them (evidence per kind)."""

    stores: Mapping[str, tuple[Evidence, ...]]  # store -> client imports, files or IaC resources
    definitions: tuple[Evidence, ...] = ()
    training_reads: tuple[Evidence, ...] = ()
    online_reads: tuple[Evidence, ...] = ()
    per_model: tuple[Evidence, ...] = ()
    applies: tuple[Evidence, ...] = ()
    declared: tuple[Evidence, ...] = ()  # store packages declared as dependencies (a hint)
    store_files: tuple[str, ...] = ()  # code files using a store client
    complete: bool = True  # False when the code budget left files unread
    code_files: int = 0  # code files read

    @property
    def present(self) -> bool:
        """Whether a store is used (by code, files or IaC; a declared dependency alone is not use)."""
        return bool(self.stores)

    def absence_doubt(self) -> str | None:
        """Why finding no store does not show there is none (no code here, or code left unread); None if it does."""
        if not self.code_files:
            return "the repository has no code: features may be computed and stored elsewhere"
        if not self.complete:
            return "no feature store was found, but the code budget left files unread"
        return None

    @property
    def names(self) -> str:
        """The stores used, in words."""
        return ", ".join(sorted(self.stores))


def feature_store_use(ctx: Context) -> FeatureStoreUse:
    """Find the feature stores the repository uses and the code that defines, reads and tracks features."""
    corpus = ctx.get(code_corpus)
    stores: dict[str, list[Evidence]] = {}
    users: list[SourceFile] = []
    for source in corpus.files:
        if is_test_file(source.path) or not source.imports & CLIENT_PACKAGES:
            continue
        for store, pattern in CLIENTS.items():
            if (hit := _first(source, pattern)) is not None:
                stores.setdefault(store, []).append(hit)
                if source not in users:
                    users.append(source)
    for name, store in FILES.items():
        stores.setdefault(store, []).extend(Evidence(p) for p in ctx.get(file_index).named(name))
    for store, evidence in _iac(ctx):
        stores.setdefault(store, []).append(evidence)
    declared = tuple(Evidence(r.path, r.line, f"depends on {r.name}") for r in ctx.get(dependencies).find(*PACKAGES))
    return FeatureStoreUse(
        {s: tuple(found[:3]) for s, found in stores.items() if found},
        definitions=_all(users, DEFINITION),
        training_reads=_all(users, TRAINING_READ),
        online_reads=_all(users, ONLINE_READ),
        per_model=_all(users, PER_MODEL),
        applies=_applies(ctx),
        declared=declared,
        store_files=tuple(s.path for s in users),
        complete=not corpus.truncated,
        code_files=len(corpus.files),
    )


def _first(source: SourceFile, pattern: re.Pattern[str]) -> Evidence | None:
    return next(_hits(source, pattern), None)


def _hits(source: SourceFile, pattern: re.Pattern[str]) -> Iterator[Evidence]:
    text = source.text
    for match in pattern.finditer(text):
        at = match.start() + len(match.group(0)) - len(match.group(0).lstrip())
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        line = text[start : end if end >= 0 else None]
        if COMMENT.match(line):
            continue
        yield Evidence(source.path, None if source.is_notebook else text.count("\n", 0, at) + 1, line.strip())


def _all(sources: list[SourceFile], pattern: re.Pattern[str], limit: int = 6) -> tuple[Evidence, ...]:
    found: list[Evidence] = []
    for source in sources:
        found += [e for e in _hits(source, pattern) if e not in found][:2]
        if len(found) >= limit:
            break
    return tuple(found[:limit])


def _iac(ctx: Context) -> Iterator[tuple[str, Evidence]]:
    for iac in ctx.get(iac_inventory).files[:400]:
        text = ctx.repo.read_text(iac.path, limit=512 * 1024) or ""
        for store, pattern in IAC.items():
            if match := pattern.search(text):
                line = text.count("\n", 0, match.start()) + 1
                yield store, Evidence(iac.path, line, text.splitlines()[line - 1])


def _applies(ctx: Context) -> tuple[Evidence, ...]:
    found = []
    for pipeline in ctx.get(all_pipelines):
        for job in pipeline.jobs:
            for step in job.steps:
                if (hit := step_runs(ctx, step, APPLIES)) is not None and hit not in found:
                    found.append(hit)
    return tuple(found[:3])
