"""The project's use cases: real-time serving, batch scoring, A/B testing; with evidence.

Conditional criteria (7, 35, 36, 41 real-time; 42 batch; 60 A/B testing) answer na when their
use case is absent. A missed use case turns a real gap into na, so detection leans towards
recall: any serving framework, managed endpoint, serving image or deploy step counts for
real-time; batch APIs (batch transform, batch endpoints, Spark UDF scoring), prediction jobs
submitted or scheduled (orchestrators, job definitions, scheduled CI) and batch-scoring folders
count for batch. Precision comes from where we look: code only (never comments, string literals
or notebook markdown), the project's own files (not tests or test fixtures), and configuration
outside comments. The configuration (`use_case:`) has the last word.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.config import settings
from mlops_lint.context import Context
from mlops_lint.facts import usecase_vocab as v
from mlops_lint.facts.ci import SCHEDULE, ci_model
from mlops_lint.facts.code import SourceFile, code_corpus
from mlops_lint.facts.deps import dependencies
from mlops_lint.facts.files import file_index, is_test_path
from mlops_lint.facts.iac import iac_inventory
from mlops_lint.facts.prefilter import WordIndex
from mlops_lint.facts.tracking import COMMENT, config_corpus, lowered_texts
from mlops_lint.model import Evidence

REALTIME: Final = "realtime"
BATCH: Final = "batch"
AB_TESTING: Final = "ab-testing"
USE_CASE_LABELS: Final = {
    REALTIME: "real-time inference (served model API or endpoint)",
    BATCH: "batch scoring",
    AB_TESTING: "A/B testing",
}
# Re-exported for the ML-code roles (facts/ml_code.py).
SERVING_CODE: Final = v.SERVING_CODE
SERVING_IMPORTS: Final = v.SERVING_IMPORTS
MAX_EVIDENCE: Final = 5
MAX_IAC: Final = 400


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


def is_project_path(path: str) -> bool:
    """Whether a file is the project's own (not a test, nor test material such as `fixtures/`)."""
    low = path.lower()
    if "test" not in low and "fixture" not in low:  # every test or fixture path names one of them
        return True
    return not is_test_path(path) and v.NOT_PROJECT_DIRS.isdisjoint(low.split("/")[:-1])


@dataclasses.dataclass(frozen=True, slots=True)
class ProjectFiles:
    """Some of the project's own files, with their words indexed for fast look-ups."""

    files: tuple[SourceFile, ...]
    texts: WordIndex

    def containing(self, *needles: str) -> list[SourceFile]:
        """The files whose lower-case text holds any of the needles, in corpus order."""
        return [self.files[i] for i in sorted(self.texts.holding(*needles))]


def project_code(ctx: Context) -> ProjectFiles:
    """The project's own code files of the corpus (tests and test fixtures left out)."""
    return _project_files(ctx, [f for f in ctx.get(code_corpus).files if is_project_path(f.path)])


def project_config(ctx: Context) -> ProjectFiles:
    """The project's own configuration files of the config corpus, CI definitions left out."""
    pipelines = {p.path for p in ctx.get(ci_model).pipelines}
    files = [f for f in ctx.get(config_corpus).files if f.path not in pipelines and is_project_path(f.path)]
    return _project_files(ctx, files)


def _project_files(ctx: Context, files: list[SourceFile]) -> ProjectFiles:
    lowered = ctx.get(lowered_texts)
    return ProjectFiles(tuple(files), WordIndex.of([lowered.get(f.path, "") for f in files]))


def code_hits(
    ctx: Context, pattern: re.Pattern[str], needles: Iterable[str], limit: int = 3, also: Iterable[str] = ()
) -> list[Evidence]:
    """Lines of the project's code where `pattern` matches in code, at most one per file.

    The regex only runs on files whose lower-case text holds one of the `needles` (and one of
    `also`, when given): a regex of many alternatives is slow, a substring check is not.
    """
    code = ctx.get(code_corpus)
    files = ctx.get(project_code)
    among = files.containing(*needles)
    if second := tuple(also):
        wanted = {f.path for f in files.containing(*second)}
        among = [f for f in among if f.path in wanted]
    found: list[Evidence] = []
    for source in among:
        if (hit := code.first(pattern, [source], code_only=True)) is not None:
            found.append(Evidence(hit.path, hit.line, hit.text))
            if len(found) >= limit:
                break
    return found


