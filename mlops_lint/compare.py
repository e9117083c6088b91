"""Compare two assessments criterion by criterion: what regressed, what improved, and why.

A regression is a required criterion (sections 1-4) that was yes at the base and is no now.
yes -> unknown is a *weakening*, not a regression by default: the evidence may have moved where
mlops-lint cannot see it (another repository, a file it does not know), and failing CI on a
guess is the worst outcome. `strict` also counts yes -> unknown and yes -> na as regressions.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Final

from mlops_lint.model import Answer, Change, Comparison, Evidence, Report, Result, Source, Verdict
from mlops_lint.rules import load_criteria

GATED: Final = frozenset({Verdict.NO})
STRICT_GATED: Final = frozenset({Verdict.NO, Verdict.UNKNOWN, Verdict.NOT_APPLICABLE})


def compare(
    base: Report, head: Report, *, strict: bool = False, head_sha: str | None = None, base_label: str = ""
) -> Comparison:
    """The changes from `base` to `head`, criterion by criterion."""
    before = {r.criterion.number: r for r in base.results}
    changed = tuple(
        _change(before[now.criterion.number], now)
        for now in head.results
        if now.criterion.number in before and before[now.criterion.number].verdict is not now.verdict
    )
    gated = STRICT_GATED if strict else GATED
    regressions = tuple(c.number for c in changed if c.required and c.before is Verdict.YES and c.after in gated)
    improvements = tuple(c.number for c in changed if c.after is Verdict.YES)
    return Comparison(base.revision, head_sha, changed, regressions, improvements, strict, base_label)


def _change(was: Result, now: Result) -> Change:
    kept = {(e.path, e.line) for e in now.answer.evidence}
    lost = tuple(e for e in was.answer.evidence if (e.path, e.line) not in kept)
    return Change(
        number=now.criterion.number,
        required=now.criterion.required,
        before=was.verdict,
        after=now.verdict,
        before_reason=was.answer.reason,
        after_reason=now.answer.reason,
        lost_evidence=lost,
    )


def report_from_json(data: Any) -> Report:
    """A Report rebuilt from a JSON report (a baseline file); raises ValueError when it is not one."""
    if not isinstance(data, dict) or data.get("schema_version") != 1 or not isinstance(data.get("questions"), list):
        msg = "not an mlops-lint JSON report (schema_version 1)"
        raise ValueError(msg)
    criteria = {c.number: c for c in load_criteria()}
    results = []
    for q in data["questions"]:
        number = q.get("number") if isinstance(q, dict) else None
        if number not in criteria:
            msg = f"baseline question {number!r} is not a criterion number"
            raise ValueError(msg)
        try:
            verdict = Verdict(q.get("status"))
            source = Source(q.get("source", "detected"))
        except ValueError as exc:
            msg = f"baseline criterion {number}: {exc}"
            raise ValueError(msg) from exc
        evidence = tuple(_evidence(e) for e in q.get("evidence") or [] if isinstance(e, dict))
        results.append(Result(criteria[number], Answer(verdict, str(q.get("reason", "")), evidence), source))
    target: dict[str, Any] = data["target"] if isinstance(data.get("target"), dict) else {}
    revision = target.get("revision") if isinstance(target.get("revision"), str) else None
    tool: dict[str, Any] = data["tool"] if isinstance(data.get("tool"), dict) else {}
    return Report(str(tool.get("version", "?")), str(target.get("path", "")), revision, tuple(results))


def _evidence(raw: dict[str, Any]) -> Evidence:
    line = raw.get("line")
    return Evidence(str(raw.get("path", "")), line if isinstance(line, int) else None, str(raw.get("excerpt", "")))


def with_comparison(report: Report, comparison: Comparison) -> Report:
    """The head report carrying its comparison, for the renderers."""
    return dataclasses.replace(report, comparison=comparison)
