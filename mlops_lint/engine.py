"""The rule engine: run one detector per criterion over shared facts and build the Report.

Three rules are enforced here, centrally, so no detector can break them: a crashing detector
becomes an ERROR for its criterion only; a yes without evidence is refused; a conditional
criterion whose use case the repository lacks is na before its detector even runs. Confirmed
answers from the configuration are applied last and win.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

from mlops_lint import __version__, background
from mlops_lint.config import Settings, settings
from mlops_lint.context import Context, Fact
from mlops_lint.facts.ci import ci_model
from mlops_lint.facts.code import code_corpus
from mlops_lint.facts.deps import dependencies
from mlops_lint.facts.docs import docs_index
from mlops_lint.facts.files import file_index
from mlops_lint.facts.history import git_history
from mlops_lint.facts.iac import iac_inventory
from mlops_lint.facts.lifecycle import doc_lines as lifecycle_doc_lines
from mlops_lint.facts.ml_code import ml_code
from mlops_lint.facts.tracking import config_corpus
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
# Assessed in the child: sections 1, 3 and 4 (documentation, code quality, monitoring) and the
# retraining criterion, about half the work left once the shared facts are computed.
CHILD_CRITERIA: Final = frozenset({*range(1, 9), 27, *range(29, 47)})
# The costly facts both halves need, each computed by one process and sent to the other.
CHILD_SHARE: Final[tuple[Fact[Any], ...]] = (code_corpus, docs_index, ml_code)  # the most wanted first
PARENT_SHARE: Final[tuple[Fact[Any], ...]] = (
    iac_inventory, config_corpus, ci_model, dependencies, git_history, lifecycle_doc_lines,
)  # fmt: skip


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

    On a large repository about half of the criteria (`CHILD_CRITERIA`) are assessed in a
    forked process (`background.py`) while this one does the others; the costly facts both
    halves need are computed once, half on each side (`_share`). The child's per-file warnings
    join this run's; if it fails, its criteria are assessed here.
    """
    there = [c for c in chosen if c.number in CHILD_CRITERIA]
    if not there or len(ctx.get(file_index).paths) < PARALLEL_MIN_FILES or not background.available():
        return tuple(_result(ctx, c, detectors[c.number], config) for c in chosen)
    job = background.in_background(_part, ctx, there, detectors, config, linked=True)
    _share(ctx, job.link, PARENT_SHARE, CHILD_SHARE)
    found = {c.number: _result(ctx, c, detectors[c.number], config) for c in chosen if c.number not in CHILD_CRITERIA}
    try:
        theirs, warnings = job.result()
    except Exception:  # noqa: BLE001 - the child died: do its part here, as without it
        theirs = _part(background.Link(), ctx, there, detectors, config)[0]
    else:
        repo = ctx.repo
        seen = {(w.path, w.message) for w in repo.warnings}
        repo.warnings.extend(w for w in warnings if (w.path, w.message) not in seen)
    found.update(theirs)
    return tuple(found[c.number] for c in chosen)


def _part(
    link: background.Link, ctx: Context, criteria: list[Criterion], detectors: Mapping[int, Detector], config: Settings
) -> tuple[dict[int, Result], list[Warning]]:
    """Some criteria's results, with the per-file warnings their facts added (in the child)."""
    repo = ctx.repo
    warned = len(repo.warnings)
    _share(ctx, link, CHILD_SHARE, PARENT_SHARE)
    results = {c.number: _result(ctx, c, detectors[c.number], config) for c in criteria}
    return results, repo.warnings[warned:]


def _share(ctx: Context, link: background.Link, mine: tuple[Fact[Any], ...], theirs: tuple[Fact[Any], ...]) -> None:
    """Compute this process's share of the facts both processes need and send it; take the
    other's share from the link when first needed. Each is then computed once, not twice.

    A fact that fails here is left out (the detector asking for it computes it and reports
    the failure); if the other process is gone, its share is computed here.
    """
    if not link.active:
        return
    repo = ctx.repo
    for fact in mine:  # each sent as soon as it is computed: the other side may be waiting for it
        warned = len(repo.warnings)
        computed: dict[Fact[Any], Any] = {}
        with contextlib.suppress(Exception):
            computed[fact] = ctx.get(fact)
        try:  # the per-file warnings go along: the other side reports them if this one dies later
            link.send(_message(fact), (computed, repo.warnings[warned:]))
        except Exception:  # noqa: BLE001 - a value that cannot be pickled: the other side computes its own
            link.send(_message(fact), ({}, []))
    for fact in theirs:
        ctx.promise((fact,), functools.partial(_received, ctx, link, _message(fact)))


def _message(fact: Fact[Any]) -> str:
    return f"fact {fact.__module__}.{fact.__qualname__}"


def _received(ctx: Context, link: background.Link, kind: str) -> Mapping[Fact[Any], Any]:
    try:
        facts, warnings = link.receive(kind)
    except (EOFError, OSError):
        return {}
    seen = {(w.path, w.message) for w in ctx.repo.warnings}
    ctx.repo.warnings.extend(w for w in warnings if (w.path, w.message) not in seen)
    result: Mapping[Fact[Any], Any] = facts
    return result


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
