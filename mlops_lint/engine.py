"""The rule engine: run one detector per criterion over shared facts and build the Report.

Three rules are enforced here, centrally, so no detector can break them: a crashing detector
becomes an ERROR for its criterion only; a yes without evidence is refused; a conditional
criterion whose use case the repository lacks is na before its detector even runs. Confirmed
answers from the configuration are applied last and win.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Final

from mlops_lint import __version__, background
from mlops_lint.config import Settings, settings
from mlops_lint.context import Context
from mlops_lint.facts.files import file_index
from mlops_lint.facts.usecase import USE_CASE_LABELS, UseCases, use_cases
from mlops_lint.model import (
    ANCHOR_CANDIDATES,
    Answer,
    Applicability,
    Criterion,
    Evidence,
    Report,
    Result,
    Source,
    Verdict,
    Warning,
    not_applicable,
)

Detector = Callable[[Context], Answer]
PARALLEL_MIN_FILES: Final = 300  # below this, a run takes well under a second: not worth a process
CHILD_SECTIONS: Final = frozenset({1, 3, 4})


def run(
    ctx: Context,
    criteria: Iterable[Criterion],
    detectors: Mapping[int, Detector],
    *,
    target: str = ".",
) -> Report:
    """Assess every criterion given and return the finished report."""
    config = ctx.get(settings)
    chosen = [c for c in criteria if c.number not in config.ignore]
    results = _results(ctx, chosen, detectors, config)
    repo = ctx.repo
    notes = tuple(repo.notes)
    if config.path:
        notes += (f"confirmed answers read from {config.path}",)
    listed = frozenset(repo.files)
    anchor = next((name for name in ANCHOR_CANDIDATES if name in listed), ANCHOR_CANDIDATES[-1])
    return Report(__version__, target, repo.revision, results, tuple(repo.warnings), notes, anchor=anchor)


def _results(
    ctx: Context, chosen: list[Criterion], detectors: Mapping[int, Detector], config: Settings
) -> tuple[Result, ...]:
    """Every criterion's result, in order; a large repository's are computed on two cores.

    On a large repository the criteria of sections 1, 3 and 4 (documentation, code quality,
    monitoring: about half the work, and few facts in common with the rest) are assessed in a
    forked process (`background.py`) while this one does the others. The child's per-file
    warnings join this run's; if it fails, its criteria are assessed here.
    """
    there = [c for c in chosen if c.section in CHILD_SECTIONS]
    if not there or len(ctx.get(file_index).paths) < PARALLEL_MIN_FILES or not background.available():
        return tuple(_result(ctx, c, detectors[c.number], config) for c in chosen)
    job = background.in_background(_part, ctx, there, detectors, config)
    found = {c.number: _result(ctx, c, detectors[c.number], config) for c in chosen if c.section not in CHILD_SECTIONS}
    try:
        theirs, warnings = job.result()
    except Exception:  # noqa: BLE001 - the child died: do its part here, as without it
        theirs = _part(ctx, there, detectors, config)[0]
    else:
        repo = ctx.repo
        seen = {(w.path, w.message) for w in repo.warnings}
        repo.warnings.extend(w for w in warnings if (w.path, w.message) not in seen)
    found.update(theirs)
    return tuple(found[c.number] for c in chosen)


def _part(
    ctx: Context, criteria: list[Criterion], detectors: Mapping[int, Detector], config: Settings
) -> tuple[dict[int, Result], list[Warning]]:
    """Some criteria's results, with the per-file warnings their facts added."""
    repo = ctx.repo
    warned = len(repo.warnings)
    results = {c.number: _result(ctx, c, detectors[c.number], config) for c in criteria}
    return results, repo.warnings[warned:]


def _result(ctx: Context, criterion: Criterion, detector: Detector, config: Settings) -> Result:
    detected = _detect(ctx, criterion, detector)
    confirmation = config.answers.get(criterion.number)
    if confirmation is None:
        return Result(criterion, detected)
    evidence = (Evidence(confirmation.evidence),) if confirmation.evidence else ()
    who = f" by {confirmation.by}" if confirmation.by else ""
    when = f" on {confirmation.date}" if confirmation.date else ""
    reason = f"confirmed{who}{when}" + (f": {confirmation.note}" if confirmation.note else "")
    # Staleness is judged against the commit's date, never today's, so a report is reproducible.
    today = ctx.repo.commit_date()
    stale = bool(confirmation.review_by and today and confirmation.review_by < today)
    if stale:
        reason += f" (review was due {confirmation.review_by}: stale, please confirm again)"
    answer = Answer(confirmation.verdict, reason, evidence)
    return Result(criterion, answer, Source.CONFIRMED, detected, confirmation, stale)


def _detect(ctx: Context, criterion: Criterion, detector: Detector) -> Answer:
    try:
        if (skip := _not_applicable(ctx, criterion)) is not None:
            return skip
        answer = detector(ctx)
    except Exception as exc:  # noqa: BLE001 - one broken detector must not hide the other answers
        return Answer(Verdict.ERROR, f"the detector crashed ({type(exc).__name__}: {exc}); please report it")
    if answer.verdict is Verdict.YES and not answer.evidence:
        return Answer(Verdict.ERROR, "the detector answered yes without evidence; please report it")
    return answer


def _not_applicable(ctx: Context, criterion: Criterion) -> Answer | None:
    if criterion.applies_to is Applicability.ALWAYS:
        return None
    found: UseCases = ctx.get(use_cases)
    wanted = criterion.applies_to.value
    if wanted in found.kinds:
        return None
    label = USE_CASE_LABELS[wanted]
    if found.configured:
        return not_applicable(f"the configuration says this project has no {label} use case")
    return not_applicable(f"no {label} found in the repository (set `use_case` in .mlops-lint.yaml if wrong)")
