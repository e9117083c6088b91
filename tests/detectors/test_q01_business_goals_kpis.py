"""Q1 business-goals-kpis: goal sections with real content, kept current."""

from __future__ import annotations

from mlops_lint.detectors import q01_business_goals_kpis as q01
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext, MakeRepo
from tests.detectors.docs_history import leave_behind

GOALS = (
    "## Business goals\n\nCut fraud losses by 20% this year; the KPI is the monthly chargeback rate per 1,000 orders.\n"
)


def test_yes_cites_the_goal_section_and_its_freshness(make_ctx: MakeContext) -> None:
    answer = q01.detect(make_ctx("documented-churn-service"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("README.md", 5, "Business goals and KPIs"),)
    assert "last changed 2026-01-01, 0 code commits since, up to 2026-01-01" in answer.reason


def test_headings_in_other_languages_count(make_ctx: MakeContext) -> None:
    readme = "# Betrug\n\n## Geschäftsziele und Kennzahlen\n\nWir senken die Betrugsverluste um 20 % pro Jahr; gemessen wird die Rückbuchungsquote je 1.000 Bestellungen.\n"
    answer = q01.detect(make_ctx(files={"README.md": readme}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("README.md", 3, "Geschäftsziele und Kennzahlen"),)


def test_a_goals_heading_counts_when_it_names_a_measurable_target(make_ctx: MakeContext) -> None:
    readme = "# Fraud\n\n## Goals\n\nReduce chargebacks by 20% within a year, measured as the chargeback rate per 1,000 orders.\n"
    assert q01.detect(make_ctx(files={"README.md": readme})).verdict is Verdict.YES


def test_unknown_for_a_goals_heading_without_a_target(make_ctx: MakeContext) -> None:
    readme = "# Fraud\n\n## Goals\n\nLearn how to build a fraud model with open-source tools and share the notebooks with the team.\n"
    answer = q01.detect(make_ctx(files={"README.md": readme}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("README.md", 3, "Goals"),)


def test_unknown_when_the_goal_section_only_links_elsewhere(make_ctx: MakeContext) -> None:
    readme = "# Fraud\n\n## Business goals\n\nSee [the product brief](https://wiki.example.com/fraud).\n"
    answer = q01.detect(make_ctx(files={"README.md": readme}))
    assert answer.verdict is Verdict.UNKNOWN
    assert "only links elsewhere" in answer.reason


def test_no_for_an_empty_template_heading(make_ctx: MakeContext) -> None:
    answer = q01.detect(make_ctx("docs-template-placeholders"))
    assert answer.verdict is Verdict.NO
    assert "the 'Business goals' heading at README.md:5 has nothing under it" in answer.reason
    assert answer.searched


def test_a_keyword_in_a_sentence_is_not_a_documented_goal(make_ctx: MakeContext) -> None:
    readme = (
        "# Fraud model\n\nThis model will eventually help the business reach its KPIs, once someone writes them down.\n"
    )
    answer = q01.detect(make_ctx(files={"README.md": readme}))
    assert answer.verdict is Verdict.NO
    assert "README.md:1 only mentions it in passing" in answer.reason


def test_unknown_when_the_goals_were_left_behind_by_the_code(make_repo: MakeRepo) -> None:
    ctx = leave_behind(make_repo(files={"README.md": "# Fraud\n\n" + GOALS}))
    answer = q01.detect(ctx)
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.reason.endswith(
        "but it may be out of date: README.md last changed 2026-01-01, 35 code commits since, up to 2026-09-03; "
        "confirm it is current"
    )
    assert answer.evidence == (Evidence("README.md", 3, "Business goals"),)


def test_a_folder_without_git_keeps_the_yes_and_says_freshness_was_not_checked(make_ctx: MakeContext) -> None:
    answer = q01.detect(make_ctx(files={"README.md": "# Fraud\n\n" + GOALS}, use_git=False))
    assert answer.verdict is Verdict.YES
    assert answer.reason.endswith("freshness not checked (no git history)")


def test_an_untracked_document_does_not_count(make_ctx: MakeContext) -> None:
    answer = q01.detect(make_ctx(files={"README.md": "# Fraud\n"}, dirty={"docs/goals.md": "# Goals\n\n" + GOALS}))
    assert answer.verdict is Verdict.NO


def test_unknown_when_an_overview_states_business_measures(make_ctx: MakeContext) -> None:
    readme = "# Fraud\n\n## Overview\n\nThe model should cut chargebacks by 20% this year; the KPI is the chargeback rate per order.\n"
    answer = q01.detect(make_ctx(files={"README.md": readme}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("README.md", 3, "Overview"),)
