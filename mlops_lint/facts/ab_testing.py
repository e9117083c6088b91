"""Section 7 in code and config (criteria 58-60): stored predictions, A/B tests, sticky assignment.

Searched in the bounded code corpus (`facts/code.py`) and config corpus (`facts/tracking.py`):
YAML, JSON, Terraform and templates), test files and comment lines left out:
- predictions stored automatically: endpoint data capture (SageMaker `DataCaptureConfig`,
  Databricks inference tables `auto_capture_config` and inference-log monitors, Azure ML data
  collectors, Vertex request-response logging, KServe/Seldon payload loggers, BentoML monitors,
  Arize), serving code calling a `log_prediction`-style helper or inserting into a predictions
  table, and batch-scoring code writing its output table or files;
- A/B tests: experimentation SDKs (GrowthBook, LaunchDarkly, Unleash, Optimizely, Statsig, Eppo,
  Split), traffic split between two or more live model versions (SageMaker production variants,
  KServe `canaryTrafficPercent`, Istio weights, Seldon and Azure ML `traffic`, Vertex
  `traffic_split`, Databricks `traffic_percentage`), and code that routes requests between two
  models in a file that talks about A/B tests;
- sticky assignment: the variant derived from a hash of a stable key, SDK calls with a user
  context, sticky sessions (`consistentHash`, `sessionAffinity: ClientIP`, `TargetVariant`).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Collection, Iterable, Iterator
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts import monitoring_vocab as mv
from mlops_lint.facts.code import CodeCorpus, SourceFile, code_corpus
from mlops_lint.facts.deps import dependencies
from mlops_lint.facts.files import file_index
from mlops_lint.facts.imports import import_graph
from mlops_lint.facts.ml_code import SERVING, is_test_file, ml_code, paths_with
from mlops_lint.facts.text_search import first_hits, text_index
from mlops_lint.facts.tracking import COMMENT, config_corpus
from mlops_lint.model import Evidence

CAPTURE: Final = lazy_re.compile(
    r"\bDataCaptureConfig\b|\bdata_capture_config\b|\bEnableCapture\b|\bauto_capture_config\b|"
    r"\bAutoCaptureConfigInput\b|\binference_table_config\b|\bAiGatewayInferenceTableConfig\b|"
    r"\bMonitorInferenceLog\b|^\s*inference_log\s*:|^\s*data_collector\s*:|\bDataCollector\(|"
    r"from\s+azureml\.ai\.monitoring\s+import|\brequest_response_logging\w*|\blogging_sampling_strategy\b|\bbentoml\.monitor\(|"
    r"^\s*(?:from|import)\s+arize\b|^\s*logger:\s*\n\s+(?:mode|url)\s*:",
    re.MULTILINE,
)
CAPTURE_NEEDLES: Final = (
    "capture", "inference_table", "inferencelog", "inference_log", "data_collector", "datacollector",
    "azureml.ai.monitoring", "request_response_logging", "logging_sampling_strategy", "bentoml.monitor", "arize", "logger:",
)  # fmt: skip
DISABLED: Final = lazy_re.compile(r"(?i)enable_?capture\W{0,4}\s*(?:=|:)\s*[\"']?false|\benabled\W{0,4}\s*[:=]\s*false")
PERSIST_CALL: Final = lazy_re.compile(  # storing calls (as monitoring reads them; a definition records nothing)
    rf"(?<!def )(?:{mv.STORE_CALL})|\badd_task\(\s*(?:save|log|store|persist|record|write|track)_\w*predict|INSERT\s+INTO\s+[\w.`\"]*(?:prediction|inference|request|scoring)",
    re.IGNORECASE,
)
PERSIST_NEEDLES: Final = (*mv.STORE_NEEDLES, "insert into")
BATCH_SCORING: Final = lazy_re.compile(
    r"batch[_-]?(?:inference|scoring|predict\w*)|scor(?:e|ing)[_-]?batch|batch[_-]?score|\bspark_udf\(|\bscore_batch\(",
    re.IGNORECASE,
)
BATCH_PATH_WORDS: Final = (
    "batch_infer", "batch-infer", "batchinfer", "batch_scor", "batch-scor", "batch_predict", "batch-predict",
    "score_batch", "score-batch", "scoring_batch", "scoring-batch", "batch_score", "batch-score",
)  # fmt: skip
OUTPUT_WRITE: Final = lazy_re.compile(
    r"\.saveAsTable\(|\.insertInto\(|\.write\.(?:format|mode|parquet|csv|json|option)\(|\.to_(?:parquet|csv|sql|gbq)\((?!\s*\)|\s*\w+\s*=[^=])|"
    r"\bwrite_table\(|\bload_table_from_dataframe\(|\bwrite_deltalake\("
)
AB_SDK: Final = lazy_re.compile(
    r"^\s*(?:from|import)\s+(?:growthbook|ldclient|UnleashClient|unleash|optimizely|statsig|eppo_client|splitio)\b",
    re.MULTILINE,
)
AB_SDK_NEEDLES: Final = ("growthbook", "ldclient", "unleash", "optimizely", "statsig", "eppo_client", "splitio")
AB_PACKAGES: Final = (
    "growthbook", "launchdarkly-server-sdk", "unleashclient", "optimizely-sdk", "statsig", "eppo-server-sdk", "splitio-client",
)  # fmt: skip
SPLIT_NEEDLES: Final = ("variantweight", "variant_weight", "desiredweight", "traffic", "virtualservice", "httproute",
                         "trafficsplit", "seldondeployment")  # fmt: skip
CANARY: Final = lazy_re.compile(r"canaryTrafficPercent\W{0,3}\s*[:=]\s*(\d+)")
PERCENTAGE: Final = lazy_re.compile(r"\btraffic_percentage\W{0,3}\s*[:=]\s*(\d+(?:\.\d+)?)")
TRAFFIC_MAP: Final = lazy_re.compile(
    r"\btraffic(?:_split)?[\"']?\s*[:=]\s*(?:\{([^}]*)\}|\n((?:[ \t]+[\"']?[\w.-]+[\"']?\s*:\s*\d+[ \t]*\n?)+))"
    r"|--traffic\s+[\"']?((?:[\w.-]+=\d+\s*)+)"
)
MAP_ENTRY: Final = lazy_re.compile(r"[\"']?[\w.-]+[\"']?\s*[:=]\s*(\d+(?:\.\d+)?)")
VARIANT_WEIGHT: Final = lazy_re.compile(
    r"\b(?:InitialVariantWeight|initial_variant_weight|DesiredWeight)\W{0,3}\s*[:=]\s*(\d+(?:\.\d+)?)"
)
ENDPOINT_CONFIG: Final = lazy_re.compile(
    r"AWS::SageMaker::EndpointConfig|\baws_sagemaker_endpoint_configuration\b|\bcreate_endpoint_config\(|"
    r"\bCfnEndpointConfig\("
)
ROUTE_KINDS: Final = lazy_re.compile(r"^kind:\s*(?:VirtualService|HTTPRoute|TrafficSplit)\b", re.MULTILINE)
SELDON: Final = lazy_re.compile(r"SeldonDeployment")
ROUTE_WEIGHT: Final = lazy_re.compile(r"^\s*-?\s*weight:\s*(\d+)", re.MULTILINE)
SELDON_TRAFFIC: Final = lazy_re.compile(r"^\s*-?\s*traffic:\s*(\d+)", re.MULTILINE)
AB_MENTION: Final = lazy_re.compile(r"a/b[ _-]?test|\bab[ _-]test|split[ _-]test", re.IGNORECASE)
TWO_MODELS: Final = lazy_re.compile(r"\b(?:model|variant)_[abAB]\b|[\"'](?:variant|model)[ _-]?[ABab][\"']")
STABLE_HASH: Final = lazy_re.compile(
    r"\bhashlib\.\w+\(|\bmmh3\.\w+\(|\bxxhash\.\w+\(|\bzlib\.(?:crc32|adler32)\(|\bfarmhash\.\w+\(|\bcrc32\("
)
STABLE_KEY: Final = lazy_re.compile(
    r"(?i)user|customer|client|account|member|session|visitor|\bid\b|_id\b|\bid\(|\[\W?id\W?\]"
)
ROUTING_WORDS: Final = ("variant", "bucket", "cohort", "experiment")
KEYED_ROUTING: Final = lazy_re.compile(
    r"(?is)(?:user|customer|client|account|member|session|visitor|_id\b).{0,200}(?:variant|bucket|cohort|experiment)|"
    r"(?:variant|bucket|cohort|experiment).{0,200}(?:user|customer|client|account|member|session|visitor|_id\b)"
)
USER_CONTEXT: Final = lazy_re.compile(
    r"\bStatsigUser\(|\bcreate_user_context\(|\bContext\.builder\(|\.variation\(|\bget_\w*assignment\(|"
    r"\bGrowthBook\([^)]*attributes|\bset_attributes\(|[\"']userId[\"']\s*:|\bactivate\([^)]*user"
)
STICKY_CONFIG: Final = lazy_re.compile(
    r"\bconsistentHash\b|sessionAffinity:\s*ClientIP|\bTargetVariant\b|\bstickiness\b|\bsticky_sessions?\b|"
    r"\bsession_affinity\b"
)
STICKY_NEEDLES: Final = ("consistenthash", "sessionaffinity", "targetvariant", "sticky", "session_affinity")
RANDOM_SPLIT: Final = lazy_re.compile(r"\brandom\.(?:random|choice|choices|uniform|randint)\(|\bnp\.random\.\w+\(")


@dataclasses.dataclass(frozen=True, slots=True)
class AbTesting:
    """Evidence for criteria 58-60, best first."""

    captured: tuple[Evidence, ...]  # predictions stored automatically
    logged: tuple[Evidence, ...]  # serving code writing predictions to its log (kept only if the logs are)
    ab_tests: tuple[Evidence, ...]  # A/B tests: SDKs, traffic splits between live models, A/B routing code
    ab_declared: tuple[Evidence, ...]  # experimentation SDKs declared but not seen in code
    sticky: tuple[Evidence, ...]  # stable per-user assignment
    random_split: tuple[Evidence, ...]  # per-request random choice in A/B code
    complete: bool  # the code and config corpora were read in full


def ab_testing(ctx: Context) -> AbTesting:
    """Search code and config once for criteria 58-60."""
    code, config = ctx.get(code_corpus), ctx.get(config_corpus)
    corpora = (code, config)
    captured = [e for e in _hits(ctx, corpora, CAPTURE, CAPTURE_NEEDLES) if not _disabled(ctx, e)]
    serving = set(paths_with(ctx.get(ml_code), SERVING))
    graph = ctx.get(import_graph)  # and the modules they import: a predictor class logging to a database
    serving |= {target for path in sorted(serving) for target in graph.of(path).local}
    captured += _hits(ctx, [code], PERSIST_CALL, PERSIST_NEEDLES, among=serving, code_only=False)  # SQL is a string
    captured += _batch_outputs(ctx, code)
    logged = _hits(ctx, [code], mv.LOGGED_PREDICTION, ("log",), among=serving, code_only=False)
    ab_tests = [*_hits(ctx, [code], AB_SDK, AB_SDK_NEEDLES), *_splits(ctx, corpora), *_ab_code(ctx, code)]
    ab_paths = {e.path for e in ab_tests}
    routing = ctx.get(text_index).containing(*ROUTING_WORDS) - ab_paths  # code choosing a variant or bucket
    sticky = [*_hashed_keys(code, ab_paths, STABLE_KEY), *_hashed_keys(code, routing, KEYED_ROUTING)]
    sticky += _hits(ctx, corpora, USER_CONTEXT, (), among=ab_paths)
    sticky += _hits(ctx, corpora, STICKY_CONFIG, STICKY_NEEDLES)
    declared = [Evidence(r.path, r.line, f"depends on {r.name}") for r in ctx.get(dependencies).find(*AB_PACKAGES)]
    return AbTesting(
        captured=_unique(captured)[:5],
        logged=tuple(logged[:2]),
        ab_tests=_unique(ab_tests)[:5],
        ab_declared=tuple(declared[:3]),
        sticky=_unique(sticky)[:3] if ab_tests else (),
        random_split=tuple(_hits(ctx, corpora, RANDOM_SPLIT, ("random",), among=ab_paths))[:2],
        complete=not (code.truncated or config.truncated),
    )


def _hits(  # noqa: PLR0913 - keyword-only filters
    ctx: Context,
    corpora: Iterable[CodeCorpus],
    pattern: re.Pattern[str],
    needles: tuple[str, ...],
    *,
    among: set[str] | None = None,
    code_only: bool = True,
) -> list[Evidence]:
    if among is not None and not among:
        return []
    return list(first_hits(ctx, corpora, pattern, needles, among=among, code_only=code_only).values())


def _disabled(ctx: Context, evidence: Evidence) -> bool:
    text = ctx.repo.read_text(evidence.path) or ""
    if evidence.line is None:
        return False
    window = "\n".join(text.splitlines()[evidence.line - 1 : evidence.line + 4])
    return bool(DISABLED.search(window))


def _batch_outputs(ctx: Context, code: CodeCorpus) -> list[Evidence]:
    """Batch-scoring code that writes its predictions out (a table, files)."""
    index = ctx.get(file_index)
    named = {p for word in BATCH_PATH_WORDS for p in index.containing(word) if BATCH_SCORING.search(p)}
    texts = ctx.get(text_index).containing("batch", "spark_udf", "score_batch")
    scoring = named | {
        f.path for f in code.files if f.path in texts and code.first(BATCH_SCORING, [f], code_only=True) is not None
    }
    return _hits(ctx, [code], OUTPUT_WRITE, (), among=scoring)[:2]


def _splits(ctx: Context, corpora: Iterable[CodeCorpus]) -> Iterator[Evidence]:
    """Files that split live traffic between two or more model versions (or send a canary share)."""
    wanted = ctx.get(text_index).containing(*SPLIT_NEEDLES)
    for corpus in corpora:
        for source in corpus.files:
            if source.path in wanted and not is_test_file(source.path) and (found := _split_in(source)) is not None:
                yield found


def _split_in(source: SourceFile) -> Evidence | None:
    text = source.text
    live = [m for p in (CANARY, PERCENTAGE) for m in p.finditer(text) if 0 < float(m.group(1)) < 100]
    for match in TRAFFIC_MAP.finditer(text):
        body = next(g for g in match.groups() if g is not None)
        if len([w for w in MAP_ENTRY.findall(body) if 0 < float(w) < 100]) >= 2:
            live.append(match)
    for pattern, needed in ((ROUTE_WEIGHT, ROUTE_KINDS), (SELDON_TRAFFIC, SELDON)):
        if needed.search(text):
            weights = [m for m in pattern.finditer(text) if 0 < float(m.group(1)) < 100]
            live += weights[:1] if len(weights) >= 2 else []
    # Two variants of one endpoint configuration: a staging and a production endpoint defined in one
    # file have one variant each, so weights are counted per configuration.
    bounds = [0, *(m.start() for m in ENDPOINT_CONFIG.finditer(text)), len(text)]
    for start, end in itertools.pairwise(bounds):
        weights = [m for m in VARIANT_WEIGHT.finditer(text, start, end) if float(m.group(1)) > 0]
        live += weights[:1] if len(weights) >= 2 else []
    live = [m for m in live if not _commented(text, m.start())]
    return _evidence(source, min(m.start() for m in live)) if live else None


def _ab_code(ctx: Context, code: CodeCorpus) -> list[Evidence]:
    """Code routing between two models in a file that speaks of A/B tests."""
    wanted = ctx.get(text_index).containing("a/b", "ab_test", "ab test", "ab-test", "split test", "split_test")
    found = []
    for source in code.files:
        if source.path not in wanted or is_test_file(source.path) or not AB_MENTION.search(source.text):
            continue
        if hit := code.first(TWO_MODELS, [source], code_only=True):
            routing = code.first(STABLE_HASH, [source], code_only=True) or code.first(RANDOM_SPLIT, [source])
            chosen = routing or hit
            found.append(Evidence(chosen.path, chosen.line, chosen.text))
    return found


def _hashed_keys(code: CodeCorpus, paths: Collection[str], near: re.Pattern[str]) -> Iterator[Evidence]:
    """A stable hash of a user or record key (the variant is then the same for every request of that key)."""
    for source in code.files:
        if source.path not in paths or is_test_file(source.path):
            continue
        for match in STABLE_HASH.finditer(source.text):
            if _commented(source.text, match.start()):
                continue
            start = source.text.rfind("\n", 0, match.start()) + 1
            if near.search(source.text[max(0, start - 200) : match.end() + 200]):
                yield _evidence(source, match.start())
                break


def _commented(text: str, at: int) -> bool:
    start = text.rfind("\n", 0, at) + 1
    return bool(COMMENT.match(text[start:at] + "x"))


def _evidence(source: SourceFile, at: int) -> Evidence:
    text = source.text
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = None if source.is_notebook else text.count("\n", 0, at) + 1
    return Evidence(source.path, line, text[start : end if end >= 0 else None].strip())


def _unique(found: Iterable[Evidence]) -> tuple[Evidence, ...]:
    seen: dict[str, Evidence] = {}
    for evidence in found:
        seen.setdefault(evidence.path, evidence)
    return tuple(seen.values())
