"""The code-review formats: SARIF for GitHub code scanning, GitLab Code Quality, GitHub annotations.

SARIF is validated against the OASIS schema (a copy in tests/data) and against the extra rules
GitHub's code scanning applies on upload; the GitLab report against the fields GitLab
documents; annotations by decoding them the way the Actions runner does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from mlops_lint.assess import assess, assess_against
from mlops_lint.cli import main
from mlops_lint.model import Answer, Change, Comparison, Evidence, Report, Result, Verdict
from mlops_lint.render import github, gitlab, sarif
from mlops_lint.rules import load_criteria
from tests.conftest import MakeRepo, git

SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
PRECOMMIT = """\
repos:
  - repo: https://github.com/astral-sh/ruff-pre-commit
    rev: v0.8.4
    hooks:
      - id: ruff
"""
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def github_problems(log: dict[str, Any]) -> list[str]:
    """What GitHub code scanning would reject or mishandle in a SARIF log, beyond the schema.

    From GitHub's "SARIF support for code scanning" and the sarif-sdk's GitHub rules (GH1001-GH1007):
    a driver name, rules with id, descriptions and help; each result with a ruleId the driver
    declares, a flat message, a location whose uri is relative to the repository and has a
    region.startLine, and partialFingerprints; at most 25,000 results and 20 runs.
    """
    problems: list[str] = []
    if log.get("version") != "2.1.0" or not 1 <= len(log.get("runs", [])) <= 20:
        problems.append("version 2.1.0 with 1 to 20 runs")
    for run in log.get("runs", []):
        driver = run.get("tool", {}).get("driver", {})
        rules = driver.get("rules", [])
        ids = [r.get("id") for r in rules]
        if not driver.get("name") or len(set(ids)) != len(ids):
            problems.append("driver name and unique rule ids")
        for rule in rules:
            missing = [k for k in ("shortDescription", "fullDescription", "help") if not rule.get(k, {}).get("text")]
            problems += [f"rule {rule.get('id')}: {k}.text" for k in missing]
        results = run.get("results", [])
        if len(results) > 25_000:
            problems.append("more than 25,000 results")
        for n, result in enumerate(results):
            problems += [f"result {n}: {p}" for p in _result_problems(result, ids)]
    return problems


def _result_problems(result: dict[str, Any], rule_ids: list[str]) -> list[str]:
    problems = []
    if result.get("ruleId") not in rule_ids:
        problems.append("ruleId not among the driver's rules")
    elif "ruleIndex" in result and rule_ids[result["ruleIndex"]] != result["ruleId"]:
        problems.append("ruleIndex points at another rule")
    if not result.get("message", {}).get("text"):
        problems.append("message.text")
    if not result.get("partialFingerprints"):
        problems.append("partialFingerprints")
    locations = result.get("locations") or []
    if not 1 <= len(locations) <= 10:
        problems.append("1 to 10 locations")
    for location in locations:
        physical = location.get("physicalLocation", {})
        uri = physical.get("artifactLocation", {}).get("uri", "")
        if not uri or SCHEME.match(uri) or uri.startswith(("/", "../")) or "\\" in uri:
            problems.append(f"uri {uri!r} is not relative to the repository")
        if physical.get("region", {}).get("startLine", 0) < 1:
            problems.append("region.startLine")
    return problems


def validate_sarif(text: str) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(text)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    jsonschema.Draft4Validator(schema).validate(log)
    assert github_problems(log) == []
    return log


@pytest.fixture
def regressed(make_repo: MakeRepo) -> Report:
    """A repository whose last commit deletes its pre-commit configuration (Q31 yes -> no)."""
    root = make_repo(
        files={".pre-commit-config.yaml": PRECOMMIT, "README.md": "# churn model\n", "src/a.py": "x = 1\n"}
    )
    git(root, "rm", "-q", ".pre-commit-config.yaml")
    git(root, "commit", "-q", "-m", "drop hooks")
    return assess_against(root, base="HEAD~1")


def _report(answers: dict[int, Answer], *, comparison: Comparison | None = None, anchor: str = "README.md") -> Report:
    results = tuple(
        Result(c, answers.get(c.number, Answer(Verdict.YES, "ok", (Evidence("ok.py", 1),)))) for c in load_criteria()
    )
    return Report("0.1.0", ".", "abc", results, comparison=comparison, anchor=anchor)


def _regression(number: int, *lost: Evidence) -> Comparison:
    change = Change(number, required=True, before=Verdict.YES, after=Verdict.NO, before_reason="found",
                    after_reason="gone now", lost_evidence=lost)  # fmt: skip
    return Comparison("b" * 40, "h" * 40, (change,), (number,), (), base_label="origin/main")


# --- SARIF -------------------------------------------------------------------------------------


def test_sarif_of_a_real_regression_is_valid_and_leads_with_it(regressed: Report) -> None:
    log = validate_sarif(sarif.render(regressed))
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [f"Q{n}" for n in range(1, 61)]
    assert run["automationDetails"] == {"id": "mlops-lint/"}
    first = run["results"][0]
    assert (first["ruleId"], first["level"], first["properties"]["finding"]) == ("Q31", "error", "regression")
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": ".pre-commit-config.yaml", "uriBaseId": "SRCROOT"},
        "region": {"startLine": 5},
    }
    assert "Evidence gone: .pre-commit-config.yaml:5 (as at the base)" in first["message"]["text"]
    assert [r["ruleId"] for r in run["results"]].count("Q31") == 1  # the regression, not also a plain no


def test_sarif_rules_come_from_the_catalog() -> None:
    log = validate_sarif(sarif.render(_report({})))
    q31 = log["runs"][0]["tool"]["driver"]["rules"][30]
    criterion = load_criteria()[30]
    assert q31["id"] == "Q31"
    assert q31["name"] == "pre-commit-hooks"
    assert q31["shortDescription"]["text"] == criterion.title
    assert q31["fullDescription"]["text"] == criterion.why
    assert criterion.how_to_yes in q31["help"]["text"]
    assert "### How to get to yes\n" + criterion.how_to_yes in q31["help"]["markdown"]
    assert "mlops-lint confirm 31 --answer yes" in q31["help"]["markdown"]
    assert q31["helpUri"] == criterion.source
    assert q31["properties"]["tags"] == ["mlops", "code-quality", "required"]
    assert log["runs"][0]["tool"]["driver"]["rules"][50]["defaultConfiguration"] == {"level": "note"}
    assert log["runs"][0]["results"] == []  # every answer is yes: nothing to flag


def test_sarif_levels_by_section_and_kind() -> None:
    answers = {9: Answer(Verdict.NO, "no IaC"), 55: Answer(Verdict.NO, "no explanations")}
    log = validate_sarif(sarif.render(_report(answers, comparison=_regression(31, Evidence("ci.yml", 3)))))
    levels = {r["ruleId"]: r["level"] for r in log["runs"][0]["results"]}
    assert levels == {"Q31": "error", "Q9": "error", "Q55": "note"}


def test_a_finding_without_a_file_is_attached_to_the_readme_and_says_so() -> None:
    log = validate_sarif(sarif.render(_report({2: Answer(Verdict.NO, "no team page", searched=("TEAM.md",))})))
    result = log["runs"][0]["results"][0]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "README.md"
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    assert result["properties"]["anchored"] is True
    assert result["message"]["text"] == (
        "Q2 is no: An up-to-date overview lists everyone on the ML project and what each person owns. "
        "No team page. Looked for: TEAM.md. No file holds this practice yet, so this is attached to README.md. "
        "`mlops-lint explain 2` tells how to get to yes."
    )


def test_a_url_is_never_a_location() -> None:
    confirmed = Answer(Verdict.NO, "confirmed by bob", (Evidence("https://wiki.example.com/team"),))
    log = validate_sarif(sarif.render(_report({2: confirmed}, anchor=".mlops-lint.yaml")))
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location["uri"] == ".mlops-lint.yaml"


def test_fingerprints_are_per_criterion_and_kind_never_per_line() -> None:
    def fingerprints(report: Report) -> dict[str, str]:
        results = json.loads(sarif.render(report))["runs"][0]["results"]
        return {f"{r['ruleId']}:{r['properties']['finding']}": r["partialFingerprints"][sarif.FINGERPRINT_KEY]
                for r in results}  # fmt: skip

    no_here = Answer(Verdict.NO, "partial", (Evidence("ci.yml", 3),))
    no_there = Answer(Verdict.NO, "partial, moved", (Evidence("ci.yml", 40),))
    one = fingerprints(_report({33: no_here, 9: Answer(Verdict.NO, "x")}, comparison=_regression(31)))
    two = fingerprints(_report({33: no_there, 9: Answer(Verdict.NO, "y")}, comparison=_regression(31)))
    assert one == two
    assert set(one) == {"Q31:regression", "Q33:no", "Q9:no"}
    assert len(set(one.values())) == 3
    plain = fingerprints(_report({31: Answer(Verdict.NO, "gone")}))
    assert plain["Q31:no"] != one["Q31:regression"]


def test_repository_text_cannot_make_sarif_links() -> None:
    evil = Answer(Verdict.NO, "see [here](1) and \\[x]")
    text = json.loads(sarif.render(_report({1: evil})))["runs"][0]["results"][0]["message"]["text"]
    assert "See \\[here\\](1) and \\\\\\[x\\]." in text


def test_the_github_checks_catch_what_code_scanning_rejects(regressed: Report) -> None:
    log = json.loads(sarif.render(regressed))
    result = log["runs"][0]["results"][0]
    del result["partialFingerprints"]
    result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "file:///home/me/repo/a.yml"
    del result["locations"][0]["physicalLocation"]["region"]
    log["runs"][0]["results"][1]["ruleId"] = "Q99"
    assert github_problems(log) == [
        "result 0: partialFingerprints",
        "result 0: uri 'file:///home/me/repo/a.yml' is not relative to the repository",
        "result 0: region.startLine",
        "result 1: ruleId not among the driver's rules",
    ]


def test_the_anchor_is_the_readme_the_repository_has(make_repo: MakeRepo) -> None:
    assert assess(make_repo(files={"README.rst": "x\n", "a.py": ""}), select=["2"]).anchor == "README.rst"
    assert assess(make_repo(files={"a.py": ""}), select=["2"]).anchor == ".mlops-lint.yaml"


def test_cli_writes_sarif_and_still_gates(tmp_path: Path, make_repo: MakeRepo) -> None:
    root = make_repo(files={".pre-commit-config.yaml": PRECOMMIT, "a.py": ""})
    git(root, "rm", "-q", ".pre-commit-config.yaml")
    git(root, "commit", "-q", "-m", "drop hooks")
    out = tmp_path / "mlops-lint.sarif"
    assert main([str(root), "--base", "HEAD~1", "--format", "sarif", "-o", str(out)]) == 1
    log = validate_sarif(out.read_text(encoding="utf-8"))
    assert log["runs"][0]["results"][0]["ruleId"] == "Q31"
    assert log["runs"][0]["properties"]["regressions"] == ["Q31"]


# --- GitLab Code Quality -----------------------------------------------------------------------

# The fields GitLab documents for a Code Quality report (docs.gitlab.com, "Code Quality",
# "Code Quality report format"): an array of issues, each with these, all required.
CODE_QUALITY_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "pattern": "^(?![/\\\\]|[A-Za-z][A-Za-z0-9+.-]*:)"},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def validate_code_quality(text: str) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = json.loads(text)
    jsonschema.Draft202012Validator(CODE_QUALITY_SCHEMA).validate(issues)
    assert len({i["fingerprint"] for i in issues}) == len(issues), "GitLab shows one issue per fingerprint"
    return issues


def test_gitlab_report_of_a_real_regression(regressed: Report) -> None:
    issues = validate_code_quality(gitlab.render(regressed))
    assert issues[0] == {
        "description": "Q31 regressed versus HEAD~1 (yes -> no): Pre-commit hooks enforce the team's code-quality "
        "rules before code is pushed. Evidence gone: .pre-commit-config.yaml:5. See `mlops-lint explain 31`.",
        "check_name": "mlops-lint/Q31-pre-commit-hooks",
        "fingerprint": issues[0]["fingerprint"],
        "severity": "blocker",
        "location": {"path": ".pre-commit-config.yaml", "lines": {"begin": 5}},
    }
    anchored = next(i for i in issues if i["check_name"] == "mlops-lint/Q2-team-responsibilities")
    assert anchored["location"] == {"path": "README.md", "lines": {"begin": 1}}
    assert "(No file holds this practice yet.)" in anchored["description"]


def test_gitlab_severities_and_stable_fingerprints() -> None:
    answers = {9: Answer(Verdict.NO, "no IaC", (Evidence("infra/x", 2),)), 55: Answer(Verdict.NO, "none")}
    issues = validate_code_quality(gitlab.render(_report(answers, comparison=_regression(31))))
    assert [(i["check_name"], i["severity"]) for i in issues] == [
        ("mlops-lint/Q31-pre-commit-hooks", "blocker"),
        ("mlops-lint/Q9-infrastructure-as-code", "major"),
        ("mlops-lint/Q55-explanations-understandable", "info"),
    ]
    moved = {9: Answer(Verdict.NO, "no IaC", (Evidence("infra/x", 90),)), 55: answers[55]}
    again = validate_code_quality(gitlab.render(_report(moved, comparison=_regression(31))))
    assert [i["fingerprint"] for i in again] == [i["fingerprint"] for i in issues]
    assert again[1]["location"]["lines"]["begin"] == 90


def test_gitlab_shape_check_can_fail() -> None:
    broken = [{"description": "x", "check_name": "c", "fingerprint": "f" * 32, "severity": "high",
               "location": {"path": "/abs", "lines": {"begin": 0}}}]  # fmt: skip
    errors = list(jsonschema.Draft202012Validator(CODE_QUALITY_SCHEMA).iter_errors(broken))
    assert len(errors) == 3


def test_cli_gitlab_format(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(make_repo(files={"README.md": "# x\n"})), "--format", "gitlab"]) == 0
    issues = validate_code_quality(capsys.readouterr().out)
    assert issues
    assert all(i["location"]["path"] == "README.md" for i in issues if "(No file holds" in i["description"])


# --- GitHub workflow commands ------------------------------------------------------------------

COMMAND = re.compile(r"^::(?P<name>[a-z]+)(?: (?P<props>[^:]*))?::(?P<message>.*)$")


def decode(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command as the runner reads it: split, then unescape."""
    match = COMMAND.match(line)
    assert match, line

    def unescape(text: str) -> str:
        for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
            text = text.replace(code, char)
        return text

    props = dict(p.split("=", 1) for p in match["props"].split(",")) if match["props"] else {}
    return match["name"], {k: unescape(v) for k, v in props.items()}, unescape(match["message"])


