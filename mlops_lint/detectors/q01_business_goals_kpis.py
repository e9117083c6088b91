"""Q1 business-goals-kpis: The project's business goals and KPIs are written down and kept current

## How it is detected
Reads the documentation index (README files, docs folders, model cards, notebooks' markdown
cells; Markdown, reStructuredText, AsciiDoc) for a section about the business goal: a heading
such as "Business goals", "KPIs", "Success metrics", "Problem statement", "Project charter"
(also in German, French, Spanish, Portuguese, Dutch and Italian) with real content under it.
Looser headings ("Goals", "Objectives", "Motivation") count when their prose names a KPI, a
business metric or a measurable target. A keyword in a sentence, a heading with nothing (or a
template placeholder) under it do not count. The document's last commit is compared with the
code commits since (`facts/freshness.py`) to judge whether it is kept current.

## Answers
- YES: a business-goal section with real content; evidence is its heading. The reason gives its
  last change and the code commits since (or says freshness could not be checked).
- UNKNOWN: the section exists but looks out of date (at least 30 code commits and 180 days
  after its last change), a goal heading that does not state goals or only links elsewhere, a
  general section (e.g. "Overview") naming two business measures, or documents left unread.
- NO: no such section in the documentation read; the reason names empty headings and passing
  mentions.

## Limits
Goals kept in a wiki or product brief are invisible: confirm them in `.mlops-lint.yaml`.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.doc_topics import business_goals_docs, undocumented
from mlops_lint.facts.freshness import kept_current
from mlops_lint.model import Answer

CRITERION: Final = 1
SEARCHED: Final = (
    "README files, docs/ (Markdown, reStructuredText, AsciiDoc), model cards, notebook markdown",
    "headings: business goals/objectives, KPIs, success metrics, problem statement, project charter",
)


def detect(ctx: Context) -> Answer:
    """Answer from the business-goal sections of the documentation and their freshness."""
    found = ctx.get(business_goals_docs)
    if found.documented:
        first = found.evidence[0]
        return kept_current(ctx, f"business goals are documented in {first.location} '{first.excerpt}'", found.evidence)
    return undocumented(found, "business goals or KPIs", SEARCHED)
