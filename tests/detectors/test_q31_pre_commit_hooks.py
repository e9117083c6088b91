"""Q31 pre-commit-hooks: quality hooks, wrapped commands, other hook managers, and the traps."""

from __future__ import annotations

import json

from mlops_lint.context import Context
from mlops_lint.detectors import q31_pre_commit_hooks as q31
from mlops_lint.facts.precommit import HYGIENE, QUALITY, SEARCHED, UNRECOGNISED, Hook, HookSetup, hook_setup, kind_of
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext


def test_yes_cites_each_quality_hook_and_the_ci_run(make_ctx: MakeContext) -> None:
    answer = q31.detect(make_ctx("fastapi-service-mature"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence(".pre-commit-config.yaml", 10, "id: ruff"),
        Evidence(".pre-commit-config.yaml", 12, "id: ruff-format"),
        Evidence(".github/workflows/ci.yml", 11, "pre-commit run --all-files"),
    )
    assert "mypy" not in answer.reason  # limited to the manual stage: it does not run on commit


def test_a_local_hook_running_make_is_followed_into_the_makefile(make_ctx: MakeContext) -> None:
    answer = q31.detect(make_ctx("precommit-make-wrapped"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence(".pre-commit-config.yaml", 8, "id: tidy"), Evidence("Makefile", 4, "black ."))


def test_hygiene_hooks_only_is_no_and_a_commented_out_hook_does_not_count(make_ctx: MakeContext) -> None:
    answer = q31.detect(make_ctx("precommit-hygiene-only"))
    assert answer.verdict is Verdict.NO
    assert "trailing-whitespace" in answer.reason
    assert "nbstripout" in answer.reason
    assert answer.searched == (".pre-commit-config.yaml",)


def test_no_configuration_is_no(make_ctx: MakeContext) -> None:
    answer = q31.detect(make_ctx("flask-api-bare"))
    assert answer.verdict is Verdict.NO
    assert answer.searched == SEARCHED


def test_an_untracked_config_does_not_count(make_ctx: MakeContext) -> None:
    config = "repos:\n  - repo: https://github.com/psf/black\n    rev: 24.1.0\n    hooks:\n      - id: black\n"
    ctx = make_ctx("flask-api-bare", dirty={".pre-commit-config.yaml": config})
    assert q31.detect(ctx).verdict is Verdict.NO


def test_malformed_yaml_is_unknown_with_a_warning(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={".pre-commit-config.yaml": "repos:\n  - repo: x\n   hooks: [\n"})
    answer = q31.detect(ctx)
    assert answer.verdict is Verdict.UNKNOWN
    assert "malformed YAML" in answer.reason
    assert [w.path for w in ctx.repo.warnings] == [".pre-commit-config.yaml"]


def test_an_empty_hook_list_is_no(make_ctx: MakeContext) -> None:
    answer = q31.detect(make_ctx(files={".pre-commit-config.yaml": "repos: []\n"}))
    assert answer.verdict is Verdict.NO
    assert "declares no hook" in answer.reason


def test_quality_hooks_only_in_the_manual_stage_are_unknown(make_ctx: MakeContext) -> None:
    config = (
        "default_stages: [manual]\nrepos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n"
        "    rev: v0.6.9\n    hooks:\n      - id: ruff\n"
    )
    answer = q31.detect(make_ctx(files={".pre-commit-config.yaml": config}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence(".pre-commit-config.yaml", 6, "id: ruff"),)


def test_an_unrecognised_local_hook_is_unknown(make_ctx: MakeContext) -> None:
    config = (
        "repos:\n  - repo: local\n    hooks:\n      - id: company-check\n        name: company check\n"
        "        entry: ./tools/check\n        language: script\n"
    )
    answer = q31.detect(make_ctx(files={".pre-commit-config.yaml": config, "tools/check": "echo checking\n"}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence(".pre-commit-config.yaml", 4, "id: company-check"),)


def test_a_local_hook_script_running_a_linter_is_followed(make_ctx: MakeContext) -> None:
    config = "repos:\n  - repo: local\n    hooks:\n      - id: check\n        entry: scripts/check.sh\n"
    script = "#!/bin/sh\n# flake8 used to run here\npylint src\n"
    answer = q31.detect(make_ctx(files={".pre-commit-config.yaml": config, "scripts/check.sh": script}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[1] == Evidence("scripts/check.sh", 3, "pylint src")


def test_lefthook_commands(make_ctx: MakeContext) -> None:
    config = "pre-commit:\n  commands:\n    lint:\n      run: ruff check {staged_files}\ncommit-msg:\n  commands: {}\n"
    answer = q31.detect(make_ctx(files={"lefthook.yml": config}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("lefthook.yml", 3, "lint"),)


def test_husky_with_lint_staged_in_package_json(make_ctx: MakeContext) -> None:
    package = json.dumps({"name": "x", "lint-staged": {"*.py": ["black", "ruff check"]}}, indent=2)
    files = {".husky/pre-commit": '. "$(dirname "$0")/_/husky.sh"\nnpx lint-staged\n', "package.json": package}
    answer = q31.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == Evidence(".husky/pre-commit", 2, "npx lint-staged")
    assert answer.evidence[1].path == "package.json"
    assert answer.evidence[1].line == 3


def test_overcommit_skips_disabled_hooks(make_ctx: MakeContext) -> None:
    config = "PreCommit:\n  RuboCop:\n    enabled: false\n  TrailingWhitespace:\n    enabled: true\n"
    answer = q31.detect(make_ctx(files={".overcommit.yml": config}))
    assert answer.verdict is Verdict.NO
    config = "PreCommit:\n  PythonFlake8:\n    enabled: true\n"
    assert q31.detect(make_ctx(files={".overcommit.yml": config})).evidence == (
        Evidence(".overcommit.yml", 2, "PythonFlake8"),
    )


def test_plain_githooks_folder(make_ctx: MakeContext) -> None:
    answer = q31.detect(make_ctx(files={".githooks/pre-commit": "#!/bin/sh\nset -e\nmypy src\n"}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence(".githooks/pre-commit", 3, "mypy src"),)


def test_configs_inside_test_fixtures_are_ignored(make_ctx: MakeContext) -> None:
    config = "repos:\n  - repo: https://github.com/psf/black\n    rev: 24.1.0\n    hooks:\n      - id: black\n"
    answer = q31.detect(make_ctx(files={"tests/fixtures/demo/.pre-commit-config.yaml": config}))
    assert answer.verdict is Verdict.NO


def test_a_template_project_config_counts(make_ctx: MakeContext) -> None:
    config = "repos:\n  - repo: https://github.com/psf/black\n    rev: 24.1.0\n    hooks:\n      - id: black\n"
    answer = q31.detect(make_ctx(files={"{{cookiecutter.name}}/.pre-commit-config.yaml": config}))
    assert answer.evidence == (Evidence("{{cookiecutter.name}}/.pre-commit-config.yaml", 5, "id: black"),)


def test_hook_classification_vocabulary() -> None:
    assert kind_of("ruff-format") == QUALITY
    assert kind_of("nbqa-black") == QUALITY
    assert kind_of("pretty-format-json") == HYGIENE  # "format" in a hygiene hook's name
    assert kind_of("yamllint") == HYGIENE
    assert kind_of("lint", "make lint") == QUALITY
    assert kind_of("npx lint-staged", "npx lint-staged") == UNRECOGNISED  # followed separately
    assert kind_of("company-check") == UNRECOGNISED


def test_unit_level_without_a_repository() -> None:
    hook = Hook("pre-commit", ".pre-commit-config.yaml", 4, "black", kind=QUALITY)
    ctx = Context.from_facts({hook_setup: HookSetup((".pre-commit-config.yaml",), (hook,), (), ())})
    assert q31.detect(ctx).evidence == (Evidence(".pre-commit-config.yaml", 4, "id: black"),)
