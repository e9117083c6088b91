"""The Markdown report for PR comments and job summaries: the lines that matter, escaping, size budget."""

from __future__ import annotations

import dataclasses
import re

import pytest

from mlops_lint.assess import assess_against
from mlops_lint.model import Answer, Change, Comparison, Confirmation, Evidence, Report, Result, Source, Verdict
from mlops_lint.model import Warning as ReportWarning
from mlops_lint.render import markdown
from mlops_lint.rules import load_criteria
from tests.conftest import MakeRepo, git

YES = Answer(Verdict.YES, "ok", (Evidence("ok.py", 1),))


def _report(answers: dict[int, Answer], **fields: object) -> Report:
    results = tuple(Result(c, answers.get(c.number, YES)) for c in load_criteria())
    report = Report("0.1.0", ".", "abc", results)
    return dataclasses.replace(report, **fields)  # type: ignore[arg-type]


def test_a_real_regression_leads_the_comment(make_repo: MakeRepo) -> None:
    hooks = "repos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    rev: v0.8.4\n    hooks:\n      - id: ruff\n"
    root = make_repo(files={".pre-commit-config.yaml": hooks, "README.md": "# x\n"})
    git(root, "rm", "-q", ".pre-commit-config.yaml")
    git(root, "commit", "-q", "-m", "drop hooks")
    lines = markdown.render(assess_against(root, base="HEAD~1")).splitlines()
    assert lines[0] == "## MLOps maturity: **not mature yet** (0 of 46 criteria of sections 1-4 are yes)"
    assert lines[2] == "### ❌ 1 regression(s) versus HEAD\\~1"
    assert lines[6] == (
        "| ❌ regression | **Q31** Pre-commit hooks enforce the team's code-quality rules before code is pushed "
        "| ✅ yes | ❌ no | no git hook configuration is tracked \\(pre-commit, lefthook, husky, overcommit\\)"
        "<br>evidence gone: **.pre-commit-config.yaml\\:5** id\\: ruff |"
    )
    assert lines.index("| Section | ✅ yes | ❌ no | ❔ unknown | ➖ n/a |") == 8


def test_counts_per_section_mark_what_is_beyond_maturity() -> None:
    out = markdown.render(_report({9: Answer(Verdict.NO, "none"), 50: Answer(Verdict.UNKNOWN, "?")}))
    assert "| 2. Traceability and reproducibility | 19 | 1 | 0 | 0 |" in out.splitlines()
    assert "| 5. Data transformation pipelines & Feature store *(beyond maturity)* | 6 | 0 | 1 | 0 |" in out
    assert out.startswith("## MLOps maturity: **not mature yet** (45 of 46 criteria of sections 1-4 are yes)\n")


def test_criteria_to_confirm_and_how() -> None:
    conf = Confirmation(34, Verdict.YES, "https://x.example", "ana", "2025-01-01", review_by="2025-06-01")
    stale = Result(load_criteria()[33], YES, Source.CONFIRMED, None, conf, stale=True)
    report = _report({18: Answer(Verdict.UNKNOWN, "server setting"), 55: Answer(Verdict.UNKNOWN, "?")})
    report = dataclasses.replace(
        report, results=tuple(stale if r.criterion.number == 34 else r for r in report.results)
    )
    lines = markdown.render(report).splitlines()
    start = lines.index("### ❔ 2 criteria need a person's answer")
    assert lines[start + 2 : start + 7] == [
        "The repository cannot settle Q18, Q34. Record what is true once, in `.mlops-lint.yaml`:",
        "",
        "```sh",
        "mlops-lint confirm 18 --answer yes --evidence URL --by NAME   # or --answer no, na",
        "```",
    ]
    q18 = next(line for line in lines if line.startswith("- **Q18**"))
    assert q18 == f"- **Q18** {load_criteria()[17].title}: {load_criteria()[17].how_to_confirm}"
    assert any(line.startswith("- **Q34**") and "(confirmation is stale)" in line for line in lines)


def test_nothing_to_confirm_means_no_confirm_section() -> None:
    assert "need a person's answer" not in markdown.render(_report({}))


def test_partial_assessment_says_so() -> None:
    report = _report({})
    report = dataclasses.replace(report, results=report.results[:10])
    assert markdown.render(report).splitlines()[0] == (
        "## MLOps maturity: **partial assessment** (10 of 10 selected criteria of sections 1-4 are yes)"
    )


