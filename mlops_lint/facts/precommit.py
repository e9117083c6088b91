"""Git hooks the repository configures: pre-commit, lefthook, husky, overcommit, hook folders.

Every hook becomes a `Hook` with the line that declares it and what it runs, classified as a
code-quality hook (formatter, linter, type checker), a hygiene hook (whitespace, file checks,
secrets) or unrecognised. A hook that only wraps another command (`make clean`, a script,
lint-staged) is followed one step into the Makefile target, script or lint-staged configuration,
so a formatter hidden behind `make` is still seen, with that line as evidence.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any, Final

import yaml

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.ci import ci_model
from mlops_lint.facts.commands import find_in_command
from mlops_lint.facts.files import file_index, is_test_path
from mlops_lint.facts.parse import LineDict, describe_error, items, line_in, seq, yaml_documents
from mlops_lint.model import Evidence

QUALITY: Final = "quality"
HYGIENE: Final = "hygiene"
UNRECOGNISED: Final = "unrecognised"
PRECOMMIT_NAMES: Final = (".pre-commit-config.yaml", ".pre-commit-config.yml")
LEFTHOOK_NAMES: Final = ("lefthook.yml", ".lefthook.yml", "lefthook.yaml", ".lefthook.yaml")
OVERCOMMIT_NAMES: Final = (".overcommit.yml", ".overcommit.yaml")
HOOK_DIRS: Final = (".husky", ".githooks", "githooks", ".git-hooks", "git-hooks", "hooks")
GIT_HOOKS: Final = frozenset({"pre-commit", "pre-push", "pre-merge-commit"})
COMMIT_STAGES: Final = frozenset({"pre-commit", "commit", "pre-push", "push", "pre-merge-commit", "merge-commit"})
SEARCHED: Final = (
    ".pre-commit-config.yaml (or .yml)", "lefthook.yml (or .lefthook.yml/.yaml)", ".husky/pre-commit",
    ".overcommit.yml", "pre-commit/pre-push scripts in .githooks/, githooks/, hooks/",
)  # fmt: skip
SKIPPED_DIRS: Final = frozenset({"fixtures", "testdata", "test_data", "test-data"})
MAX_CONFIGS: Final = 10
QUALITY_TOOLS: Final = lazy_re.compile(
    r"(?<![\w.-])(?:ruff|black|blackd|black-jupyter|blacken-docs|flake8|pylint|mypy|dmypy|isort|pyright|basedpyright|"
    r"pytype|pyre|autopep8|yapf|pyupgrade|autoflake|pycln|pyflakes|pycodestyle|pep8|pydocstyle|pydoclint|darglint|"
    r"docformatter|interrogate|bandit|refurb|vulture|nbqa[\w-]*|sqlfluff[\w-]*|prettier|eslint|stylelint|tslint|"
    r"shellcheck|shfmt|hadolint[\w-]*|tflint|terraform[_ ](?:fmt|validate|tflint)|checkov|clang-format|clang-tidy|"
    r"cpplint|rustfmt|clippy|gofmt|goimports|golangci-lint|ktlint|rubocop|lintr|styler|scalafmt|scalastyle|"
    r"spotless\w*|checkstyle|biome|dprint|standardrb|jupyter-black|ruff-check|ruff-format|pylint[\w-]*|mypy[\w-]*)"
    r"(?![\w-])",
    re.IGNORECASE,
)
GENERIC_QUALITY: Final = lazy_re.compile(
    r"(?<![\w.-])(?:lint|linter|linters|linting|format|formatter|fmt|style|typecheck|type-check|check-types|"
    r"static-analysis|code-quality)(?![\w-])",
    re.IGNORECASE,
)
HYGIENE_HOOKS: Final = frozenset(
    re.sub(r"[^a-z0-9]", "", h) for h in (
        "trailing-whitespace", "end-of-file-fixer", "check-yaml", "check-json", "check-toml", "check-xml",
        "check-ast", "check-added-large-files", "check-merge-conflict", "check-case-conflict", "check-symlinks",
        "destroyed-symlinks", "check-executables-have-shebangs", "check-shebang-scripts-are-executable",
        "check-vcs-permalinks", "debug-statements", "detect-private-key", "detect-aws-credentials",
        "mixed-line-ending", "fix-byte-order-marker", "requirements-txt-fixer", "name-tests-test",
        "no-commit-to-branch", "forbid-new-submodules", "forbid-submodules", "pretty-format-json",
        "sort-simple-yaml", "file-contents-sorter", "fix-encoding-pragma", "double-quote-string-fixer",
        "check-docstring-first", "check-builtin-literals", "check-illegal-windows-names", "nbstripout",
        "codespell", "typos", "yamllint", "yaml-lint", "markdownlint", "markdownlint-cli2", "detect-secrets",
        "gitleaks", "trufflehog", "check-github-workflows", "check-github-actions", "check-jsonschema",
        "check-dependabot", "check-metaschema", "check-readthedocs", "actionlint", "commitizen",
        "conventional-pre-commit", "gitlint", "insert-license", "forbid-crlf", "remove-crlf", "forbid-tabs",
        "remove-tabs", "python-check-blanket-noqa", "python-check-blanket-type-ignore", "python-no-eval",
        "python-no-log-warn", "python-use-type-annotations", "python-check-mock-methods", "rst-backticks",
        "rst-directive-colons", "rst-inline-touching-normal", "text-unicode-replacement-char",
        "check-hooks-apply", "check-useless-excludes", "identity", "poetry-check", "poetry-lock", "uv-lock",
        "pip-compile", "validate-pyproject", "check-manifest", "pyproject-fmt", "nb-clean", "jupyter-nb-clear-output",
        "hard-tabs", "author-email", "author-name", "merge-conflicts", "broken-symlinks", "case-conflicts",
        "json-syntax", "yaml-syntax", "xml-syntax", "large-files", "check-added-large-files",
        "mlops-lint-no-regression",  # ours (.pre-commit-hooks.yaml): guards the practices, checks no code
    )
)  # fmt: skip
CI_PRECOMMIT: Final = lazy_re.compile(
    r"(?<![\w-])(?:pre-commit|prek)\s+run|uses:\s*(?:pre-commit/action|pre-commit-ci/lite-action)", re.IGNORECASE
)


@dataclasses.dataclass(frozen=True, slots=True)
class Hook:
    """One hook: where it is declared, what it runs, and what kind of check it is."""

    manager: str
    path: str
    line: int
    id: str
    command: str = ""
    kind: str = UNRECOGNISED
    on_commit: bool = True  # False for pre-commit hooks limited to the manual stage
    via: Evidence | None = None  # the Makefile, script or lint-staged line that reveals the tool

    @property
    def evidence(self) -> Evidence:
        """The line that declares the hook."""
        return Evidence(self.path, self.line, f"id: {self.id}" if self.manager == "pre-commit" else self.id)


@dataclasses.dataclass(frozen=True, slots=True)
class HookSetup:
    """Hook configurations found, their hooks, the files that could not be parsed, CI runs of pre-commit."""

    configs: tuple[str, ...]
    hooks: tuple[Hook, ...]
    malformed: tuple[tuple[str, str], ...]
    ci_runs: tuple[Evidence, ...]


def hook_setup(ctx: Context) -> HookSetup:
    """Collect every git hook the repository's tracked configuration declares."""
    index = ctx.get(file_index)
    hooks: list[Hook] = []
    configs: list[str] = []
    malformed: list[tuple[str, str]] = []
    for names, parser in ((PRECOMMIT_NAMES, _precommit), (LEFTHOOK_NAMES, _lefthook), (OVERCOMMIT_NAMES, _overcommit)):
        for path in _configs(index.named(*names)):
            configs.append(path)
            docs, error = _load(ctx, path)
            if error is not None:
                malformed.append((path, error))
            elif docs and isinstance(docs[0], LineDict):
                hooks += [_classify(ctx, h) for h in parser(path, docs[0])]
    for path in _configs(p for p in index.in_folder(*HOOK_DIRS) if _is_hook_script(p)):
        configs.append(path)
        hooks += [_classify(ctx, h) for h in _script_hooks(ctx, path)]
    runs = ctx.get(ci_model).steps_matching(CI_PRECOMMIT)
    ci_runs = tuple(Evidence(s.path, s.line, s.text.splitlines()[0] if s.text else "") for _, s in runs)
    return HookSetup(tuple(configs), tuple(hooks), tuple(malformed), ci_runs)


