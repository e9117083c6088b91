"""Monitoring evidence for criteria 39-46: costs, alerts, API and batch monitoring, metrics, drift, outliers.

Every kind of signal (`monitoring_vocab.KINDS`) is looked for once, in the project's own files
only (tests and test fixtures left out): in code, where only code counts (never a comment, a
string literal or notebook markdown: `CodeCorpus.search(code_only=True)`); in configuration and
IaC files, comment lines left out (a commented-out `on_failure:` block is not an alert); and in
CI steps. A keyword in prose never counts: documents are not searched at all.

A few signals need more than a line: Grafana dashboards (JSON with panels), DVC metrics declared
in `dvc.yaml`, MLflow runs committed with their metrics, CI jobs that notify on failure, and
whether a drift computation is run on a schedule.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts import monitoring_vocab as mv
from mlops_lint.facts.ci import SCHEDULE, Step, ci_model
from mlops_lint.facts.code import code_corpus
from mlops_lint.facts.files import file_index
from mlops_lint.facts.iac import iac_inventory
from mlops_lint.facts.tracking import COMMENT, config_corpus, lowered_texts
from mlops_lint.facts.usecase import code_hits, config_hits, is_project_path, project_code, project_config
from mlops_lint.facts.usecase_vocab import ORCHESTRATOR_IMPORT
from mlops_lint.model import Evidence

PER_KIND: Final = 4
MAX_IAC: Final = 400


@dataclasses.dataclass(frozen=True, slots=True)
class MonitoringSignals:
    """Evidence found, by kind (see `monitoring_vocab` for what each kind means)."""

    found: tuple[tuple[str, tuple[Evidence, ...]], ...]
    scheduled_drift: tuple[Evidence, ...] = ()  # what runs the drift computation on a schedule
    drift_alerts: tuple[Evidence, ...] = ()  # alerting code in the files that compute drift

    def of(self, *kinds: str) -> tuple[Evidence, ...]:
        """The evidence of any of the kinds, in the order asked, each place once."""
        table = dict(self.found)
        return tuple(dict.fromkeys(e for k in kinds for e in table.get(k, ())))


def monitoring_signals(ctx: Context) -> MonitoringSignals:
    """Look for every kind of monitoring evidence in the project's code, configuration and CI."""
    found: dict[str, list[Evidence]] = {}
    for name, kind in mv.KINDS.items():
        evidence: list[Evidence] = []
        if kind.code is not None:
            evidence += code_hits(ctx, kind.code, kind.needles, limit=PER_KIND, also=kind.also)
        if kind.config is not None:
            evidence += config_hits(ctx, kind.config, kind.needles, limit=PER_KIND)
            evidence += _other_iac_hits(ctx, kind.config, kind.needles)
        if kind.steps is not None:
            evidence += [_step_evidence(s, kind.steps) for _, s in ctx.get(ci_model).steps_matching(kind.steps)][:2]
        found[name] = evidence
    found["observability"] += _grafana_dashboards(ctx)
    found["payload_table"] += _payload_tables(ctx)
    found["cost_estimate"] += [Evidence(p) for p in ctx.get(file_index).named(*INFRACOST_FILES) if is_project_path(p)]
    found["metrics_logged"] += _dvc_metrics(ctx) + _committed_run_metrics(ctx)
    found["job_alert"] += _ci_failure_notifications(ctx)
    found["alert"] += [Evidence(p, None, "Alertmanager configuration") for p in _alertmanager_files(ctx)]
    drift = found["drift_library"]
    return MonitoringSignals(
        tuple((k, tuple(dict.fromkeys(v))[: 2 * PER_KIND]) for k, v in found.items() if v),
        tuple(_drift_schedules(ctx, drift)),
        tuple(_drift_alerts(ctx, drift)),
    )


INFRACOST_FILES: Final = ("infracost.yml", "infracost.yaml", "infracost-usage.yml", "infracost.yml.tmpl")


def _other_iac_hits(ctx: Context, pattern: re.Pattern[str], needles: Iterable[str]) -> list[Evidence]:
    """IaC files the config corpus does not read (Bicep, ARM templates beyond its budget...)."""
    read = {f.path for f in ctx.get(config_corpus).files}
    words = tuple(needles)
    hits: list[Evidence] = []
    for iac in ctx.get(iac_inventory).files[:MAX_IAC]:
        if iac.path in read or not is_project_path(iac.path):
            continue
        text = ctx.repo.read_text(iac.path, limit=512 * 1024) or ""
        if not any(w in text.lower() for w in words):
            continue
        if (hit := _first_uncommented(text, pattern)) is not None:
            hits.append(Evidence(iac.path, *hit))
            if len(hits) >= 2:
                break
    return hits


def _step_evidence(step: Step, pattern: re.Pattern[str]) -> Evidence:
    """The step, cited by its line and the line of its command that matches."""
    match = pattern.search(step.text)
    at = match.start() if match is not None else 0
    start = step.text.rfind("\n", 0, at) + 1
    end = step.text.find("\n", at)
    return Evidence(step.path, step.line, step.text[start : end if end >= 0 else None].strip())


