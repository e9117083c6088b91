"""Recording confirmations: comments and order kept, validation, evidence checks, the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlops_lint.cli import main
from mlops_lint.config import parse_yaml_config
from mlops_lint.confirm import ConfirmError, check_evidence, upsert
from mlops_lint.model import Confirmation, Verdict
from tests.conftest import MakeRepo

CONFIG = """\
# Our MLOps answers: reviewed every quarter.
use_case: [batch]

answers:
  # the team page lives in the wiki
  2: {answer: yes, evidence: https://wiki.example.com/team, by: alice, date: 2026-01-10}
  13:
    answer: no
    note: laptops can still deploy

ignore: [15]  # production data access is handled by the platform team
"""


def test_a_new_entry_goes_at_the_end_of_answers_and_everything_else_stays() -> None:
    out = upsert(CONFIG, Confirmation(31, Verdict.YES, ".pre-commit-config.yaml", "bob", "2026-02-01"))
    assert out == CONFIG.replace(
        "    note: laptops can still deploy\n",
        "    note: laptops can still deploy\n  31: {answer: yes, evidence: .pre-commit-config.yaml, by: bob, "
        "date: 2026-02-01}\n",
    )
    assert parse_yaml_config(".mlops-lint.yaml", out).answers[31].by == "bob"


def test_an_existing_block_entry_is_replaced_in_place() -> None:
    out = upsert(CONFIG, Confirmation(13, Verdict.YES, "https://ci.example.com/policy", "carol", "2026-03-01"))
    assert "laptops" not in out
    assert "  13: {answer: yes, evidence: https://ci.example.com/policy, by: carol, date: 2026-03-01}\n" in out
    assert out.startswith("# Our MLOps answers")
    assert out.endswith("ignore: [15]  # production data access is handled by the platform team\n")
    config = parse_yaml_config(".mlops-lint.yaml", out)
    assert config.answers[2].by == "alice"
    assert config.answers[13].verdict is Verdict.YES


def test_notes_with_special_characters_are_quoted() -> None:
    out = upsert("", Confirmation(3, Verdict.NO, None, "dan", "2026-01-01", note="risk: not assessed, yet"))
    assert out == 'answers:\n  3: {answer: no, by: dan, date: 2026-01-01, note: "risk: not assessed, yet"}\n'
    assert parse_yaml_config("x", out).answers[3].note == "risk: not assessed, yet"


def test_flow_style_answers_are_refused_rather_than_rewritten() -> None:
    with pytest.raises(ConfirmError, match="flow style"):
        upsert("answers: {2: {answer: no}}\n", Confirmation(3, Verdict.NO))


def test_cited_paths_must_exist(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "team.md").write_text("# Team\n", encoding="utf-8")
    check_evidence(tmp_path, "docs/team.md")
    check_evidence(tmp_path, "https://example.com/anything")
    with pytest.raises(ConfirmError, match="does not exist"):
        check_evidence(tmp_path, "docs/missing.md")
    with pytest.raises(ConfirmError, match="outside the repository"):
        check_evidence(tmp_path, "../../etc/passwd")


def test_confirm_command_records_and_the_next_run_uses_it(
    make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_repo(files={".mlops-lint.yaml": CONFIG, "docs/risk.md": "# Risks\n"})
    code = main(["confirm", "3", "--repo", str(root), "--answer", "yes", "--evidence", "docs/risk.md",
                 "--by", "erin", "--date", "2026-04-01", "--review-by", "2026-10-01"])  # fmt: skip
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert "recorded Q3 yes in .mlops-lint.yaml" in out
    assert main([str(root), "--format", "json", "--select", "3"]) == 0
    assert '"source": "confirmed"' in capsys.readouterr().out


def test_confirm_command_errors_are_one_line(make_repo: MakeRepo, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_repo(files={"a.py": ""})
    assert main(["confirm", "3", "--repo", str(root), "--answer", "yes"]) == 2
    assert "a yes needs `evidence`" in capsys.readouterr().err
    assert main(["confirm", "3", "--repo", str(root), "--answer", "yes", "--evidence", "nope.md"]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["confirm", "--repo", str(root)]) == 2
    assert "no terminal" in capsys.readouterr().err
    assert not (root / ".mlops-lint.yaml").exists()
