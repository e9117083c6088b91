"""Q2 team-responsibilities: An up-to-date overview lists everyone on the ML project and what each person owns

## How it is detected
Reads the documentation index for a team section ("Team", "Roles and responsibilities",
"Ownership", "Maintainers", "Contacts", "RACI", "Stakeholders", and the same in German, French,
Spanish, Portuguese, Dutch and Italian) whose prose names roles or responsibilities (owner,
lead, engineer, data scientist, responsible, on-call...), and for team files (MAINTAINERS,
OWNERS, TEAM.md, RACI.md) that state roles. The document's last commit is compared with the
code commits since (`facts/freshness.py`) to judge whether the overview is current.

## Answers
- YES: a team section or file stating roles; evidence is its heading or path. The reason gives
  its last change and the code commits since (or says freshness could not be checked).
- UNKNOWN: the overview looks out of date (at least 30 code commits and 180 days after its last
  change); a team, authors or contributors list without responsibilities; a team heading that
  only links elsewhere; only a CODEOWNERS file (owners of paths, not responsibilities); or
  documents left unread.
- NO: nothing of the above in the documentation read.

## Limits
Team pages usually live in a wiki or HR tool: confirm them in `.mlops-lint.yaml`.
"""

from __future__ import annotations

from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts.codeowners import codeowners
from mlops_lint.facts.doc_topics import team_docs, team_files, undocumented
from mlops_lint.facts.freshness import kept_current
from mlops_lint.model import Answer, Evidence

CRITERION: Final = 2
SEARCHED: Final = (
    "README files, docs/ and notebook markdown: team, roles, responsibilities, ownership, contacts sections",
    "MAINTAINERS, OWNERS, TEAM.md, RACI.md, CODEOWNERS",
)


def detect(ctx: Context) -> Answer:
    """Answer from team sections and files, and their freshness."""
    found = ctx.get(team_docs)
    roles, names = team_files(ctx)
    evidence = (*found.evidence, *roles)
    if evidence:
        return kept_current(ctx, f"the team and its roles are described in {evidence[0].location}", evidence)
    owners = ctx.get(codeowners)
    extra: list[Evidence] = [*names]
    if owners.path is not None:
        extra.append(Evidence(owners.path, None, "CODEOWNERS: owners of paths, not responsibilities"))
    return undocumented(found, "team roles and responsibilities", SEARCHED, *extra)
