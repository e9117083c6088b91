"""The terminal report: section by section, evidence as clickable `path:line`, then next steps."""

from __future__ import annotations

from typing import Final

from mlops_lint.model import Report, Result, Source, Verdict

LABELS: Final = {
    Verdict.YES: ("yes", "green"),
    Verdict.NO: ("no", "red"),
    Verdict.UNKNOWN: ("unknown", "yellow"),
    Verdict.NOT_APPLICABLE: ("n/a", "bright_black"),
    Verdict.ERROR: ("ERROR", "magenta"),
}
MAX_EVIDENCE: Final = 3
NEXT_STEPS: Final = 5


def render(report: Report, *, color: bool = False, verbose: bool = False) -> str:
    """The whole report as text; ANSI colours only when `color` is set."""
    paint = _painter(color)
    revision = f" @ {report.revision[:12]}" if report.revision else ""
    lines = [paint(f"mlops-lint {report.tool_version}", bold=True) + f"  {report.target_path}{revision}", ""]
    if report.comparison is not None:
        lines += _changes(report, paint)
    for number, results in report.sections().items():
        title = f"{number}. {results[0].criterion.section_title}"
        marker = "" if results[0].criterion.required else "  (beyond maturity)"
        lines.append(paint(title, bold=True) + paint(marker, fg="bright_black") + "   " + _tally(report, number))
        for result in results:
            lines += _result_lines(result, paint, verbose=verbose)
        lines.append("")
    lines += _summary(report, paint)
    lines += _warnings(report, paint)
    return "\n".join(lines).rstrip() + "\n"


def _result_lines(result: Result, paint: _Paint, *, verbose: bool) -> list[str]:
    label, fg = LABELS[result.verdict]
    c = result.criterion
    confirmed = paint(" (confirmed)", fg="cyan") if result.source is Source.CONFIRMED else ""
    confirmed += paint(" STALE", fg="yellow", bold=True) if result.stale else ""
    head = f"  {paint(f'{label:<7}', fg=fg, bold=True)} {c.id:<4} {c.title}{confirmed}"
    lines = [head, f"{'':14}{result.answer.reason}"]
    shown = result.answer.evidence if verbose else result.answer.evidence[:MAX_EVIDENCE]
    for ev in shown:
        excerpt = f"  {paint(ev.excerpt, fg='bright_black')}" if ev.excerpt else ""
        lines.append(f"{'':14}{paint(ev.location, fg='cyan')}{excerpt}")
    if len(result.answer.evidence) > len(shown):
        lines.append(f"{'':14}… and {len(result.answer.evidence) - len(shown)} more (--verbose)")
    if result.verdict is Verdict.NO and result.answer.searched:
        lines.append(f"{'':14}" + paint("looked for: " + ", ".join(result.answer.searched), fg="bright_black"))
    if result.disagrees and result.detected is not None:
        lines.append(f"{'':14}" + paint(f"detected {result.detected.verdict.value}: {result.detected.reason}",
                                        fg="yellow"))  # fmt: skip
    return lines


def _changes(report: Report, paint: _Paint) -> list[str]:
    comparison = report.comparison
    assert comparison is not None
    titles = {r.criterion.number: r.criterion for r in report.results}
    label = comparison.base_label or (comparison.base or "the base")[:12]
    if not comparison.changed:
        return [paint(f"No change versus {label}.", bold=True), ""]
    lines = [paint(f"Changes versus {label}", bold=True)]
    order = sorted(comparison.changed, key=lambda c: (c.number not in comparison.regressions, c.number))
    for change in order:
        criterion = titles[change.number]
        regression = change.number in comparison.regressions
        tag = paint("REGRESSION", fg="red", bold=True) if regression else paint("changed", fg="yellow")
        arrow = f"{LABELS[change.before][0]} -> {LABELS[change.after][0]}"
        lines.append(f"  {tag} {criterion.id:<4} {arrow}  {criterion.title}")
        lines.append(f"{'':14}{change.after_reason}")
        lines += [f"{'':14}evidence gone: {paint(e.location, fg='cyan')}" for e in change.lost_evidence[:MAX_EVIDENCE]]
    if comparison.regressions:
        lines.append(paint(f"  {len(comparison.regressions)} regression(s) in sections 1-4", fg="red", bold=True))
    return [*lines, ""]


def _tally(report: Report, section: int) -> str:
    counts = report.counts(section)
    parts = [f"{counts[v.value]} {LABELS[v][0]}" for v in Verdict if counts[v.value]]
    return " · ".join(parts)


def _summary(report: Report, paint: _Paint) -> list[str]:
    required = [r for r in report.results if r.criterion.required]
    yes = sum(r.verdict is Verdict.YES for r in required)
    if not report.complete:
        verdict = (
            paint("partial assessment", bold=True) + f": {yes} of {len(required)} selected required criteria are yes"
        )
    elif report.mature:
        verdict = paint("mature", fg="green", bold=True) + ": every criterion of sections 1-4 is yes"
    else:
        verdict = (
            paint("not mature yet", fg="yellow", bold=True)
            + f": {yes} of {len(required)} criteria of sections 1-4 are yes"
        )
    lines = ["Verdict: " + verdict]
    steps = next_steps(report)
    if steps:
        lines += ["", paint("Next steps", bold=True)]
        for n, (result, advice) in enumerate(steps, 1):
            lines.append(f"  {n}. {result.criterion.id} {result.criterion.slug}: {advice}")
    unknown = [r for r in required if r.verdict is Verdict.UNKNOWN]
    if unknown:
        ids = ", ".join(str(r.criterion.number) for r in unknown)
        lines += ["", f"{len(unknown)} required criteria need a person to confirm them ({ids}):",
                  "  record answers in .mlops-lint.yaml; `mlops-lint explain N` says what counts."]  # fmt: skip
    return lines


def next_steps(report: Report) -> list[tuple[Result, str]]:
    """The most valuable next actions: required no answers first, in questionnaire order."""
    ranked = sorted(
        (r for r in report.results if r.verdict is Verdict.NO),
        key=lambda r: (not r.criterion.required, r.criterion.number),
    )
    return [(r, _first_sentence(r.criterion.how_to_yes)) for r in ranked[:NEXT_STEPS]]


def _first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + (dot.strip() or "")


def _warnings(report: Report, paint: _Paint) -> list[str]:
    lines = [f"note: {n}" for n in report.notes]
    lines += [paint(f"warning: {w.path}: {w.message}", fg="yellow") for w in report.warnings]
    return ["", *lines] if lines else []


class _Paint:
    """ANSI styling that is a no-op when colour is off (not a terminal, --no-color, NO_COLOR)."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, *, fg: str | None = None, bold: bool = False) -> str:
        if not self.enabled or not text:
            return text
        codes = [] if fg is None else [ANSI[fg]]
        codes += ["1"] if bold else []
        return f"\x1b[{';'.join(codes)}m{text}\x1b[0m" if codes else text


ANSI: Final = {"green": "32", "red": "31", "yellow": "33", "magenta": "35", "cyan": "36", "bright_black": "90"}


def _painter(enabled: bool) -> _Paint:  # noqa: FBT001 - private
    return _Paint(enabled=enabled)