def test_annotations_for_regressions_and_required_no_answers(regressed: Report) -> None:
    lines = github.render(regressed).splitlines()
    name, props, message = decode(lines[0])
    assert (name, props) == (
        "error",
        {"file": ".pre-commit-config.yaml", "line": "5", "title": "Q31 pre-commit-hooks regressed (yes -> no)"},
    )
    assert message.splitlines()[1] == "evidence gone since HEAD~1: .pre-commit-config.yaml:5"
    kinds = [decode(line)[0] for line in lines]
    assert kinds[-1] == "notice"
    assert set(kinds[1:-1]) == {"warning"}
    flagged = {decode(line)[1]["title"].split()[0] for line in lines[:-1]}
    required_no = {r.criterion.id for r in regressed.results if r.verdict is Verdict.NO and r.criterion.required}
    assert flagged == required_no
    assert decode(lines[-1])[2].startswith("not mature yet: ")
    assert decode(lines[-1])[2].endswith("; 1 regression(s) versus HEAD~1")


def test_annotation_escaping_survives_hostile_text() -> None:
    path = "we,ird:dir/100%\nfile.yml"
    reason = "50% done\r\n::error::injected, really"
    report = _report({33: Answer(Verdict.NO, reason, (Evidence(path, 7),))})
    (line, summary) = github.render(report).splitlines()  # the runner reads commands at line starts only
    name, props, message = decode(line)
    assert (name, props["file"], props["line"]) == ("warning", path, "7")
    assert reason in message
    assert decode(summary)[0] == "notice"


