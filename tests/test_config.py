"""The repository's own configuration: confirmations, use case, ignores, and clear errors."""

from __future__ import annotations

import pytest

from mlops_lint.config import ConfigError, Settings, parse_pyproject_config, parse_yaml_config, settings
from mlops_lint.model import Verdict
from tests.conftest import MakeContext

GOOD = """\
use_case: [batch]
ignore: [15, section7]
answers:
  2:
    answer: yes
    evidence: https://wiki.example.com/team
    by: alice
    date: 2026-05-02
  Q13: {answer: no, note: developers can still deploy from laptops}
"""


def test_a_full_config() -> None:
    config = parse_yaml_config(".mlops-lint.yaml", GOOD)
    assert config.use_case == frozenset({"batch"})
    assert config.ignore == {15, 58, 59, 60}
    assert config.answers[2].verdict is Verdict.YES
    assert config.answers[2].by == "alice"
    assert config.answers[2].date == "2026-05-02"
    assert config.answers[13].verdict is Verdict.NO
    assert config.lines == {2: 4, 13: 9}


def test_pyproject_table() -> None:
    text = '[project]\nname = "x"\n\n[tool.mlops-lint]\nuse_case = ["realtime"]\n\n[tool.mlops-lint.answers.2]\nanswer = "na"\n'
    config = parse_pyproject_config("pyproject.toml", text)
    assert config.use_case == frozenset({"realtime"})
    assert config.answers[2].verdict is Verdict.NOT_APPLICABLE


def test_pyproject_without_the_table_is_no_config() -> None:
    assert parse_pyproject_config("pyproject.toml", '[project]\nname = "x"\n') == Settings()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "answers:\n  2: {answer: maybe}\n",
            ".mlops-lint.yaml:2: answers.2.answer must be one of yes, no, na, unknown",
        ),
        ("answers:\n  61: {answer: no}\n", ".mlops-lint.yaml:2: answers: 61 is not a criterion number"),
        ("answers:\n  2: {answer: yes}\n", ".mlops-lint.yaml:2: answers.2: a yes needs `evidence`"),
        ("answers:\n  2: {answer: no, date: yesterday}\n", ".mlops-lint.yaml:2: answers.2.date must be a date"),
        ("answers:\n  2: {answer: no, colour: red}\n", ".mlops-lint.yaml:2: answers.2: unknown key 'colour'"),
        ("use_case: [streaming]\n", ".mlops-lint.yaml:1: use_case: 'streaming' is not one of"),
        ("ignore: [nope]\n", ".mlops-lint.yaml:1: ignore: unknown criterion or section: 'nope'"),
        ("colour: red\n", ".mlops-lint.yaml: unknown key 'colour'"),
        ("answers: [1, 2]\n", ".mlops-lint.yaml:1: answers must be a mapping"),
        ("answers:\n  2: {answer: [unclosed\n", ".mlops-lint.yaml: malformed YAML at line 3"),
        ("- just\n- a list\n", ".mlops-lint.yaml: the configuration must be a mapping"),
    ],
)
def test_bad_configs_name_the_place(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_yaml_config(".mlops-lint.yaml", text)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_malformed_pyproject_is_an_error() -> None:
    with pytest.raises(ConfigError, match=r"pyproject.toml: malformed TOML"):
        parse_pyproject_config("pyproject.toml", "[tool.mlops-lint\n")


def test_the_yaml_file_wins_over_pyproject(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={".mlops-lint.yaml": "use_case: [batch]\n",
                          "pyproject.toml": '[tool.mlops-lint]\nuse_case = ["realtime"]\n'})  # fmt: skip
    assert ctx.get(settings).use_case == frozenset({"batch"})
    assert ctx.get(settings).path == ".mlops-lint.yaml"


def test_no_config_at_all(make_ctx: MakeContext) -> None:
    assert make_ctx(files={"a.py": ""}).get(settings) == Settings()


def test_excluded_paths_are_not_the_projects(make_ctx: MakeContext) -> None:
    from mlops_lint.facts.files import file_index

    config = "exclude: [tests/fixtures/, '*.snap']\n"
    ctx = make_ctx(files={".mlops-lint.yaml": config, "tests/fixtures/app/main.py": "", "a.snap": "", "src/x.py": ""})
    assert ctx.get(file_index).paths == (".mlops-lint.yaml", "src/x.py")


def test_exclude_must_be_patterns() -> None:
    with pytest.raises(ConfigError, match="exclude must be a list of path patterns"):
        parse_yaml_config(".mlops-lint.yaml", "exclude: [1]\n")
