"""CODEOWNERS parsing and ownership: last match wins, `*` stays in its folder, GitLab sections."""

from __future__ import annotations

from mlops_lint.facts.codeowners import CodeOwners, codeowners, parse_codeowners
from mlops_lint.model import Evidence
from tests.conftest import MakeContext

TEXT = """# comment
*            @org/all
/infra/      @org/platform  # trailing comment
docs/*       @docs
*.tf         @tf-team
/infra/old/
[Data][2] @data-team
/data/
^[Optional] @opt
/data/raw/   @raw
"""


def test_rules_and_last_match_wins() -> None:
    owners = CodeOwners("CODEOWNERS", parse_codeowners(TEXT))
    assert [(r.pattern, r.owners, r.line, r.section) for r in owners.rules][:3] == [
        ("*", ("@org/all",), 2, None),
        ("/infra/", ("@org/platform",), 3, None),
        ("docs/*", ("@docs",), 4, None),
    ]
    rule = owners.rule_for("infra/main.tf")
    assert rule is not None
    assert rule.line == 5
    assert owners.owners_of("infra/modules/net.yaml") == ("@org/platform",)
    assert owners.owners_of("infra/old/x.yaml") == ()  # a pattern without owners un-owns
    assert owners.owners_of("docs/a/b.md") == ("@org/all",)  # docs/* does not cross a folder


def test_gitlab_sections_each_apply() -> None:
    owners = CodeOwners("CODEOWNERS", parse_codeowners(TEXT))
    assert owners.owners_of("data/raw/x.csv") == ("@org/all", "@data-team", "@raw")
    assert owners.cite(owners.covering(["data/raw/x.csv"])[-1]) == Evidence("CODEOWNERS", 10, "/data/raw/ @raw")


def test_file_lookup_order_and_absence(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"CODEOWNERS": "* @a\n", ".github/CODEOWNERS": "* @b\n"})
    assert ctx.get(codeowners).owners_of("x.py") == ("@b",)
    assert make_ctx(files={"a.py": "1\n"}).get(codeowners) == CodeOwners(None)
