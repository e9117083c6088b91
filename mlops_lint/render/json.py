"""The JSON report: the stable contract other tools build on (see docs/json-report.md)."""

from __future__ import annotations

import json
from typing import Any, Final

from mlops_lint.model import Answer, Comparison, Report, Result

SCHEMA_VERSION: Final = 1


def render(report: Report) -> str:
    """The report as indented JSON, keys in a fixed order."""
    return json.dumps(to_dict(report), indent=2, ensure_ascii=False) + "\n"


def to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "mlops-lint", "version": report.tool_version},
        "target": {"path": report.target_path, "revision": report.revision},
        "summary": {
            "mature": report.mature,
            "complete": report.complete,
            "required_yes": sum(r.criterion.required and r.verdict.value == "yes" for r in report.results),
            "counts": report.counts(),
            "sections": [
                {
                    "section": number,
                    "title": results[0].criterion.section_title,
                    "family": results[0].criterion.family,
                    "required": results[0].criterion.required,
                    "counts": report.counts(number),
                }
                for number, results in report.sections().items()
            ],
        },
        "questions": [_question(r) for r in report.results],
        "warnings": [{"path": w.path, "message": w.message} for w in report.warnings],
        "notes": list(report.notes),
        **({} if report.comparison is None else {"comparison": _comparison(report.comparison)}),
    }


def _comparison(comparison: Comparison) -> dict[str, Any]:
    return {
        "base": comparison.base,
        "base_label": comparison.base_label,
        "head": comparison.head,
        "strict": comparison.strict,
        "regressions": list(comparison.regressions),
        "improvements": list(comparison.improvements),
        "changed": [
            {
                "number": c.number,
                "from": c.before.value,
                "to": c.after.value,
                "required": c.required,
                "reason": c.after_reason,
                "lost_evidence": [{"path": e.path, "line": e.line, "excerpt": e.excerpt} for e in c.lost_evidence],
            }
            for c in comparison.changed
        ],
    }


def _question(result: Result) -> dict[str, Any]:
    c = result.criterion
    data: dict[str, Any] = {
        "number": c.number,
        "id": c.id,
        "slug": c.slug,
        "section": c.section,
        "title": c.title,
        "required": c.required,
        "applies_to": c.applies_to.value,
        "status": result.verdict.value,
        "source": result.source.value,
        **_answer(result.answer),
        "detected": _detected(result),
    }
    if result.confirmation is not None:
        conf = result.confirmation
        data["stale"] = result.stale
        data["confirmation"] = {"by": conf.by, "date": conf.date, "evidence": conf.evidence,
                                "note": conf.note, "review_by": conf.review_by}  # fmt: skip
    return data


def _detected(result: Result) -> dict[str, Any] | None:
    if result.detected is None:
        return None
    return {"status": result.detected.verdict.value, **_answer(result.detected)}


def _answer(answer: Answer) -> dict[str, Any]:
    return {
        "reason": answer.reason,
        "evidence": [{"path": e.path, "line": e.line, "excerpt": e.excerpt} for e in answer.evidence],
        "searched": list(answer.searched),
    }