@pytest.mark.parametrize(
    ("name", "escaped"),
    [
        ("a|b.tf", "a\\|b.tf"),
        ("`rm -rf`.py", "\\`rm -rf\\`.py"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert\\(1\\)&gt;"),
        ("@octocat/team", "@\u200bocto"),
        ("line\nbreak\r\n## heading", "line break  #\u200b#\u200b heading"),
        ("fixes #12.md", "fixes #\u200b12.md"),
        ("[x](https://evil.example)", "\\[x\\]\\(https\\://evil.example\\)"),
        ("&amp;lt;", "&amp;amp;lt;"),
    ],
)
def test_repository_names_are_inert(name: str, escaped: str) -> None:
    report = _report({9: Answer(Verdict.YES, name, (Evidence(name, 3, name),))})
    row = next(line for line in markdown.render(report).splitlines() if line.startswith("| ✅ yes | **Q9**"))
    assert escaped in row
    assert row.count(" | ") == 2  # still three cells: a `|` in a name cannot add one
    for raw in ("<img", "@octocat", "#12", "](https", "\n"):
        assert raw not in row


def _huge() -> Report:
    long_path = "very/" * 60 + "deep|name<x>.yaml"
    evidence = tuple(Evidence(f"{long_path}{i}", i + 1, "x" * 200) for i in range(50))
    verdicts = {0: Verdict.NO, 1: Verdict.YES, 2: Verdict.YES}
    answers = {c.number: Answer(verdicts[c.number % 3] if c.number % 10 else Verdict.UNKNOWN, "r" * 300, evidence)
               for c in load_criteria()}  # fmt: skip
    changes = tuple(
        Change(
            n,
            required=n <= 46,
            before=Verdict.YES,
            after=Verdict.NO,
            before_reason="was",
            after_reason="w" * 300,
            lost_evidence=evidence,
        )
        for n in range(1, 61, 2)
    )
    regressions = tuple(c.number for c in changes if c.required)
    comparison = Comparison("b" * 40, "h" * 40, changes, regressions, (), base_label="origin/main")
    warnings = tuple(ReportWarning(f"{long_path}{i}", "malformed: " + "y" * 100) for i in range(5000))
    return _report(answers, comparison=comparison, warnings=warnings)


def test_a_huge_report_fits_a_github_comment() -> None:
    report = _huge()
    assert len(markdown.render(report)) > 5 * markdown.GITHUB_COMMENT_LIMIT
    out = markdown.render(report, max_chars=markdown.GITHUB_COMMENT_LIMIT)
    assert len(out) <= markdown.GITHUB_COMMENT_LIMIT
    lines = out.splitlines()
    assert lines[0].startswith("## MLOps maturity: **not mature yet**")
    assert lines[2] == "### ❌ 23 regression(s) versus origin/main"
    assert sum(line.startswith("| ❌ regression | ") for line in lines) == 23
    assert "evidence gone: **very/" in out
    assert "| 1. Documentation | 6 | 2 | 0 | 0 |" in lines
    assert out.count("<details>") == out.count("</details>")
    assert lines[-1].endswith("folded to fit: reasons without evidence</sub>")


def test_folding_goes_step_by_step() -> None:
    report = _huge()
    full = markdown.render(report)
    steps = [markdown.render(report, max_chars=n) for n in (len(full), len(full) - 1)]
    assert steps[0] == full
    assert "folded to fit: one piece of evidence per criterion" in steps[1]
    assert "- … and 4980 more" in steps[1]


def test_a_tiny_budget_cuts_at_a_line_and_closes_what_it_opened() -> None:
    for budget in (20_000, 5_000, 1_500):
        out = markdown.render(_huge(), max_chars=budget)
        assert len(out) <= budget
        assert out.endswith(markdown.TRUNCATED)
        assert out.count("<details>") == out.count("</details>")
        assert out.count("```") % 2 == 0
        assert out.startswith("## MLOps maturity: ")
    assert len(markdown.render(_huge(), max_chars=100)) <= 100


def test_a_cut_inside_the_confirm_command_closes_its_code_block() -> None:
    report = _huge()
    counts_only = markdown._render(report, markdown.FOLDS[-1])
    fence = counts_only.index("```sh\n")
    for budget in range(fence + 200, fence + 500, 9):
        out = markdown.render(report, max_chars=budget)
        assert len(out) <= budget
        assert out.count("```") % 2 == 0, budget


def test_escape_leaves_no_raw_markup() -> None:
    hostile = "<script>|`@x #1 [a](b)*_~!+{}\\:"
    assert re.search(r"(?<!\\)[`|*_\[\]()~!+{}:]", markdown.escape(hostile)) is None
