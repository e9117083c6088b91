"""Q2 team-responsibilities: team sections and files that state roles, kept current."""

from __future__ import annotations

from mlops_lint.detectors import q02_team_responsibilities as q02
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext, MakeRepo
from tests.detectors.docs_history import leave_behind

TEAM = "## Team\n\n- Ana: product owner, signs off the KPIs\n- Ben: data scientist, owns training\n- Chen: ML engineer, on-call\n"


def test_yes_cites_the_team_table(make_ctx: MakeContext) -> None:
    answer = q02.detect(make_ctx("documented-churn-service"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("README.md", 11, "Team and responsibilities"),)
    assert "0 code commits since" in answer.reason


def test_yes_for_a_maintainers_file_with_roles(make_ctx: MakeContext) -> None:
    maintainers = (
        "Ana Silva <ana@example.com> - product owner, responsible for sign-off\nBen <ben@example.com> - ML engineer\n"
    )
    answer = q02.detect(make_ctx(files={"MAINTAINERS": maintainers}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("MAINTAINERS", None, "team file with roles"),)


def test_yes_for_an_owners_line_with_roles_in_a_model_card(make_ctx: MakeContext) -> None:
    card = "# Model card\n\n- **Owners:** Ana Silva (ML lead), Ben Okafor (engineering lead), Chen Wu (project lead)\n"
    answer = q02.detect(make_ctx(files={"MODEL_CARD.md": card}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("MODEL_CARD.md", 1, "Model card"),)


def test_unknown_for_a_team_section_naming_people_without_roles(make_ctx: MakeContext) -> None:
    readme = "# Churn\n\n## Team\n\nThis project was built by Ana Silva, Ben Okafor and Chen Wu during the spring semester.\n"
    answer = q02.detect(make_ctx(files={"README.md": readme}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("README.md", 3, "Team"),)


def test_unknown_when_only_codeowners_names_owners(make_ctx: MakeContext) -> None:
    answer = q02.detect(make_ctx(files={".github/CODEOWNERS": "* @acme/ml-team\n"}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (
        Evidence(".github/CODEOWNERS", None, "CODEOWNERS: owners of paths, not responsibilities"),
    )


def test_no_for_a_placeholder_team_heading(make_ctx: MakeContext) -> None:
    answer = q02.detect(make_ctx("docs-template-placeholders"))
    assert answer.verdict is Verdict.NO
    assert "the 'Team' heading at README.md:9 has nothing under it" in answer.reason


def test_iam_roles_are_not_a_team(make_ctx: MakeContext) -> None:
    docs = "# Setup\n\n## IAM roles\n\nThe service principal needs the Contributor role; the owner of the subscription grants it.\n"
    assert q02.detect(make_ctx(files={"docs/setup.md": docs})).verdict is Verdict.NO


def test_an_untracked_team_file_does_not_count(make_ctx: MakeContext) -> None:
    answer = q02.detect(make_ctx(files={"README.md": "# Churn\n"}, dirty={"TEAM.md": "# Team\n\n" + TEAM}))
    assert answer.verdict is Verdict.NO


def test_unknown_when_the_team_page_was_left_behind(make_repo: MakeRepo) -> None:
    answer = q02.detect(leave_behind(make_repo(files={"docs/team.md": "# Churn\n\n" + TEAM})))
    assert answer.verdict is Verdict.UNKNOWN
    assert "docs/team.md last changed 2026-01-01, 35 code commits since" in answer.reason