def _configs(paths: Any) -> list[str]:
    kept = [p for p in paths if not is_test_path(p) and not SKIPPED_DIRS.intersection(p.lower().split("/")[:-1])]
    return sorted(kept, key=lambda p: (p.count("/"), p))[:MAX_CONFIGS]


def _is_hook_script(path: str) -> bool:
    folder, _, name = path.rpartition("/")
    return name in GIT_HOOKS and folder.rpartition("/")[2] in HOOK_DIRS


def _load(ctx: Context, path: str) -> tuple[list[Any] | None, str | None]:
    text = ctx.repo.read_text(path)
    if text is None:
        return None, None
    try:
        return yaml_documents(text), None
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
        message = describe_error(exc)
        ctx.repo.warn(path, message)
        return None, message


def _precommit(path: str, doc: LineDict) -> list[Hook]:
    default = _stages(doc.get("default_stages"))
    found = []
    for repo, _ in seq(doc.get("repos")):
        if not isinstance(repo, dict):
            continue
        local = str(repo.get("repo", "")) in {"local", "meta"}
        for hook, _ in seq(repo.get("hooks")):
            if not isinstance(hook, dict) or "id" not in hook:
                continue
            args = " ".join(str(a) for a, _ in seq(hook.get("args")))
            command = f"{hook.get('entry', '')} {args}".strip() if local else ""
            stages = _stages(hook.get("stages")) or default
            on_commit = stages is None or bool(stages & COMMIT_STAGES)
            name = str(hook.get("name", "")) if local else ""
            found.append(Hook("pre-commit", path, line_in(hook, "id"), str(hook["id"]), f"{name} {command}".strip(),
                              on_commit=on_commit))  # fmt: skip
    return found