def test_annotation_escaping_matches_the_runner() -> None:
    assert github.escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert github.escape_property("a: b, c%") == "a%3A b%2C c%25"
    assert github.command("error", "m", file="a.py", line=None, title="x") == "::error file=a.py,title=x::m"


def test_sections_5_to_7_never_annotate_and_file_less_findings_have_no_file() -> None:
    report = _report({55: Answer(Verdict.NO, "none"), 2: Answer(Verdict.NO, "no team page")})
    lines = github.render(report).splitlines()
    assert len(lines) == 2
    name, props, _ = decode(lines[0])
    assert (name, props) == ("warning", {"title": "Q2 team-responsibilities: no"})


def test_mature_summary() -> None:
    assert (
        github.render(_report({})) == "::notice title=MLOps maturity::mature: every criterion of sections 1-4 is yes\n"
    )


def test_cli_github_format(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(files={"README.md": "# x\n", ".mlops-lint.yaml": "answers:\n  2: {answer: no, by: ana}\n"})
    assert main([str(root), "--format", "github"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(decode(line)[1].get("title") == "Q2 team-responsibilities: no" for line in lines)


def test_findings_put_regressions_first_and_skip_other_verdicts() -> None:
    answers = {
        1: Answer(Verdict.NO, "a"),
        2: Answer(Verdict.UNKNOWN, "b"),
        3: Answer(Verdict.NOT_APPLICABLE, "c"),
        40: Answer(Verdict.NO, "d"),
    }
    report = _report(answers, comparison=_regression(40, Evidence("https://x.example"), Evidence("alerts.tf", 9)))
    found = report.findings()
    assert [(f.result.criterion.number, f.kind) for f in found] == [(40, "regression"), (1, "no")]
    assert found[0].location == Evidence("alerts.tf", 9)
    assert not found[0].anchored
