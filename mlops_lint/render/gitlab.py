"""GitLab Code Quality report: a JSON array of issues for the merge request widget.

Each finding (`Report.findings`: regressions, then `no` answers) is one issue with the fields
GitLab documents: description, check_name, fingerprint, severity, location.path and
location.lines.begin. GitLab tells new from fixed issues by comparing fingerprints between the
base and the head pipeline, so the fingerprint is a hash of the criterion and the kind of
finding, never of a line. Paths are relative to the assessed folder; a finding with no file of
its own (a practice that is absent) is attached to the README's first line.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Final

from mlops_lint.model import Finding, Report

SEVERITY_REGRESSION: Final = "blocker"  # the gate fails: merging would lose a practice
SEVERITY_REQUIRED: Final = "major"  # sections 1-4: needed for maturity
SEVERITY_BEYOND: Final = "info"  # sections 5-7: reported, never required


def render(report: Report) -> str:
    """The Code Quality report, indented JSON."""
    return json.dumps(to_list(report), indent=2, ensure_ascii=False) + "\n"


def to_list(report: Report) -> list[dict[str, Any]]:
    """One Code Quality issue per finding."""
    return [_issue(f, report) for f in report.findings()]


def _issue(finding: Finding, report: Report) -> dict[str, Any]:
    c = finding.result.criterion
    return {
        "description": _description(finding, report),
        "check_name": f"mlops-lint/{c.id}-{c.slug}",
        "fingerprint": hashlib.sha256(f"mlops-lint:{finding.key}".encode()).hexdigest()[:32],
        "severity": _severity(finding),
        "location": {"path": finding.location.path, "lines": {"begin": finding.location.line or 1}},
    }


def _severity(finding: Finding) -> str:
    if finding.change is not None:
        return SEVERITY_REGRESSION
    return SEVERITY_REQUIRED if finding.result.criterion.required else SEVERITY_BEYOND


def _description(finding: Finding, report: Report) -> str:
    c = finding.result.criterion
    if finding.change is None:
        text = f"{c.id} no: {c.title}. {_sentence(finding.result.answer.reason)}"
    else:
        change = finding.change
        base = report.comparison.base_label if report.comparison and report.comparison.base_label else "the base"
        text = f"{c.id} regressed versus {base} ({change.before.value} -> {change.after.value}): {c.title}."
        if change.lost_evidence:
            text += " Evidence gone: " + ", ".join(e.location for e in change.lost_evidence[:3]) + "."
    if finding.anchored:
        text += " (No file holds this practice yet.)"
    return " ".join(text.split()) + f" See `mlops-lint explain {c.number}`."


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…")) else text + "."