def _stages(value: Any) -> frozenset[str] | None:
    stages = [str(s) for s, _ in seq(value)]
    return frozenset(stages) if stages else None


def _lefthook(path: str, doc: LineDict) -> list[Hook]:
    found = []
    for hook_name, spec in items(doc):
        if str(hook_name) not in GIT_HOOKS or not isinstance(spec, dict):
            continue
        for name, body in items(spec.get("commands")):
            run = str(body.get("run", "")) if isinstance(body, dict) else ""
            found.append(Hook("lefthook", path, line_in(spec.get("commands"), name), str(name), run))
        for name, _body in items(spec.get("scripts")):
            found.append(Hook("lefthook", path, line_in(spec.get("scripts"), name), str(name), str(name)))
        for job, line in seq(spec.get("jobs")):
            if isinstance(job, dict):
                found.append(Hook("lefthook", path, line, str(job.get("name") or job.get("run", "job")),
                                  str(job.get("run", ""))))  # fmt: skip
    return found


def _overcommit(path: str, doc: LineDict) -> list[Hook]:
    found = []
    for section in ("PreCommit", "PrePush"):
        hooks = doc.get(section)
        for name, spec in items(hooks):
            if str(name) == "ALL" or (isinstance(spec, dict) and spec.get("enabled") is False):
                continue
            words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", str(name)).lower()
            command = str(spec.get("command", "")) if isinstance(spec, dict) else ""
            found.append(Hook("overcommit", path, line_in(hooks, name), str(name), f"{words} {command}".strip()))
    return found


def _script_hooks(ctx: Context, path: str) -> list[Hook]:
    text = ctx.repo.read_text(path, limit=64 * 1024) or ""
    manager = "husky" if path.startswith(".husky/") or "/.husky/" in path else "git-hooks"
    return [
        Hook(manager, path, number, line.strip()[:60], line.strip())
        for number, line in enumerate(text.splitlines(), 1)
        if _is_command(line)
    ]


def kind_of(hook_id: str, command: str = "") -> str:
    """Whether a hook (by id and command) formats, lints or type-checks code, or only keeps files tidy."""
    if re.sub(r"[^a-z0-9]", "", hook_id.lower()) in HYGIENE_HOOKS:
        return HYGIENE
    text = f"{hook_id} {command}"
    if QUALITY_TOOLS.search(text) or GENERIC_QUALITY.search(text.replace("_", "-")):
        return QUALITY
    return UNRECOGNISED


def _classify(ctx: Context, hook: Hook) -> Hook:
    kind = kind_of(hook.id, hook.command)
    via = None
    if kind != QUALITY and hook.command:
        via = find_in_command(ctx, hook.command, QUALITY_TOOLS)
    return dataclasses.replace(hook, kind=QUALITY if via else kind, via=via)


def _is_command(line: str) -> bool:
    text = line.strip()
    return (
        bool(text)
        and not text.startswith(("#", ". ", "set ", "exit", "fi", "then", "else", "}"))
        and ("husky.sh" not in text and not re.match(r"^\w+=", text))
    )
