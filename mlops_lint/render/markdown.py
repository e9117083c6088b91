"""The Markdown report, for pull-request comments and job summaries: compact, details folded.

Every string that comes from the scanned repository (paths, excerpts, reasons) is escaped, so
a file name cannot inject Markdown, HTML or mentions into a comment.
"""

from __future__ import annotations

import re
from typing import Final

from mlops_lint.model import Evidence, Report, Result, Verdict

ICONS: Final = {
    Verdict.YES: "✅ yes",
    Verdict.NO: "❌ no",
    Verdict.UNKNOWN: "❔ unknown",
    Verdict.NOT_APPLICABLE: "➖ n/a",
    Verdict.ERROR: "💥 error",
}
_SPECIAL: Final = re.compile(r"([\\`*_{}\[\]()#+!|<>~@:])")
MAX_EVIDENCE: Final = 3


def escape(text: str) -> str:
    """Make repository text inert in Markdown and HTML (and break @mentions)."""
    text = text.replace("&", "&amp;").replace("\r", " ").replace("\n", " ")
    return _SPECIAL.sub(lambda m: {"<": "&lt;", ">": "&gt;", "@": "@\u200b"}.get(m.group(1), "\\" + m.group(1)), text)


def render(report: Report) -> str:
    """The report as GitHub-flavoured Markdown."""
    lines = [f"## MLOps maturity: {_verdict(report)}", ""]
    if report.comparison is not None:
        lines += _changes(report)
    lines += ["| Section | ✅ yes | ❌ no | ❔ unknown | ➖ n/a |", "|---|---:|---:|---:|---:|"]
    for number, results in report.sections().items():
        counts = report.counts(number)
        name = f"{number}. {results[0].criterion.section_title}"
        lines.append(f"| {name} | {counts['yes']} | {counts['no']} | {counts['unknown']} | {counts['na']} |")
    lines.append("")
    for number, results in report.sections().items():
        counts = report.counts(number)
        summary = f"{number}. {results[0].criterion.section_title}: {counts['yes']} yes, {counts['no']} no"
        lines += ["<details>", f"<summary>{summary}</summary>", "", "| | Criterion | Evidence or reason |",
                  "|---|---|---|"]  # fmt: skip
        lines += [_row(r) for r in results]
        lines += ["", "</details>", ""]
    if report.warnings:
        lines += ["<details>", f"<summary>{len(report.warnings)} warning(s)</summary>", ""]
        lines += [f"- {escape(w.path)}: {escape(w.message)}" for w in report.warnings]
        lines += ["", "</details>", ""]
    lines.append(f"<sub>mlops-lint {escape(report.tool_version)} · `mlops-lint explain N` tells how to reach yes</sub>")
    return "\n".join(lines) + "\n"


def _changes(report: Report) -> list[str]:
    comparison = report.comparison
    assert comparison is not None
    titles = {r.criterion.number: r.criterion.title for r in report.results}
    label = escape(comparison.base_label or (comparison.base or "the base")[:12])
    if not comparison.changed:
        return [f"No change versus {label}.", ""]
    count = len(comparison.regressions)
    lines = [f"### {'❌ ' + str(count) + ' regression(s)' if count else 'Changes'} versus {label}", "",
             "| | Criterion | Was | Now | Why |", "|---|---|---|---|---|"]  # fmt: skip
    for c in sorted(comparison.changed, key=lambda c: (c.number not in comparison.regressions, c.number)):
        mark = (
            "❌ regression"
            if c.number in comparison.regressions
            else ("✅ improved" if c.after is Verdict.YES else "changed")
        )
        why = escape(c.after_reason)
        if c.lost_evidence:
            why += "<br>evidence gone: " + ", ".join(_evidence(e) for e in c.lost_evidence[:MAX_EVIDENCE])
        lines.append(
            f"| {mark} | **Q{c.number}** {escape(titles[c.number])} | {ICONS[c.before]} | {ICONS[c.after]} | {why} |"
        )
    return [*lines, ""]


def _verdict(report: Report) -> str:
    required = [r for r in report.results if r.criterion.required]
    yes = sum(r.verdict is Verdict.YES for r in required)
    if report.mature:
        return "**mature** (every criterion of sections 1-4 is yes)"
    return f"**not mature yet** ({yes} of {len(required)} criteria of sections 1-4 are yes)"


def _row(result: Result) -> str:
    c = result.criterion
    confirmed = " (confirmed)" if result.source.value == "confirmed" else ""
    confirmed += " ⚠️ stale" if result.stale else ""
    detail = escape(result.answer.reason)
    if result.answer.evidence:
        detail += "<br>" + "<br>".join(_evidence(e) for e in result.answer.evidence[:MAX_EVIDENCE])
    return f"| {ICONS[result.verdict]}{confirmed} | **Q{c.number}** {escape(c.title)} | {detail} |"


def _evidence(ev: Evidence) -> str:
    # Not a code span: HTML entities would show literally there, and escaping is what keeps
    # a hostile file name inert.
    return f"**{escape(ev.location)}**" + (f" {escape(ev.excerpt)}" if ev.excerpt else "")
