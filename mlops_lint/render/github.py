"""GitHub Actions workflow commands: annotations on the pull request, and a one-line summary.

`::error` for each regression (what the gate fails on), `::warning` for each sections 1-4
`no` answer (gaps that were already there: shown, but not as loud), then one `::notice` with
the verdict. Sections 5-7 are left out: they never gate. Values are escaped the way the
runner decodes them (`%`, CR and LF everywhere; `:` and `,` too in properties), so text from
the repository cannot end a command early or start another one.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.model import Finding, Report

MAX_LOST: Final = 3


def render(report: Report) -> str:
    """Workflow commands, one per line."""
    lines = [_annotation(f, report) for f in report.findings() if f.change or f.result.criterion.required]
    lines.append(command("notice", summary(report), title="MLOps maturity"))
    return "\n".join(lines) + "\n"


def command(name: str, message: str, **properties: str | int | None) -> str:
    """`::name key=value,...::message`, escaped; properties that are None are left out."""
    given = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties.items() if v is not None)
    return f"::{name}{' ' + given if given else ''}::{escape_data(message)}"


def escape_data(text: str) -> str:
    """Escape a command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value, where `:` and `,` are separators."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def summary(report: Report) -> str:
    """One line: the verdict, and the regressions versus the base if there was one."""
    required = [r for r in report.results if r.criterion.required]
    yes = sum(r.verdict.value == "yes" for r in required)
    no = sum(r.verdict.value == "no" for r in required)
    if report.mature:
        text = "mature: every criterion of sections 1-4 is yes"
    else:
        text = f"{'partial assessment' if not report.complete else 'not mature yet'}: {yes} of {len(required)}"
        text += f" criteria of sections 1-4 are yes, {no} no"
    if report.comparison is not None:
        count = len(report.comparison.regressions)
        base = report.comparison.base_label or "the base"
        text += f"; {count} regression(s) versus {base}" if count else f"; no regression versus {base}"
    return text


def _annotation(finding: Finding, report: Report) -> str:
    c = finding.result.criterion
    where = finding.location
    file, line = (None, None) if finding.anchored else (where.path, where.line)
    if finding.change is None:
        title = f"{c.id} {c.slug}: no"
        text = f"{c.title}: {finding.result.answer.reason}"
        return command("warning", text + _hint(c.number), file=file, line=line, title=title)
    change = finding.change
    title = f"{c.id} {c.slug} regressed ({change.before.value} -> {change.after.value})"
    text = f"{c.title}: {change.after_reason}"
    if change.lost_evidence:
        gone = ", ".join(e.location for e in change.lost_evidence[:MAX_LOST])
        base = report.comparison.base_label if report.comparison and report.comparison.base_label else "the base"
        text += f"\nevidence gone since {base}: {gone}"
    return command("error", text + _hint(c.number), file=file, line=line, title=title)


def _hint(number: int) -> str:
    return f"\n`mlops-lint explain {number}` tells how to get to yes"
