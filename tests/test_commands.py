"""Following commands into Makefiles, scripts and lint-staged (facts/commands.py)."""

from __future__ import annotations

import re

from mlops_lint.facts.commands import find_in_command, make_targets
from mlops_lint.model import Evidence
from tests.conftest import MakeContext

BLACK = re.compile(r"\bblack\b")
MAKEFILE = """\
VERSION := 1.0
.PHONY: all lint
all: lint test

lint: format
\truff check .

format:
\tblack .

test: ; pytest -q

ci:
\t$(MAKE) lint
"""


def test_make_targets_parses_rules_prerequisites_and_recipes() -> None:
    rules = make_targets(MAKEFILE)
    assert rules["all"].prerequisites == ("lint", "test")
    assert rules["lint"].recipe == ((6, "ruff check ."),)
    assert rules["test"].recipe == ((11, "pytest -q"),)
    assert "VERSION" not in rules
    assert ".PHONY" not in rules


def test_find_follows_prerequisites_and_recursive_make(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"Makefile": MAKEFILE})
    assert find_in_command(ctx, "make lint", BLACK) == Evidence("Makefile", 9, "black .")
    assert find_in_command(ctx, "make ci", BLACK) == Evidence("Makefile", 9, "black .")
    assert find_in_command(ctx, "make", BLACK) == Evidence("Makefile", 9, "black .")  # default target: all
    assert find_in_command(ctx, "make test", BLACK) is None


def test_find_reads_make_in_a_subfolder_and_skips_missing_makefiles(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"backend/Makefile": "style:\n\tblack src\n"})
    assert find_in_command(ctx, "make -C backend style", BLACK) == Evidence("backend/Makefile", 2, "black src")
    assert find_in_command(ctx, "make style", BLACK) is None


def test_find_reads_shell_scripts_but_not_comments_or_python(make_ctx: MakeContext) -> None:
    files = {"lint.sh": "# black is slow\necho ok\n", "fmt.py": "import black\n", "go.sh": "set -e\nblack .\n"}
    ctx = make_ctx(files=files)
    assert find_in_command(ctx, "bash lint.sh", BLACK) is None
    assert find_in_command(ctx, "python fmt.py", BLACK) is None
    assert find_in_command(ctx, "./go.sh --all", BLACK) == Evidence("go.sh", 2, "black .")


def test_find_survives_unbalanced_quotes(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"go.sh": "black .\n"})
    assert find_in_command(ctx, "sh -c 'go.sh", BLACK) is None


def test_targets_with_a_help_comment_are_parsed() -> None:
    """Self-documenting Makefiles (`test: ## Run the tests`) were read as having no targets
    (seen in GoogleCloudPlatform/vertex-pipelines-end-to-end-samples)."""
    rules = make_targets("test: lint ## Run the tests\n\tpytest\nlint:\n\truff check .\nx: ; echo a # kept\n")
    assert rules["test"].prerequisites == ("lint",)
    assert rules["test"].recipe == ((2, "pytest"),)
    assert rules["x"].recipe == ((5, "echo a # kept"),)


def test_quoted_messages_in_scripts_are_not_commands(make_ctx: MakeContext) -> None:
    """Seen in asadhanif3188/...: `die "... Has 'terraform apply' run?"` is a message, not an apply."""
    script = '#!/bin/sh\n[ -n "$REPO" ] || die "Has \'terraform apply\' run?"\necho done\n'
    ctx = make_ctx(files={"scripts/release.sh": script})
    assert find_in_command(ctx, "bash scripts/release.sh", re.compile(r"terraform apply")) is None
    run = script.replace("echo done", "terraform apply -auto-approve")
    ctx = make_ctx(files={"scripts/release.sh": run})
    found = find_in_command(ctx, "bash scripts/release.sh", re.compile(r"terraform apply"))
    assert found == Evidence("scripts/release.sh", 3, "terraform apply -auto-approve")


def test_a_command_kept_in_a_variable_still_counts(make_ctx: MakeContext) -> None:
    """Seen in ThoughtWorksInc/CD4ML-Scenarios: `command="python3 -m pytest ..."`, then `$command`."""
    script = '#!/bin/sh\ncommand="python3 -m pytest test"\n$command\n'
    ctx = make_ctx(files={"run_tests.sh": script})
    found = find_in_command(ctx, "./run_tests.sh", re.compile(r"pytest"))
    assert found == Evidence("run_tests.sh", 2, 'command="python3 -m pytest test"')
