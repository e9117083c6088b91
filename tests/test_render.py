"""Renderers: the JSON contract against its schema, Markdown escaping, text layout."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema

from mlops_lint.assess import assess
from mlops_lint.model import (
    Answer,
    Evidence,
    Report,
    Result,
    Verdict,
)
from mlops_lint.render import json as json_render
from mlops_lint.render import markdown, text
from mlops_lint.rules import load_criteria
from tests.conftest import MakeRepo


def _schema() -> dict[str, object]:
    raw = (resources.files("mlops_lint") / "schemas" / "report-v1.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, object] = json.loads(raw)
    return loaded


def test_json_report_validates_against_its_schema(make_repo: MakeRepo) -> None:
    root = make_repo(files={"README.md": "# x\n", ".mlops-lint.yaml": "answers:\n  15: {answer: na}\n"})
    data = json.loads(json_render.render(assess(root)))
    jsonschema.Draft202012Validator.check_schema(_schema())
    jsonschema.Draft202012Validator(_schema()).validate(data)
    assert data["questions"][14]["source"] == "confirmed"


def _report_with(answer: Answer) -> Report:
    criteria = load_criteria()
    results = tuple(Result(c, answer if c.number == 9 else Answer(Verdict.UNKNOWN, "n")) for c in criteria)
    return Report("0.0.0", "repo", None, results)


def test_markdown_escapes_repository_text() -> None:
    evil = Answer(Verdict.YES, "found <img src=x onerror=alert(1)> | @team [link](http://x)",
                  (Evidence("infra/<script>`x`|.tf", 3, "**bold** <b>"),))  # fmt: skip
    out = markdown.render(_report_with(evil))
    assert "<img" not in out
    assert "<script>" not in out
    assert "<b>" not in out
    assert "@team" not in out
    assert "](http" not in out
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" in out


def test_markdown_has_a_table_per_section_folded() -> None:
    out = markdown.render(_report_with(Answer(Verdict.YES, "ok", (Evidence("a.tf", 1),))))
    assert sum(line.startswith(("<summary>1. ", "<summary>2. ", "<summary>7. ")) for line in out.splitlines()) == 3
    assert out.count("<details>") == 8  # the seven sections, and what counts for the criteria to confirm
    assert "| 2. Traceability and reproducibility | 1 | 0 | 19 | 0 |" in out


def test_text_report_evidence_is_path_colon_line() -> None:
    out = text.render(_report_with(Answer(Verdict.YES, "IaC found", (Evidence("infra/main.tf", 4, "resource"),))))
    assert "infra/main.tf:4  resource" in out
    assert "\x1b[" not in out


def test_text_report_colours_only_when_asked() -> None:
    out = text.render(_report_with(Answer(Verdict.NO, "none", searched=("*.tf",))), color=True)
    assert "\x1b[31;1mno" in out
    assert "looked for: *.tf" in out


def test_next_steps_put_required_no_answers_first() -> None:
    report = _report_with(Answer(Verdict.NO, "none"))
    steps = text.next_steps(report)
    assert [r.criterion.number for r, _ in steps] == [9]
    assert steps[0][1].endswith(".")
