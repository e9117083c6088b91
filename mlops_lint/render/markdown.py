"""The Markdown report, for pull-request comments and job summaries: compact, details folded.

Every string that comes from the scanned repository (paths, excerpts, reasons) is escaped, so
a file name cannot inject Markdown, HTML, mentions or issue references into a comment.

`max_chars` keeps the report under a size budget (a GitHub comment holds 65,536 characters):
the report is folded step by step (less evidence per criterion, then reasons only, then only
the criteria that are not yes, then the counts alone) and, as a last resort, cut at a line
with its folded sections closed. The verdict, the counts and the regressions come first, so
they survive every step.
"""

from __future__ import annotations

import dataclasses
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
_ENTITIES: Final = {"<": "&lt;", ">": "&gt;", "@": "@\u200b", "#": "#\u200b"}
MAX_EVIDENCE: Final = 3
GITHUB_COMMENT_LIMIT: Final = 65_536
TRUNCATED: Final = (
    "\n\n**The report was cut to fit this comment.** Run `mlops-lint` on the repository (or open the job summary) "
    "for the whole report.\n"
)


@dataclasses.dataclass(frozen=True, slots=True)
class _Fold:
    """How much detail one rendering shows; later steps show less."""

    evidence: int = MAX_EVIDENCE  # pieces of evidence per criterion
    warnings: int | None = None  # None: all of them
    how_to_confirm: bool = True  # say what counts for each criterion that needs a person
    rows: frozenset[Verdict] | None = None  # None: every criterion, else only these verdicts
    details: bool = True  # the per-section tables at all
    note: str = ""


FOLDS: Final = (
    _Fold(),
    _Fold(evidence=1, warnings=20, note="one piece of evidence per criterion"),
    _Fold(evidence=0, warnings=5, how_to_confirm=False, note="reasons without evidence"),
    _Fold(
        evidence=0,
        warnings=5,
        how_to_confirm=False,
        rows=frozenset({Verdict.NO, Verdict.UNKNOWN, Verdict.ERROR}),
        note="only the criteria that are not yes or n/a",
    ),
    _Fold(evidence=0, warnings=0, how_to_confirm=False, details=False, note="counts only"),
)


def escape(text: str) -> str:
    """Make repository text inert in Markdown and HTML (and break @mentions and #references)."""
    text = text.replace("&", "&amp;").replace("\r", " ").replace("\n", " ")
    return _SPECIAL.sub(lambda m: _ENTITIES.get(m.group(1), "\\" + m.group(1)), text)


def render(report: Report, *, max_chars: int | None = None) -> str:
    """The report as GitHub-flavoured Markdown, within `max_chars` characters when given."""
    text = _render(report, FOLDS[0])
    if max_chars is None:
        return text
    for fold in FOLDS[1:]:
        if len(text) <= max_chars:
            return text
        text = _render(report, fold)
    return text if len(text) <= max_chars else _cut(text, max_chars)


def _render(report: Report, fold: _Fold) -> str:
    lines = [f"## MLOps maturity: {_verdict(report)}", ""]
    if report.comparison is not None:
        lines += _changes(report, fold)
    lines += _counts(report)
    lines += _to_confirm(report, fold)
    if fold.details:
        for number, results in report.sections().items():
            lines += _section(report, number, results, fold)
    lines += _warnings(report, fold)
    folded = f" · folded to fit: {fold.note}" if fold.note else ""
    lines.append(
        f"<sub>mlops-lint {escape(report.tool_version)} · `mlops-lint explain N` tells how to reach yes{folded}</sub>"
    )
    return "\n".join(lines) + "\n"


def _counts(report: Report) -> list[str]:
    lines = ["| Section | ✅ yes | ❌ no | ❔ unknown | ➖ n/a |", "|---|---:|---:|---:|---:|"]
    for number, results in report.sections().items():
        counts = report.counts(number)
        beyond = "" if results[0].criterion.required else " *(beyond maturity)*"
        name = f"{number}. {results[0].criterion.section_title}{beyond}"
        lines.append(f"| {name} | {counts['yes']} | {counts['no']} | {counts['unknown']} | {counts['na']} |")
    return [*lines, ""]


