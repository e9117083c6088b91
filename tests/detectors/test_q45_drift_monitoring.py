"""Q45 drift-monitoring: managed monitors and scheduled drift code; unscheduled drift code is unknown."""

from __future__ import annotations

from mlops_lint.detectors import q45_drift_monitoring as q45
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

DRIFT = "from evidently.report import Report\nfrom evidently.metric_preset import DataDriftPreset\n\n\ndef run(r, c):\n"
DRIFT += "    Report(metrics=[DataDriftPreset()]).run(reference_data=r, current_data=c)\n"


def test_scheduled_drift_code_with_an_alert_is_yes(make_ctx: MakeContext) -> None:
    answer = q45.detect(make_ctx("monitored-fastapi-aws"))
    assert answer.verdict is Verdict.YES
    assert answer.reason == (
        "drift code (monitoring/drift.py) runs on a schedule (.github/workflows/drift.yml); "
        "alerts are defined (monitoring/drift.py)"
    )
    assert answer.evidence == (
        Evidence("monitoring/drift.py", 6, "from evidently.metric_preset import DataDriftPreset"),
        Evidence(".github/workflows/drift.yml", 10, "python -m monitoring.drift"),
        Evidence("monitoring/drift.py", 14, 'notify_slack("data drift detected in churn features")'),
    )


def test_a_managed_monitor_without_alert_is_yes_and_says_so(make_ctx: MakeContext) -> None:
    answer = q45.detect(make_ctx("databricks-batch-silent"))
    assert answer.verdict is Verdict.YES
    assert "no alert on drift is defined in the repository" in answer.reason
    assert answer.evidence[0] == Evidence("resources/monitoring.yml", 2, "quality_monitors:")


def test_sagemaker_model_monitor_in_a_notebook_is_yes(make_ctx: MakeContext) -> None:
    cell = "from sagemaker.model_monitor import DefaultModelMonitor\nmonitor = DefaultModelMonitor(role=role)\n"
    notebook = '{"cells": [{"cell_type": "code", "source": ' + repr(cell).replace("'", '"') + "}]}"
    answer = q45.detect(make_ctx(files={"notebooks/monitor.ipynb": notebook}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == Evidence("notebooks/monitor.ipynb", None, "monitor = DefaultModelMonitor(role=role)")


def test_drift_code_nothing_schedules_is_unknown(make_ctx: MakeContext) -> None:
    answer = q45.detect(make_ctx(files={"analysis/drift.py": DRIFT}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("analysis/drift.py", 1, "from evidently.report import Report"),)


def test_no_when_drift_is_only_mentioned(make_ctx: MakeContext) -> None:
    readme = "# Monitoring\n\nWe will monitor drift with Evidently and alert on Slack.\n"
    code = '"""Drift: from evidently import Report (planned)."""\n'
    answer = q45.detect(make_ctx("plain-ml-scripts", files={"README.md": readme, "src/notes.py": code}))
    assert answer.verdict is Verdict.NO
    assert answer.searched == q45.SEARCHED
