"""The model's life after the first training: when it is retrained, and how a release is undone.

Retraining (criterion 27) shows as a schedule or trigger that runs training: a scheduled CI
pipeline whose job trains, or a job definition (Databricks bundle job, Airflow DAG, Azure ML
schedule, Kubeflow recurring run, Argo CronWorkflow...) that holds both a schedule and a training
task, or a monitor that starts retraining. Roll-back (criterion 28) shows as registry aliases or
stages that deployments follow, versioned traffic strategies (blue/green, canary, automatic
roll-back), roll-back commands, or a documented procedure (a heading or a command in a code block
of the docs; prose alone does not count).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterator
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts import ci, prefilter
from mlops_lint.facts.ci import ci_model
from mlops_lint.facts.ci_commands import step_runs
from mlops_lint.facts.code import TEMPLATE_EXTS, code_corpus
from mlops_lint.facts.files import file_index, is_test_path, parts, shallowest
from mlops_lint.facts.ml_delivery import ml_deliveries
from mlops_lint.facts.tracking import COMMENT, config_corpus, lowered_texts, search
from mlops_lint.model import Evidence

MAX_DOCS: Final = 300
DOC_EXTS: Final = ("md", "mdx", "rst")
CI_PATH: Final = lazy_re.compile(
    r"(^|/)(\.github/workflows|\.gitlab|\.azure|\.azuredevops|\.circleci|\.buildkite)/|(^|/)\.gitlab-ci\.ya?ml"
    r"|(^|/)azure-pipelines[\w.-]*|(^|/)bitbucket-pipelines\.yml|(^|/)Jenkinsfile",
    re.IGNORECASE,
)
TRAINS: Final = lazy_re.compile(
    r"(?<![a-z])re-?train|(?<![a-z])train(?:ing)?[_ -]?(?:job|task|pipeline|model|step|flow|workflow|dag|run)"
    r"|[/_-]train\w*\.(?:py|ipynb|r|sh|ya?ml)\b|(?<![\w.-])train\.(?:py|ipynb|r|sh)\b|task_key:\s*[\"']?\w*train"
    r"|\bdvc\s+(?:repro|exp\s+run)\b|\bmodel[_ -]?training\b",
    re.IGNORECASE,
)
SCHEDULE: Final = lazy_re.compile(
    r"quartz_cron_expression|^[ \t]*-?[ \t]*(?:cron|cron_expression|schedule_expression|ScheduleExpression"
    r"|file_arrival|table_update|periodic)\s*:|^[ \t]*schedules?\s*:\s*[\"']?(?:@\w+|[\d*/,?-]+\s+[\d*/,?-]+)"
    r"|^[ \t]*schedules?\s*:\s*\n(?:[ \t]*-?[ \t]*[\w\"'].*\n){0,3}?[ \t]*-?[ \t]*(?:quartz_cron_expression|cron\w*|"
    r"interval\w*|rrule|frequency|timezone\w*|pause_status|every)\s*:|^[ \t]*type:\s*(?:cron|recurrence)\b"
    r"|\bschedule_interval\s*="
    r"|\bschedule\s*=\s*(?:[\"'](?:@\w+|[\d*/,-]+\s)|timedelta|\w*(?:Cron|Interval|Recurrence)\w*\(|Schedule\()"
    r"|\b(?:CronTrigger|RecurrenceTrigger|JobSchedule|PipelineJobSchedule|PipelineSchedule|ScheduleDefinition)\("
    r"|\.create_schedule\(|\bcreate_recurring_run\(|@schedule\b|^kind:\s*(?:CronWorkflow|CronJob|ScheduledWorkflow)\b"
    r"|\bcron\s*=\s*[\"']|\binterval\s*=\s*timedelta|aws_cloudwatch_event_rule|aws_scheduler_schedule"
    r"|google_cloud_scheduler_job",
    re.MULTILINE,
)
SCHEDULE_NEEDLES: Final = (
    "sched", "cron", "file_arrival", "table_update", "periodic", "recurrence", "interval", "event_rule",
)  # fmt: skip
RETRAIN_NEEDLES: Final = ("retrain", "re_train")
PROMOTION_NEEDLES: Final = (
    "registered_model_alias", "transition_model_version_stage", "archive_existing_versions", "model_version_by_alias",
    "models:/", "version_aliases", "gto ", "gto-action", "modelapprovalstatus", "get_approved_package",
    "update_model_package",
)  # fmt: skip
STRATEGY_NEEDLES: Final = ("blue", "canary", "rollback", "trafficrouting", "rollout", "traffic")
DRIFT: Final = lazy_re.compile(r"drift|violat|degrad|decay", re.IGNORECASE)
DEFINITION: Final = lazy_re.compile(r"^\s*(?:async\s+)?def\s")
RETRAIN_CALL: Final = lazy_re.compile(
    r"\b(?:\w+_)?re_?train\w*\s*\(|\b(?:run_now|submit\w*|trigger\w*|start\w*)\([^)\n]*re_?train", re.IGNORECASE
)
RETRAIN_WORDS: Final = lazy_re.compile(r"\bre-?train(?:s|ed|ing)?\b|\bcontinuous training\b", re.IGNORECASE)
CADENCE: Final = lazy_re.compile(
    r"\b(?:daily|weekly|monthly|quarterly|nightly|hourly|every\s+\w+|each\s+(?:day|week|month)|on\s+a\s+schedule"
    r"|scheduled|cron|when(?:ever)?\s+(?:drift|performance|the\s+\w+\s+(?:drops|degrades))|strategy|policy)\b",
    re.IGNORECASE,
)
ROLLBACK_WORDS: Final = lazy_re.compile(
    r"\broll(?:ing|ed)?[ -]?backs?\b|\brevert(?:ing)? to (?:the |a )?previous\b"
    r"|\bundo(?:ing)?\s+(?:the\s+|a\s+|bad\s+)?(?:changes?|deploy\w*|releases?)\b",
    re.IGNORECASE,
)
# Prose saying an earlier model can be brought back ("you can always revert to a specific version").
RESTORABLE: Final = lazy_re.compile(
    r"\b(?:revert|roll(?:ing)?[ -]?back|go back|switch back|return)\s+to\s+(?:a|an|the|any)\s+"
    r"(?:specific|previous|earlier|older|prior|former|last)\s+(?:\w+\s+)?(?:model|version)",
    re.IGNORECASE,
)
# A list item about rolling back ("4. **Rollback if needed**: load v1 from the registry").
ROLLBACK_ITEM: Final = lazy_re.compile(
    r"^(?:[-*+]|\d+[.)])\s+(?:\*\*|__)?(?:roll(?:ing)?[ -]?back|revert)\b", re.IGNORECASE
)
# An API route that starts training: retraining on request (`@router.post("/train")`).
TRAIN_ROUTE: Final = lazy_re.compile(
    r"@\w+\.(?:post|put|get|route|api_route)\(\s*[\"'][^\"']*/(?:re)?train(?:ing)?\b[^\"']*[\"']"
)
# The served model version chosen by a variable: any registered version can be served again.
VERSION_URI: Final = lazy_re.compile(r"models:/[^\s\"'/]*/\{\w*version\w*\}|models:/\{[^}]+\}/\{\w*version\w*\}")
# A deploy step taking the model version from a variable: any earlier version can be deployed again.
MODEL_VERSION_VARIABLE: Final = lazy_re.compile(r"(?:\$\{\{?\s*[\w.]*|\$\(|\$\{?)\w*model[_-]?version", re.IGNORECASE)
PROMOTION: Final = lazy_re.compile(
    r"\bset_registered_model_alias\(|\btransition_model_version_stage\(|\barchive_existing_versions\b"
    r"|\bget_model_version_by_alias\(|models:/[\w.{}$-]+@\w+|models:/[\w.{}$-]+/(?:Production|Staging)\b"
    r"|\bversion_aliases\s*=|\badd_version_aliases\(|\bgto\s+(?:assign|promote|deprecate)\b|iterative/gto-action"
    # SageMaker: deploying the latest *approved* package makes rejecting a version a roll-back
    r"|\bModelApprovalStatus\b[^\n]*Approved|\bget_approved_package\(|\bupdate_model_package\([^)\n]*Approv"
)
STRATEGY: Final = lazy_re.compile(
    r"\bblue[_-]?green\b|\bcanary\b|\bcanaryTrafficPercent\b|\bBlueGreenUpdatePolicy\b|\bAutoRollbackConfiguration\b"
    r"|\bauto_?rollback\b|\bTrafficRoutingConfig\w*\b|^kind:\s*Rollout\b|\btraffic\s*=\s*\{[^}\n]*,"
    r"|\btraffic_percentage\b|\btraffic_config\s*[=:]",
    re.IGNORECASE | re.MULTILINE,
)
ROLLBACK_COMMAND: Final = lazy_re.compile(
    r"\bkubectl\s+rollout\s+undo\b|\bhelm\s+rollback\b|\b\w+\s+(?:service\s+)?rollback\s+-|--rollback\b"
    r"|\b\w*(?:model|deploy|release|version|endpoint|service|serving)\w*_rollback\("
    r"|\brollback_(?:model|deploy|release|version|endpoint|service|serving)\w*\(",
    re.IGNORECASE,
)
ROLLBACK_FILE: Final = lazy_re.compile(r"(^|/)[^/\n]*roll[_-]?back[^/\n]*\.(?:ya?ml|sh|py|md)$", re.IGNORECASE)


@dataclasses.dataclass(frozen=True, slots=True)
class DocLine:
    """A line of the documentation: a heading, a line of a code block, or prose."""

    path: str
    line: int
    text: str
    kind: str  # "heading", "code" or "text"


@dataclasses.dataclass(frozen=True, slots=True)
class Retraining:
    """Schedules or triggers that run training, and hints that a strategy may exist."""

    triggers: tuple[Evidence, ...]
    motivation: tuple[Evidence, ...]  # any documentation line about retraining
    hints: tuple[Evidence, ...]  # retraining headings, cadence sentences or retraining code, without a trigger


@dataclasses.dataclass(frozen=True, slots=True)
class Rollback:
    """How a release can be undone, by kind of evidence."""

    promotion: tuple[Evidence, ...]
    strategy: tuple[Evidence, ...]
    commands: tuple[Evidence, ...]
    docs: tuple[Evidence, ...]
    mentions: tuple[Evidence, ...] = ()  # prose or list items on restoring an earlier model (a hint)
    redeploys: tuple[Evidence, ...] = ()  # deploys or model loads taking the version as a parameter (a hint)


def doc_lines(ctx: Context) -> tuple[DocLine, ...]:
    """Headings, code-block lines and prose of README files and docs (Markdown, reStructuredText)."""
    index = ctx.get(file_index)
    found: list[DocLine] = []
    # Shallowest first, checked one by one until the budget is read: a huge repository's
    # thousands of deep pages are sorted by depth (cheap) but never examined.
    candidates = (p for p in shallowest(index.with_ext(*DOC_EXTS, *TEMPLATE_EXTS)) if _is_doc(p))
    for path in itertools.islice(candidates, MAX_DOCS):
        found.extend(_doc_file(path, ctx.repo.read_text(path, limit=512 * 1024) or ""))
    return tuple(found)


def _is_doc(path: str) -> bool:
    name = path.rpartition("/")[2].lower()
    if name.rpartition(".")[2] in TEMPLATE_EXTS:
        name = name.rpartition(".")[0]
    if name.rpartition(".")[2] not in DOC_EXTS or name.startswith(("changelog", "license", "history")):
        return False
    return not is_test_path(path) and not {"node_modules", "mlruns"} & set(parts(path))


def _doc_file(path: str, text: str) -> Iterator[DocLine]:
    fenced = False
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
            continue
        following = lines[number].strip() if number < len(lines) else ""
        if fenced:
            kind = "code"
        elif re.match(r"#{1,6}\s", stripped) or (following and set(following) <= set("=-~^*#") and len(following) > 2):
            kind = "heading"
        else:
            kind = "text"
        if stripped:
            yield DocLine(path, number, stripped, kind)


def retraining(ctx: Context) -> Retraining:
    """Where training runs on a schedule or a trigger, and where retraining is written about."""
    triggers = [*_scheduled_ci(ctx), *_scheduled_jobs(ctx), *_drift_triggers(ctx)]
    about = [d for d in ctx.get(doc_lines) if RETRAIN_WORDS.search(d.text)]
    stated = [Evidence(d.path, d.line, d.text) for d in about if d.kind == "heading" or CADENCE.search(d.text)]
    code = search(ctx, [ctx.get(code_corpus), ctx.get(config_corpus)], RETRAIN_CALL, RETRAIN_NEEDLES, limit=3)
    code += search(ctx, [ctx.get(code_corpus)], TRAIN_ROUTE, ("train",), limit=2)  # training on request
    motivation = tuple(dict.fromkeys([*stated, *(Evidence(d.path, d.line, d.text) for d in about)]))[:3]
    return Retraining(tuple(triggers[:6]), motivation, (*stated[:3], *code))


def _scheduled_ci(ctx: Context) -> Iterator[Evidence]:
    # Only parsed pipelines: templated ones carry no reliable trigger for a schedule.
    for pipeline in ctx.get(ci_model).pipelines:
        for job in pipeline.jobs:
            if ci.SCHEDULE not in job.triggers:
                continue
            for step in job.steps:
                if (found := step_runs(ctx, step, TRAINS)) is not None:
                    yield Evidence(found.path, found.line, f"scheduled pipeline trains: {found.excerpt}")
                    break


def _scheduled_jobs(ctx: Context) -> Iterator[Evidence]:
    lowered = ctx.get(lowered_texts)
    for corpus in (ctx.get(config_corpus), ctx.get(code_corpus)):
        for source in corpus.files:
            low = lowered.get(source.path, "")
            if is_test_path(source.path) or CI_PATH.search(source.path) or not any(n in low for n in SCHEDULE_NEEDLES):
                continue
            schedule = _first_code_line(source.text, low, SCHEDULE)
            training = _first_code_line(source.text, low, TRAINS) if schedule else None
            if schedule and training:
                yield Evidence(source.path, schedule[0], schedule[1])
                yield Evidence(source.path, training[0], training[1])


def _drift_triggers(ctx: Context) -> Iterator[Evidence]:
    lowered = ctx.get(lowered_texts)
    for source in ctx.get(code_corpus).files:
        low = lowered.get(source.path, "")
        if is_test_path(source.path) or not any(n in low for n in RETRAIN_NEEDLES) or not DRIFT.search(low):
            continue
        if (hit := _first_code_line(source.text, low, RETRAIN_CALL, skip_definitions=True)) is not None:
            line = None if source.is_notebook else hit[0]
            yield Evidence(source.path, line, f"retraining triggered by monitoring: {hit[1]}")


def _first_code_line(
    text: str, lowered: str, pattern: re.Pattern[str], *, skip_definitions: bool = False
) -> tuple[int, str] | None:
    for match in prefilter.finditer(pattern, text, lowered):  # only around the words a match needs
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.start())
        line = text[start : end if end >= 0 else None]
        if not COMMENT.match(line) and not (skip_definitions and DEFINITION.match(line)):
            return text.count("\n", 0, match.start()) + 1, line.strip()
    return None


def rollback(ctx: Context) -> Rollback:
    """Registry promotion, traffic strategies, roll-back commands and documented procedures."""
    corpora = [ctx.get(code_corpus), ctx.get(config_corpus)]
    commands = list(search(ctx, corpora, ROLLBACK_COMMAND, ("rollback", "rollout undo", "roll_back"), limit=3))
    commands += [Evidence(p, None, "roll-back script or pipeline") for p in _rollback_files(ctx)]
    docs = tuple(
        Evidence(d.path, d.line, d.text)
        for d in ctx.get(doc_lines)
        if d.kind in {"heading", "code"} and (ROLLBACK_WORDS.search(d.text) or ROLLBACK_COMMAND.search(d.text))
    )
    mentions = tuple(
        Evidence(d.path, d.line, excerpt)
        for d in ctx.get(doc_lines)
        if d.kind == "text" and (excerpt := _restoring(d.text)) is not None
    )
    promotion = search(ctx, corpora, PROMOTION, PROMOTION_NEEDLES)
    strategy = search(ctx, corpora, STRATEGY, STRATEGY_NEEDLES, limit=3)
    redeploys = tuple(
        d.evidence for d in ctx.get(ml_deliveries) if MODEL_VERSION_VARIABLE.search(d.step.text)
    ) + search(ctx, [ctx.get(code_corpus)], VERSION_URI, ("models:/",), limit=2)
    return Rollback(promotion, strategy, tuple(commands[:4]), docs[:3], mentions[:3], redeploys[:3])


def _restoring(text: str) -> str | None:
    """What a prose line says about restoring an earlier model: the whole list item, or the
    sentence (None when it says nothing of it)."""
    if ROLLBACK_ITEM.match(text):
        return text
    match = RESTORABLE.search(text)
    return _sentence(text, match.start()) if match else None


def _sentence(text: str, at: int) -> str:
    """The sentence of a prose line around position `at` (a long paragraph is one line)."""
    start, end = text.rfind(". ", 0, at), text.find(". ", at)
    return text[start + 2 if start >= 0 else 0 : end + 1 if end >= 0 else None]


def _rollback_files(ctx: Context) -> tuple[str, ...]:
    index = ctx.get(file_index)
    named = {p for needle in ("rollback", "roll_back", "roll-back") for p in index.containing(needle)}
    return index.matching(ROLLBACK_FILE, sorted(named))
