"""The project's use cases: real-time serving, batch scoring, A/B testing; with evidence.

Conditional criteria (7, 35, 36, 41 real-time; 42 batch; 60 A/B testing) answer na when their
use case is absent. A missed use case turns a real gap into na, so detection leans towards
recall: any serving framework, managed endpoint or scheduled scoring job counts, and the
configuration (`use_case:`) has the last word.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Final

from mlops_lint.config import settings
from mlops_lint.context import Context
from mlops_lint.facts.ci import SCHEDULE, ci_model
from mlops_lint.facts.code import code_corpus
from mlops_lint.facts.deps import dependencies
from mlops_lint.facts.files import file_index, is_test_path
from mlops_lint.facts.iac import iac_inventory
from mlops_lint.model import Evidence

REALTIME: Final = "realtime"
BATCH: Final = "batch"
AB_TESTING: Final = "ab-testing"
USE_CASE_LABELS: Final = {
    REALTIME: "real-time inference (served model API or endpoint)",
    BATCH: "batch scoring",
    AB_TESTING: "A/B testing",
}
SERVING_PACKAGES: Final = (
    "fastapi", "flask", "djangorestframework", "bentoml", "seldon-core", "kserve", "mlserver", "torchserve",
    "litserve", "ray[serve]", "starlette", "sanic", "tritonserver", "tfserving",
)  # fmt: skip
SERVING_IMPORTS: Final = frozenset({"fastapi", "flask", "bentoml", "kserve", "mlserver", "litserve", "rest_framework"})
SERVING_CODE: Final = re.compile(
    r"from\s+ray\s+import\s+serve|@serve\.deployment|serving_endpoints\.create|aiplatform\.Endpoint|"
    r"\.deploy\(\s*(?:initial_instance_count|instance_type|endpoint_name|deployed_model_display_name)|"
    r"(?:ManagedOnline|KubernetesOnline)(?:Endpoint|Deployment)\(|create_endpoint\(|"
    r"sagemaker\.(?:model|predictor)|\bPredictor\(|gr\.Interface\(.*\.launch|BaseHTTPRequestHandler"
)
SERVING_FILES: Final = re.compile(
    r"(^|/)(config\.pbtxt|model-settings\.json|bentofile\.yaml|[\w-]+\.mar|serve_config\.ya?ml)$"
)
SERVING_IAC: Final = re.compile(
    r"InferenceService|SeldonDeployment|AWS::SageMaker::Endpoint|aws_sagemaker_endpoint|"
    r"managedOnline(?:Endpoint|Deployment)|kubernetesOnline(?:Endpoint|Deployment)|"
    r"google_vertex_ai_endpoint|model_serving_endpoints|azurerm_machine_learning_inference|"
    r"Microsoft\.MachineLearningServices/workspaces/onlineEndpoints"
)
BATCH_PACKAGES: Final = ("apache-airflow", "prefect", "dagster", "luigi", "kedro", "metaflow", "zenml", "flytekit")
BATCH_IMPORTS: Final = frozenset({"airflow", "prefect", "dagster", "luigi", "metaflow", "flytekit"})
BATCH_CODE: Final = re.compile(
    r"\bBatchTransform|\.transformer\(|Transformer\(\s*model_name|batch_predict\(|BatchPredictionJob|"
    r"(?:Batch)(?:Endpoint|Deployment)\(|spark_udf\(|mlflow\.pyfunc\.spark_udf|score_batch\(|"
    r"batch[_-]?(?:inference|scoring|predict(?:ion)?s?)\b",
    re.IGNORECASE,
)
BATCH_PATHS: Final = re.compile(
    r"(^|/)(dags?|batch[_-]?(inference|scoring|predict\w*)|score[_-]?batch)(/|\.py$|$)", re.IGNORECASE
)
AB_CODE: Final = re.compile(
    r"growthbook|launchdarkly|ldclient|UnleashClient|optimizely|statsig|split_?io|"
    r"ProductionVariants|ProductionVariant\(|traffic_split|canaryTrafficPercent|trafficPercent|"
    r"\bab[_-]test|a/b[ _-]test",
    re.IGNORECASE,
)


@dataclasses.dataclass(frozen=True, slots=True)
class UseCases:
    """Which use cases the project has, the evidence for each, and whether config decided."""

    kinds: frozenset[str]
    evidence: Mapping[str, tuple[Evidence, ...]]
    configured: bool = False


def use_cases(ctx: Context) -> UseCases:
    """Detect the use cases, unless the configuration states them."""
    config = ctx.get(settings)
    detected = _detect(ctx)
    if config.use_case is not None:
        return UseCases(config.use_case, detected.evidence, configured=True)
    return detected


def _detect(ctx: Context) -> UseCases:
    evidence = {
        REALTIME: _realtime(ctx),
        BATCH: _batch(ctx),
        AB_TESTING: _ab_testing(ctx),
    }
    return UseCases(frozenset(k for k, v in evidence.items() if v), {k: v for k, v in evidence.items() if v})


def _realtime(ctx: Context) -> tuple[Evidence, ...]:
    code = ctx.get(code_corpus)
    found = [Evidence(f.path, None, f"imports {', '.join(sorted(f.imports & SERVING_IMPORTS))}")
             for f in code.files if f.imports & SERVING_IMPORTS and not is_test_path(f.path)][:3]  # fmt: skip
    found += [Evidence(h.path, h.line, h.text) for h in code.search(SERVING_CODE) if not is_test_path(h.path)][:3]
    found += [Evidence(p) for p in ctx.get(file_index).matching(SERVING_FILES)][:3]
    found += _iac_hits(ctx, SERVING_IAC)
    if not found:
        found += [
            Evidence(r.path, r.line, f"depends on {r.name}") for r in ctx.get(dependencies).find(*SERVING_PACKAGES)
        ]
    return tuple(found[:5])


def _batch(ctx: Context) -> tuple[Evidence, ...]:
    code = ctx.get(code_corpus)
    found = [Evidence(f.path, None, f"imports {', '.join(sorted(f.imports & BATCH_IMPORTS))}")
             for f in code.files if f.imports & BATCH_IMPORTS and not is_test_path(f.path)][:3]  # fmt: skip
    found += [Evidence(h.path, h.line, h.text) for h in code.search(BATCH_CODE) if not is_test_path(h.path)][:3]
    found += [Evidence(p) for p in ctx.get(file_index).matching(BATCH_PATHS)][:2]
    scheduled = [(j, s) for j, s in ctx.get(ci_model).steps_matching(re.compile(r"predict|scor|inference", re.IGNORECASE),
                                                                      [SCHEDULE])]  # fmt: skip
    found += [Evidence(s.path, s.line, s.text.splitlines()[0]) for _, s in scheduled][:2]
    return tuple(found[:5])


def _ab_testing(ctx: Context) -> tuple[Evidence, ...]:
    code = ctx.get(code_corpus)
    found = [Evidence(h.path, h.line, h.text) for h in code.search(AB_CODE) if not is_test_path(h.path)][:3]
    found += _iac_hits(ctx, re.compile(r"ProductionVariants|traffic_split|canaryTrafficPercent|\btraffic:\s*$"))
    return tuple(found[:5])


def _iac_hits(ctx: Context, pattern: re.Pattern[str]) -> list[Evidence]:
    hits = []
    for iac in ctx.get(iac_inventory).files[:400]:
        text = ctx.repo.read_text(iac.path, limit=512 * 1024) or ""
        if match := pattern.search(text):
            line = text.count("\n", 0, match.start()) + 1
            hits.append(Evidence(iac.path, line, text.splitlines()[line - 1] if text else ""))
        if len(hits) >= 3:
            break
    return hits
