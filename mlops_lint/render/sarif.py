"""SARIF 2.1.0 for GitHub code scanning (and any other SARIF viewer).

One run; one rule per assessed criterion, generated from the catalog; one result per finding
(`Report.findings`: each regression, then each `no` answer). Choices GitHub's code scanning
makes matter for:
- **ruleId is the questionnaire's number (`Q31`)**, as everywhere in mlops-lint: it never
  changes, while a slug may be reworded. The slug is the rule's `name`.
- **partialFingerprints** carry one stable key, `mlopsLintFinding/v1`: a hash of the criterion
  and the kind of finding (`Q31:no`, `Q31:regression`), never of a line number, so an alert
  survives edits elsewhere in the file and stays one alert per criterion.
- **Every result has a location**, because code scanning requires one: the evidence that
  disappeared (lines as they were at the base), else the answer's own evidence, else, for a
  practice that has no file yet, the repository's README at line 1, and the message says so.
- **automationDetails.id is `mlops-lint/`**, a category of its own, so the upload never closes
  the alerts of other tools.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Final

from mlops_lint.model import Criterion, Finding, Report

SCHEMA: Final = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI: Final = "https://github.com/mlops-lint/mlops-lint"
FINGERPRINT_KEY: Final = "mlopsLintFinding/v1"
SRCROOT: Final = "SRCROOT"
MAX_SEARCHED: Final = 300


def render(report: Report) -> str:
    """The report as a SARIF 2.1.0 log, indented, keys in a fixed order."""
    return json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"


def to_dict(report: Report) -> dict[str, Any]:
    """The SARIF log as plain JSON-ready data."""
    criteria = [r.criterion for r in report.results]
    index = {c.number: i for i, c in enumerate(criteria)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mlops-lint",
                        "version": report.tool_version,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(c) for c in criteria],
                    }
                },
                "automationDetails": {"id": "mlops-lint/"},
                "originalUriBaseIds": {SRCROOT: {"description": {"text": "The root of the assessed repository."}}},
                "results": [_result(f, index[f.result.criterion.number], report) for f in report.findings()],
                "properties": _run_properties(report),
            }
        ],
    }


def fingerprint(finding: Finding) -> str:
    """The same for one criterion and kind in every run, wherever its evidence moves."""
    return hashlib.sha256(finding.key.encode()).hexdigest()[:32]


def level(finding: Finding) -> str:
    """error for regressions and sections 1-4; a note for sections 5-7, which never gate."""
    return "error" if finding.change is not None or finding.result.criterion.required else "note"


def _rule(c: Criterion) -> dict[str, Any]:
    scope = "required for maturity" if c.required else "beyond the maturity bar"
    text = (
        f"How to get to yes: {c.how_to_yes}\n\nHow to confirm it by hand: {c.how_to_confirm}\n\n"
        f"`mlops-lint explain {c.number}` also tells how mlops-lint detects it. Source: {c.source}"
    )
    markdown = (
        f"**{c.id} {c.slug}** (section {c.section}, {c.section_title}; {scope})\n\n"
        f"### Why it matters\n{c.why}\n\n### How to get to yes\n{c.how_to_yes}\n\n"
        f"### How to confirm it by hand\n{c.how_to_confirm}\n\nRecord a person's answer with "
        f"`mlops-lint confirm {c.number} --answer yes --evidence <path or URL> --by <name>`; "
        f"`mlops-lint explain {c.number}` tells how mlops-lint detects it.\n\n"
        f"Criterion {c.number} of the MLOps Maturity Assessment ({c.source})."
    )
    return {
        "id": c.id,
        "name": c.slug,
        "shortDescription": {"text": c.title},
        "fullDescription": {"text": c.why},
        "help": {"text": text, "markdown": markdown},
        "helpUri": c.source,
        "defaultConfiguration": {"level": "error" if c.required else "note"},
        "properties": {"tags": ["mlops", c.family, "required" if c.required else "beyond-maturity"]},
    }


def _result(finding: Finding, rule_index: int, report: Report) -> dict[str, Any]:
    where = finding.location
    region = {"startLine": where.line or 1}
    return {
        "ruleId": finding.result.criterion.id,
        "ruleIndex": rule_index,
        "level": level(finding),
        "message": {"text": _plain(_message(finding, report))},
        "locations": [
            {"physicalLocation": {"artifactLocation": {"uri": where.path, "uriBaseId": SRCROOT}, "region": region}}
        ],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding)},
        "properties": {"finding": finding.kind, "verdict": finding.result.verdict.value, "anchored": finding.anchored},
    }


def _message(finding: Finding, report: Report) -> str:
    c = finding.result.criterion
    answer = finding.result.answer
    if finding.change is not None:
        change = finding.change
        base = report.comparison.base_label if report.comparison and report.comparison.base_label else "the base"
        text = f"{c.id} regressed versus {base} ({change.before.value} -> {change.after.value}): {c.title}. "
        text += f"Now: {_sentence(change.after_reason)}"
        if change.lost_evidence:
            gone = ", ".join(e.location for e in change.lost_evidence[:3])
            text += f" Evidence gone: {gone} (as at the base)."
    else:
        text = f"{c.id} is no: {c.title}. {_sentence(answer.reason)}"
        if answer.searched:
            searched = "; ".join(answer.searched)
            searched = searched if len(searched) <= MAX_SEARCHED else searched[: MAX_SEARCHED - 1] + "…"
            text += f" Looked for: {searched}."
    if finding.anchored:
        text += f" No file holds this practice yet, so this is attached to {finding.location.path}."
    return text + f" `mlops-lint explain {c.number}` tells how to get to yes."


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _plain(text: str) -> str:
    # SARIF messages treat [text](n) as an embedded link: repository text must not make one.
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _run_properties(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = {"mature": report.mature, "complete": report.complete, "revision": report.revision}
    if report.comparison is not None:
        data["base"] = report.comparison.base
        data["regressions"] = [f"Q{n}" for n in report.comparison.regressions]
    return data