def _first_uncommented(text: str, pattern: re.Pattern[str]) -> tuple[int, str] | None:
    for match in pattern.finditer(text):
        start = text.rfind("\n", 0, match.start()) + 1
        end = text.find("\n", match.start())
        line = text[start : end if end >= 0 else None]
        if not COMMENT.match(line):
            return text.count("\n", 0, match.start()) + 1, line.strip()
    return None


def _alertmanager_files(ctx: Context) -> list[str]:
    paths = ctx.get(file_index).containing("alertmanager")
    return [p for p in paths if p.endswith((".yml", ".yaml")) and is_project_path(p)][:2]


def _grafana_dashboards(ctx: Context) -> list[Evidence]:
    index = ctx.get(file_index)
    candidates = [p for p in index.with_ext("json") if "dashboard" in p.lower() and is_project_path(p)][:20]
    found = [p for p in candidates if mv.GRAFANA_DASHBOARD.search(ctx.repo.read_text(p, limit=2 * 1024 * 1024) or "")]
    return [Evidence(p, None, "Grafana dashboard") for p in found[:2]]


def _payload_tables(ctx: Context) -> list[Evidence]:
    """Code reading the tables a serving platform fills with requests (the table name is often a string)."""
    code = ctx.get(code_corpus)
    found = []
    for source in ctx.get(project_code).containing(*mv.KINDS["payload_table"].needles):
        hit = next((h for h in code.search(mv.PAYLOAD_TABLE, [source]) if not COMMENT.match(h.text)), None)
        if hit is not None:
            found.append(Evidence(hit.path, hit.line, hit.text))
    return found[:2]


def _dvc_metrics(ctx: Context) -> list[Evidence]:
    found = []
    for path in [p for p in ctx.get(file_index).named("dvc.yaml") if is_project_path(p)][:5]:
        text = ctx.repo.read_text(path) or ""
        if (hit := _first_uncommented(text, mv.DVC_METRICS)) is not None:
            found.append(Evidence(path, hit[0], "DVC tracks metrics files"))
    return found


def _committed_run_metrics(ctx: Context) -> list[Evidence]:
    runs = [p for p in ctx.get(file_index).containing("/metrics/") if "mlruns/" in p and is_project_path(p)]
    return [Evidence(runs[0], None, "MLflow run metrics committed to git")] if runs else []


def _ci_failure_notifications(ctx: Context) -> list[Evidence]:
    """CI jobs with a step that runs on failure and notifies someone (Slack, Teams, mail...)."""
    found = []
    for pipeline in ctx.get(ci_model).pipelines:
        text = ctx.repo.read_text(pipeline.path) or ""
        for match in mv.CI_FAILURE.finditer(text):
            window = text[match.start() : match.start() + 600]
            if mv.NOTIFY.search(window):
                line = text.count("\n", 0, match.start()) + 1
                found.append(Evidence(pipeline.path, line, text.splitlines()[line - 1].strip()))
                break
    return found[:2]


def _drift_schedules(ctx: Context, drift: list[Evidence]) -> list[Evidence]:
    """Scheduled CI jobs or job definitions that run a drift computation."""
    names = {e.path.rpartition("/")[2].rpartition(".")[0].lower() for e in drift}
    wanted = lazy_re.compile(
        "|".join([mv.SCHEDULED_MONITOR.pattern, *(re.escape(n) for n in names if len(n) > 3)]), re.IGNORECASE
    )
    found = [_step_evidence(s, wanted) for _, s in ctx.get(ci_model).steps_matching(wanted, [SCHEDULE])][:2]
    code = ctx.get(code_corpus)
    drift_files = [f for f in code.files if f.path in {e.path for e in drift}]
    found += [
        Evidence(h.path, h.line, h.text)
        for f in drift_files
        if (h := code.first(ORCHESTRATOR_IMPORT, [f], code_only=True))
    ]
    lowered = ctx.get(lowered_texts)
    for source in ctx.get(project_config).containing("schedule", "cron", "recurrence"):
        if not wanted.search(lowered.get(source.path, "")):
            continue
        if (hit := _first_uncommented(source.text, mv.SCHEDULE_CONFIG)) is not None:
            found.append(Evidence(source.path, *hit))
            break
    return found


def _drift_alerts(ctx: Context, drift: list[Evidence]) -> list[Evidence]:
    code = ctx.get(code_corpus)
    files = [f for f in code.files if f.path in {e.path for e in drift}]
    return [
        Evidence(h.path, h.line, h.text) for f in files if (h := code.first(mv.ALERTING_WORDS, [f], code_only=True))
    ]


def outcome_joins(ctx: Context) -> frozenset[str]:
    """Code files about KPIs that also join predictions with outcomes (actuals, ground truth, labels)."""
    code = ctx.get(code_corpus)
    found = set()
    for source in ctx.get(project_code).containing(*mv.KINDS["kpi"].needles):
        view = code.code_view(source)
        if mv.OUTCOME_JOIN.search(view) and mv.OUTCOME_WORDS.search(view) and "predict" in view.lower():
            found.add(source.path)
    return frozenset(found)