def _to_confirm(report: Report, fold: _Fold) -> list[str]:
    pending = [r for r in report.results if r.criterion.required and (r.verdict is Verdict.UNKNOWN or r.stale)]
    if not pending:
        return []
    ids = ", ".join(r.criterion.id for r in pending)
    example = pending[0].criterion.number
    lines = [f"### ❔ {len(pending)} criteria need a person's answer", "",
             f"The repository cannot settle {ids}. Record what is true once, in `.mlops-lint.yaml`:", "",
             "```sh", f"mlops-lint confirm {example} --answer yes --evidence URL --by NAME   # or --answer no, na",
             "```", ""]  # fmt: skip
    if not fold.how_to_confirm:
        return lines
    lines += ["<details>", "<summary>What counts for each</summary>", ""]
    for r in pending:
        stale = " (confirmation is stale)" if r.stale else ""
        lines.append(f"- **{r.criterion.id}** {r.criterion.title}{stale}: {r.criterion.how_to_confirm}")
    return [*lines, "", "</details>", ""]


def _section(report: Report, number: int, results: tuple[Result, ...], fold: _Fold) -> list[str]:
    counts = report.counts(number)
    summary = f"{number}. {results[0].criterion.section_title}: {counts['yes']} yes, {counts['no']} no"
    shown = [r for r in results if fold.rows is None or r.verdict in fold.rows]
    lines = ["<details>", f"<summary>{summary}</summary>", ""]
    if shown:
        lines += ["| | Criterion | Evidence or reason |", "|---|---|---|", *(_row(r, fold) for r in shown)]
    if len(shown) < len(results):
        lines += ["", f"{len(results) - len(shown)} yes or n/a answer(s) left out to fit."]
    return [*lines, "", "</details>", ""]


def _warnings(report: Report, fold: _Fold) -> list[str]:
    if not report.warnings:
        return []
    shown = report.warnings if fold.warnings is None else report.warnings[: fold.warnings]
    lines = ["<details>", f"<summary>{len(report.warnings)} warning(s)</summary>", ""]
    lines += [f"- {escape(w.path)}: {escape(w.message)}" for w in shown]
    if len(shown) < len(report.warnings):
        lines.append(f"- … and {len(report.warnings) - len(shown)} more")
    return [*lines, "", "</details>", ""]


def _changes(report: Report, fold: _Fold) -> list[str]:
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
            # What disappeared is the point of a regression: always show at least one piece.
            gone = c.lost_evidence[: max(fold.evidence, 1)]
            why += "<br>evidence gone: " + ", ".join(_evidence(e) for e in gone)
            if len(c.lost_evidence) > len(gone):
                why += f" and {len(c.lost_evidence) - len(gone)} more"
        lines.append(
            f"| {mark} | **Q{c.number}** {escape(titles[c.number])} | {ICONS[c.before]} | {ICONS[c.after]} | {why} |"
        )
    return [*lines, ""]


def _verdict(report: Report) -> str:
    required = [r for r in report.results if r.criterion.required]
    yes = sum(r.verdict is Verdict.YES for r in required)
    if not report.complete:
        return f"**partial assessment** ({yes} of {len(required)} selected criteria of sections 1-4 are yes)"
    if report.mature:
        return "**mature** (every criterion of sections 1-4 is yes)"
    return f"**not mature yet** ({yes} of {len(required)} criteria of sections 1-4 are yes)"


def _row(result: Result, fold: _Fold) -> str:
    c = result.criterion
    confirmed = " (confirmed)" if result.source.value == "confirmed" else ""
    confirmed += " ⚠️ stale" if result.stale else ""
    detail = escape(result.answer.reason)
    if result.answer.evidence and fold.evidence:
        detail += "<br>" + "<br>".join(_evidence(e) for e in result.answer.evidence[: fold.evidence])
    return f"| {ICONS[result.verdict]}{confirmed} | **Q{c.number}** {escape(c.title)} | {detail} |"


def _evidence(ev: Evidence) -> str:
    # Not a code span: HTML entities would show literally there, and escaping is what keeps
    # a hostile file name inert.
    return f"**{escape(ev.location)}**" + (f" {escape(ev.excerpt)}" if ev.excerpt else "")


def _cut(text: str, max_chars: int) -> str:
    """Keep whole lines up to the budget, close the folded sections left open, and say so."""
    room = max_chars - len(TRUNCATED) - len("\n```") - len("\n</details>") * text.count("<details>")
    kept = text[: max(room, 0)].rsplit("\n", 1)[0]
    fence = "\n```" if kept.count("\n```") % 2 else ""
    opened = kept.count("<details>") - kept.count("</details>")
    out = kept + fence + "\n</details>" * opened + TRUNCATED
    return out if len(out) <= max_chars else out[:max_chars]
