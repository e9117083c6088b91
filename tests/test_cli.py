"""The command line, end to end: formats, selection, exit codes and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlops_lint.cli import cli, main
from tests.conftest import MakeRepo


def invoke(*args: str) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_default_command_assesses_a_path(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(files={"README.md": "# x\n"})
    code, out, err = run_main([str(root), "--no-color"], capsys)
    assert code == 0, err
    assert "1. Documentation" in out
    assert "Verdict: not mature yet" in out
    assert "\x1b[" not in out


def test_json_report_has_the_documented_shape(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(files={"README.md": "# x\n"})
    code, out, _ = run_main(["check", str(root), "--format", "json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert data["schema_version"] == 1
    assert data["tool"]["name"] == "mlops-lint"
    assert len(data["target"]["revision"]) == 40
    assert data["summary"]["mature"] is False
    assert [q["number"] for q in data["questions"]] == list(range(1, 61))
    first = data["questions"][0]
    assert set(first) >= {"number", "slug", "section", "title", "required", "status", "source", "evidence", "reason"}


def test_output_file_and_markdown(make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(files={"README.md": "# x\n"})
    target = tmp_path / "report.md"
    code, out, _ = run_main([str(root), "--format", "markdown", "-o", str(target)], capsys)
    assert code == 0
    assert out == ""
    assert target.read_text(encoding="utf-8").startswith("## MLOps maturity:")


def test_also_writes_one_assessment_in_several_formats(
    make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(files={"README.md": "# x\n"})
    json_file, sarif_file = tmp_path / "r.json", tmp_path / "r.sarif"
    args = [str(root), "--format", "markdown", "--also", f"json:{json_file}", "--also", f"sarif:{sarif_file}"]
    code, out, _ = run_main(args, capsys)
    assert code == 0
    assert out.startswith("## MLOps maturity:")
    report = json.loads(json_file.read_text(encoding="utf-8"))
    assert len(report["questions"]) == 60
    assert json.loads(sarif_file.read_text(encoding="utf-8"))["version"] == "2.1.0"


@pytest.mark.parametrize(
    ("also", "message"),
    [
        ("pdf:x.pdf", "expected FORMAT:FILE"),
        ("json", "expected FORMAT:FILE"),
        ("json:-", "only one report can go to standard output"),
    ],
)
def test_also_usage_errors(also: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main([".", "--also", also], capsys)
    assert code == 2
    assert message in err


def test_select_and_ignore(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(files={"a.py": ""})
    code, out, _ = run_main([str(root), "--format", "json", "--select", "code-quality", "--ignore", "31"], capsys)
    assert code == 0
    assert [q["number"] for q in json.loads(out)["questions"]] == [29, 30, 32, 33, 34, 35, 36, 37, 38]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/nonexistent/path"], "does not exist"),
        (["--select", "nope"], "unknown criterion or section: 'nope'"),
        (["--format", "pdf"], "Invalid value for '--format'"),
        (["explain", "99"], "no criterion '99'"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(args, capsys)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_bad_config_exits_2_naming_the_file(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(files={".mlops-lint.yaml": "answers:\n  2: {answer: maybe}\n"})
    code, out, err = run_main([str(root)], capsys)
    assert code == 2
    assert err.strip() == (
        "mlops-lint: error: .mlops-lint.yaml:2: answers.2.answer must be one of yes, no, na, unknown (got 'maybe')"
    )
    assert out == ""


def test_explicit_config_file(make_repo: MakeRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(files={"a.py": ""})
    config = tmp_path / "other.yaml"
    config.write_text("answers:\n  15: {answer: yes, evidence: https://example.com/data-access}\n", encoding="utf-8")
    code, out, _ = run_main([str(root), "--format", "json", "--config", str(config)], capsys)
    q15 = json.loads(out)["questions"][14]
    assert code == 0
    assert (q15["status"], q15["source"]) == ("yes", "confirmed")
    code, _, err = run_main([str(root), "--config", str(tmp_path / "missing.yaml")], capsys)
    assert code == 2
    assert "cannot read the configuration" in err


def test_fail_on_no_exits_1(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(files={".mlops-lint.yaml": "answers:\n  15: {answer: no}\n"})
    assert run_main([str(root), "--fail-on", "no", "--select", "15"], capsys)[0] == 1
    assert run_main([str(root), "--fail-on", "never", "--select", "15"], capsys)[0] == 0


def test_a_crashed_detector_exits_3_after_the_report(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlops_lint import assess, detectors

    def boom(ctx: object) -> object:
        raise RuntimeError("bug")

    monkeypatch.setattr(assess, "DETECTORS", {**detectors.DETECTORS, 9: boom})
    code, out, err = run_main([str(make_repo(files={"a": ""})), "--no-color"], capsys)
    assert code == 3
    assert "ERROR   Q9" in out
    assert "1 detector(s) crashed" in err


def test_rules_json_lists_the_catalog() -> None:
    code, out, _ = invoke("rules", "--format", "json")
    data = json.loads(out)
    assert code == 0
    assert len(data) == 60
    assert data[30]["slug"] == "pre-commit-hooks"
    assert {"number", "slug", "section", "title", "required"} <= set(data[0])


def test_explain_documents_a_criterion() -> None:
    code, out, _ = invoke("explain", "Q31")
    assert code == 0
    for heading in ("## Why it matters", "## How it is detected", "## How to get to yes", "## How to confirm"):
        assert heading in out
    assert "answers:\n    31:" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(["--version"], capsys)
    assert code == 0
    assert out.startswith("mlops-lint, version ")


def test_the_facts_are_kept_only_when_the_process_exits_right_after(make_repo: MakeRepo) -> None:
    from mlops_lint import cli as cli_module
    from mlops_lint.context import Context

    root = make_repo(files={"README.md": "# x\n"})
    assert main([str(root), "--format", "json", "-o", str(root / "r.json")]) == 0
    assert cli_module._RETAINED == []  # a caller that goes on running gets the memory back
    assert main([str(root), "--format", "json", "-o", str(root / "r.json")], exiting=True) == 0
    assert [type(kept) for kept in cli_module._RETAINED] == [Context]
    cli_module._RETAINED.clear()
