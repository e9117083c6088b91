"""The values every layer shares: criteria, answers, evidence and the finished report.

Everything here is frozen plain data, so facts can be cached and shared between detectors
without anyone mutating them, and renderers can format a report without knowing how it was made.
"""

from __future__ import annotations

import dataclasses
import enum
from typing import Final

from mlops_lint import lazy_re

SECTION_FAMILIES: Final = {
    1: "documentation",
    2: "traceability",
    3: "code-quality",
    4: "monitoring",
    5: "feature-store",
    6: "explainability",
    7: "ab-testing",
}
EXCERPT_LIMIT: Final = 120
ANCHOR_CANDIDATES: Final = ("README.md", "README.rst", "README.txt", "README", "readme.md", ".mlops-lint.yaml")
"""Where a finding without a file of its own is attached, in order: the first one the repository has."""
_URL: Final = lazy_re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class Verdict(enum.Enum):
    """An answer to one criterion; ERROR marks a crashed detector (our bug, not the repo's)."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"
    NOT_APPLICABLE = "na"
    ERROR = "error"


class Applicability(enum.Enum):
    """When a criterion applies: conditional ones answer na when the use case is absent."""

    ALWAYS = "always"
    REALTIME = "realtime"
    BATCH = "batch"
    AB_TESTING = "ab-testing"


@dataclasses.dataclass(frozen=True, slots=True)
class Criterion:
    """One question of the maturity assessment, as written in `rules/`."""

    number: int
    slug: str
    section: int
    section_title: str
    subsection: str | None
    title: str
    required: bool
    applies_to: Applicability
    lead_in: str | None
    why: str
    how_to_yes: str
    how_to_confirm: str
    source: str

    @property
    def id(self) -> str:
        """The short identifier users type and read, e.g. `Q31`."""
        return f"Q{self.number}"

    @property
    def family(self) -> str:
        """The section slug, e.g. `code-quality`."""
        return SECTION_FAMILIES[self.section]


@dataclasses.dataclass(frozen=True, slots=True)
class Evidence:
    """A place in the repository (or a URL, for confirmations) that supports an answer."""

    path: str
    line: int | None = None
    excerpt: str = ""

    def __post_init__(self) -> None:
        excerpt = " ".join(self.excerpt.split())
        if len(excerpt) > EXCERPT_LIMIT:
            excerpt = excerpt[: EXCERPT_LIMIT - 1] + "…"
        object.__setattr__(self, "excerpt", excerpt)

    @property
    def location(self) -> str:
        """`path:line`, the form terminals and editors make clickable."""
        return self.path if self.line is None else f"{self.path}:{self.line}"

    @property
    def in_repository(self) -> bool:
        """A file of the repository, not a URL (confirmations may cite a wiki page)."""
        return bool(self.path) and not _URL.match(self.path) and not self.path.startswith("/")


@dataclasses.dataclass(frozen=True, slots=True)
class Answer:
    """What a detector (or a person) says about one criterion, and why."""

    verdict: Verdict
    reason: str
    evidence: tuple[Evidence, ...] = ()
    searched: tuple[str, ...] = ()


def yes(reason: str, *evidence: Evidence) -> Answer:
    """A yes always cites evidence; calling this without any is a bug."""
    if not evidence:
        msg = "a yes answer needs evidence"
        raise ValueError(msg)
    return Answer(Verdict.YES, reason, tuple(evidence))


def no(reason: str, *, searched: tuple[str, ...] | list[str] = ()) -> Answer:
    """A no says what was looked for, so a person can check the search."""
    return Answer(Verdict.NO, reason, searched=tuple(searched))


def unknown(reason: str, *evidence: Evidence) -> Answer:
    """The repository cannot settle it; evidence here is a hint, not proof."""
    return Answer(Verdict.UNKNOWN, reason, tuple(evidence))


def not_applicable(reason: str, *evidence: Evidence) -> Answer:
    """A conditional criterion whose use case the repository does not have."""
    return Answer(Verdict.NOT_APPLICABLE, reason, tuple(evidence))


class Source(enum.Enum):
    """Who gave the final answer."""

    DETECTED = "detected"
    CONFIRMED = "confirmed"


@dataclasses.dataclass(frozen=True, slots=True)
class Confirmation:
    """An answer a person recorded in `.mlops-lint.yaml`."""

    number: int
    verdict: Verdict
    evidence: str | None = None
    by: str | None = None
    date: str | None = None
    note: str | None = None
    review_by: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Result:
    """The final answer to one criterion: what was detected and what (if anything) was confirmed."""

    criterion: Criterion
    answer: Answer
    source: Source = Source.DETECTED
    detected: Answer | None = None
    confirmation: Confirmation | None = None
    stale: bool = False  # a confirmation whose review date is before the assessed commit's date

    @property
    def verdict(self) -> Verdict:
        """The verdict that counts."""
        return self.answer.verdict

    @property
    def disagrees(self) -> bool:
        """A confirmation overrides a definite detected answer that says otherwise."""
        return (
            self.detected is not None
            and self.detected.verdict in {Verdict.YES, Verdict.NO, Verdict.NOT_APPLICABLE}
            and self.detected.verdict is not self.answer.verdict
        )


@dataclasses.dataclass(frozen=True, slots=True)
class Warning:
    """Something about one input file the user should know (malformed, too large...)."""

    path: str
    message: str


@dataclasses.dataclass(frozen=True, slots=True)
class Change:
    """One criterion whose verdict differs between the base and now."""

    number: int
    required: bool
    before: Verdict
    after: Verdict
    before_reason: str
    after_reason: str
    lost_evidence: tuple[Evidence, ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class Comparison:
    """What changed versus a base revision or a baseline file, and what the gate counts."""

    base: str | None  # the base commit sha, or None for a baseline file
    head: str | None  # the head commit sha, or None for a dirty work tree
    changed: tuple[Change, ...]
    regressions: tuple[int, ...]
    improvements: tuple[int, ...]
    strict: bool = False
    base_label: str = ""  # what the user named: a ref, or the baseline file


@dataclasses.dataclass(frozen=True, slots=True)
class Report:
    """A finished assessment: everything a renderer needs, and nothing else."""

    tool_version: str
    target_path: str
    revision: str | None
    results: tuple[Result, ...]
    warnings: tuple[Warning, ...] = ()
    notes: tuple[str, ...] = ()
    comparison: Comparison | None = None
    anchor: str = ANCHOR_CANDIDATES[-1]  # the tracked file that findings without a file are attached to

    @property
    def mature(self) -> bool:
        """Mature means every required criterion (sections 1-4) is yes."""
        required = [r for r in self.results if r.criterion.required]
        return bool(required) and all(r.verdict is Verdict.YES for r in required)

    @property
    def complete(self) -> bool:
        """Whether every required criterion was assessed (a --select run is not complete)."""
        return sum(r.criterion.required for r in self.results) == REQUIRED_COUNT

    @property
    def errors(self) -> tuple[Result, ...]:
        """The criteria whose detector crashed."""
        return tuple(r for r in self.results if r.verdict is Verdict.ERROR)

    def counts(self, section: int | None = None) -> dict[str, int]:
        """How many results of each verdict, overall or in one section."""
        tally = {v.value: 0 for v in Verdict}
        for r in self.results:
            if section is None or r.criterion.section == section:
                tally[r.verdict.value] += 1
        return tally

    def sections(self) -> dict[int, tuple[Result, ...]]:
        """The results grouped by section, in order."""
        grouped: dict[int, list[Result]] = {}
        for r in self.results:
            grouped.setdefault(r.criterion.section, []).append(r)
        return {s: tuple(rs) for s, rs in sorted(grouped.items())}

    def findings(self) -> tuple[Finding, ...]:
        """What a code-review tool should flag: regressions first, then every `no` answer.

        A criterion that regressed to no is one finding (the regression), not two. Each finding
        points at a file of the repository: the evidence that disappeared (as it was at the
        base), else its own evidence, else the report's anchor (its README), so that tools that
        require a location (SARIF, GitLab Code Quality) always get one.
        """
        changes = {} if self.comparison is None else {c.number: c for c in self.comparison.changed}
        regressed = set() if self.comparison is None else set(self.comparison.regressions)
        first = [r for r in self.results if r.criterion.number in regressed]
        first.sort(key=lambda r: r.criterion.number)
        found = [self._finding(r, changes[r.criterion.number]) for r in first]
        found += [
            self._finding(r) for r in self.results if r.verdict is Verdict.NO and r.criterion.number not in regressed
        ]
        return tuple(found)

    def _finding(self, result: Result, change: Change | None = None) -> Finding:
        evidence = (*change.lost_evidence, *result.answer.evidence) if change else result.answer.evidence
        local = next((e for e in evidence if e.in_repository), None)
        return Finding(result, change, local or Evidence(self.anchor), anchored=local is None)


@dataclasses.dataclass(frozen=True, slots=True)
class Finding:
    """A result a code-review tool flags: a `no` answer, or a regression when `change` is set."""

    result: Result
    change: Change | None
    location: Evidence
    anchored: bool  # no file of its own: `location` is the report's anchor, not evidence

    @property
    def kind(self) -> str:
        """`regression` or `no`."""
        return "no" if self.change is None else "regression"

    @property
    def key(self) -> str:
        """What identifies a finding across runs, e.g. `Q31:no`: never a line number."""
        return f"{self.result.criterion.id}:{self.kind}"


REQUIRED_COUNT: Final = 46