def config_hits(ctx: Context, pattern: re.Pattern[str], needles: Iterable[str], limit: int = 3) -> list[Evidence]:
    """Lines of the project's configuration files (not CI definitions) matching, comment lines left out."""
    corpus = ctx.get(config_corpus)
    found: list[Evidence] = []
    for source in ctx.get(project_config).containing(*needles):
        for hit in corpus.search(pattern, [source]):
            if not COMMENT.match(hit.text):
                found.append(Evidence(hit.path, hit.line, hit.text))
                break
        if len(found) >= limit:
            break
    return found


def serving_files(ctx: Context) -> frozenset[str]:
    """The project's code files that serve a model: they import a serving framework or define an endpoint."""
    found = code_hits(ctx, v.SERVING_IMPORT, v.SERVING_IMPORTS | {"ray.serve", "ts.torch_handler"}, limit=200)
    found += code_hits(ctx, v.SERVING_CODE, v.SERVING_NEEDLES, limit=200)
    found += _serverless(ctx, limit=200)
    return frozenset(e.path for e in found)


def _serverless(ctx: Context, limit: int = 3) -> list[Evidence]:
    """Serverless function handlers in files that also predict (`facts/usecase_vocab.py`)."""
    handlers = code_hits(ctx, v.SERVERLESS_HANDLER, v.SERVERLESS_NEEDLES, limit=limit, also=("predict",))
    wanted = {e.path for e in handlers}
    texts = {f.path: f.text for f in ctx.get(code_corpus).files if f.path in wanted}
    return [e for e in handlers if v.HANDLER_PREDICTS.search(texts.get(e.path, ""))]


def _detect(ctx: Context) -> UseCases:
    evidence = {
        REALTIME: _realtime(ctx),
        BATCH: _batch(ctx),
        AB_TESTING: _ab_testing(ctx),
    }
    return UseCases(frozenset(k for k, e in evidence.items() if e), {k: e for k, e in evidence.items() if e})


def _realtime(ctx: Context) -> tuple[Evidence, ...]:
    found = code_hits(ctx, v.SERVING_IMPORT, v.SERVING_IMPORTS | {"ray.serve", "ts.torch_handler"})
    found += code_hits(ctx, v.SERVING_CODE, v.SERVING_NEEDLES)
    found += _serverless(ctx)
    index = ctx.get(file_index)
    found += [Evidence(p) for p in [*index.named(*v.SERVING_FILES), *index.with_ext("mar")] if is_project_path(p)][:2]
    found += _iac_hits(ctx, v.SERVING_IAC)
    found += _step_hits(ctx, v.SERVING_STEPS)
    found += _docker_hits(ctx)
    if not found:
        found += [
            Evidence(r.path, r.line, f"depends on {r.name}")
            for r in ctx.get(dependencies).find(*v.SERVING_PACKAGES)
            if is_project_path(r.path)
        ]
    return _unique(found)


def _batch(ctx: Context) -> tuple[Evidence, ...]:
    found = code_hits(ctx, v.BATCH_CODE, v.BATCH_NEEDLES)
    found += _orchestrated_scoring(ctx)
    found += config_hits(ctx, v.BATCH_CONFIG, ("predict", "inference"), limit=2)
    found += _iac_hits(ctx, lazy_re.compile(r"^kind:\s*CronJob\b", re.MULTILINE), v.SCORING_WORD)
    found += _step_hits(ctx, v.SCHEDULED_SCORING, [SCHEDULE])
    found += [Evidence(p) for p in _batch_paths(ctx)]
    if not found:
        found += [
            Evidence(r.path, r.line, f"depends on {r.name}")
            for r in ctx.get(dependencies).find(*v.BATCH_PACKAGES)
            if is_project_path(r.path)
        ]
    return _unique(found)


def _batch_paths(ctx: Context, limit: int = 2) -> list[str]:
    """Code or configuration files in batch-scoring folders, or named for batch scoring."""
    paths = [f.path for f in ctx.get(project_code).files] + [f.path for f in ctx.get(config_corpus).files]
    joined = "\n" + "\n".join(paths) + "\n"
    lowered = joined.lower()
    found: list[str] = []
    for match in (m for pattern in v.BATCH_PATHS for m in pattern.finditer(lowered)):
        start = lowered.rfind("\n", 0, match.start()) + 1
        path = joined[start : lowered.find("\n", match.end())]
        if path not in found and is_project_path(path):
            found.append(path)
            if len(found) >= limit:
                break
    return found


def _orchestrated_scoring(ctx: Context) -> list[Evidence]:
    """Orchestrator code (Airflow, Prefect, Dagster...) that scores: named for prediction or
    inference, or calling a model's predict without fitting one. A word alone is not scoring: a
    cleanup flow's `prediction_files`, a drift flow's `prediction` column, a training flow's
    evaluation."""
    lowered = ctx.get(lowered_texts)
    candidates = code_hits(ctx, v.ORCHESTRATOR_IMPORT, v.ORCHESTRATOR_NEEDLES, limit=50)
    return [e for e in candidates if _scores(e.path, lowered.get(e.path, ""))][:2]


def _scores(path: str, lowered: str) -> bool:
    name = path.rpartition("/")[2]
    if v.SCORING_WORD.search(name):
        return True
    # evaluation and monitoring predict too, on data they only measure
    return bool(v.PREDICT_CALL.search(lowered)) and ".fit(" not in lowered and not v.MEASURING_NAME.search(name)


def _ab_testing(ctx: Context) -> tuple[Evidence, ...]:
    found = code_hits(ctx, v.AB_CODE, v.AB_NEEDLES)
    code = ctx.get(code_corpus)
    index = ctx.get(file_index)
    named = {p for word in v.AB_PATH for p in index.containing(word) if is_project_path(p)}
    sources: list[SourceFile] = [f for f in code.files if f.path in named]
    found += [Evidence(h.path, h.line, h.text) for s in sources if (h := code.first(v.AB_ROUTING, [s], code_only=True))]
    found += _iac_hits(ctx, v.AB_IAC)
    for iac in ctx.get(iac_inventory).files[:MAX_IAC]:
        text = ctx.repo.read_text(iac.path, limit=512 * 1024) or ""
        if is_project_path(iac.path) and len(v.VARIANT_NAME.findall(text)) >= 2:
            found.append(Evidence(iac.path, None, "two or more production variants"))
            break
    return _unique(found)


def _iac_hits(ctx: Context, pattern: re.Pattern[str], also: re.Pattern[str] | None = None) -> list[Evidence]:
    """The first line matching in each IaC file (at most 3), outside comments; `also` must match the file."""
    hits = []
    for iac in ctx.get(iac_inventory).files[:MAX_IAC]:
        if not is_project_path(iac.path):
            continue
        text = ctx.repo.read_text(iac.path, limit=512 * 1024) or ""
        if also is not None and not also.search(text):
            continue
        for match in pattern.finditer(text):
            start = text.rfind("\n", 0, match.start()) + 1
            end = text.find("\n", match.start())
            line = text[start : end if end >= 0 else None]
            if COMMENT.match(line):
                continue
            hits.append(Evidence(iac.path, text.count("\n", 0, match.start()) + 1, line.strip()))
            break
        if len(hits) >= 3:
            break
    return hits


def _step_hits(ctx: Context, pattern: re.Pattern[str], triggers: Iterable[str] | None = None) -> list[Evidence]:
    steps = ctx.get(ci_model).steps_matching(pattern, triggers)
    return [Evidence(s.path, s.line, s.text.splitlines()[0] if s.text else "") for _, s in steps][:2]


def _docker_hits(ctx: Context) -> list[Evidence]:
    hits = []
    for path in [p for p in ctx.get(dependencies).dockerfiles if is_project_path(p)][:20]:
        text = ctx.repo.read_text(path) or ""
        if (match := v.SERVING_DOCKER.search(text)) is not None:
            line = text.count("\n", 0, match.start()) + 1
            hits.append(Evidence(path, line, text.splitlines()[line - 1].strip()))
    return hits[:2]


def _unique(found: list[Evidence]) -> tuple[Evidence, ...]:
    return tuple(dict.fromkeys(found))[:MAX_EVIDENCE]
