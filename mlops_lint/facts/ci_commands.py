"""What CI jobs really run (through the scripts and job specs they call), and templated pipelines.

A step often hides its work a file or two away: `make test`, `bash ci/run.sh`, or a job spec such
as `anyscale jobs submit deploy/job.yaml` whose `entrypoint:` runs a script. `step_runs` searches a
step's own commands, then the Makefile targets and scripts it calls (`facts/commands.py`), then
the command keys of the YAML job specs it names, and returns the line that matched. Package
installs never count, so `pip install pytest` is not running tests.

Project templates (cookiecutter, copier, Databricks bundle templates) keep their pipelines as
`ci.yml.tmpl` or below a templated folder, where `facts/ci.py` does not look; `template_pipelines`
reads those as text into a single-job pipeline with the triggers their text names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from mlops_lint.context import Context
from mlops_lint.facts import ci
from mlops_lint.facts.ci import Job, Pipeline, Step, ci_model
from mlops_lint.facts.commands import find_in_command
from mlops_lint.facts.files import file_index
from mlops_lint.model import Evidence

JOB_SPEC: Final = re.compile(r"(?<![\w/.-])\.?/?([\w.-]+(?:/[\w.-]+)*\.ya?ml)\b")
SCRIPT: Final = re.compile(r"(?<![\w/.$-])\.?/?([\w.-]+(?:/[\w.-]+)*\.(?:sh|bash|ps1))\b")
YAML_COMMAND: Final = re.compile(r"^\s*-?\s*(?:entrypoint|command|cmd|script|run|args)\s*:\s*(.+)$", re.MULTILINE)
INSTALL: Final = re.compile(
    r"\b(?:pip3?|uv\s+pip|python[\d.]*\s+-m\s+pip|conda|mamba|micromamba|poetry|pipx|apt(?:-get)?|brew|npm|yarn|uv)"
    r"\s+(?:install|add|sync|tool\s+install)\b",
    re.IGNORECASE,
)
REMOTE_WORKFLOW: Final = re.compile(r"uses:\s*[\w.-]+/[\w.-]+/\.github/workflows/")
TEMPLATE_EXPR: Final = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
CI_TEMPLATE_PATH: Final = re.compile(
    r"(?:^|/)(?:\.github/workflows/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|\.gitlab/[^/]+(?:/[^/]+)*\.ya?ml|"
    r"azure-pipelines[^/]*\.ya?ml|\.azure/[^/]+(?:/[^/]+)*\.ya?ml)(?:\.tmpl|\.j2|\.jinja2?)?$",
    re.IGNORECASE,
)
COMMAND_KEY: Final = re.compile(
    r"^(\s*)(?:-\s+)?(run|script|bash|pwsh|powershell|inlineScript|command|commands|before_script|after_script|"
    r"uses)\s*:\s*(.*)$"
)
TEXT_TRIGGERS: Final = (
    (
        re.compile(
            r"^\s*(?:pull_request|pull_request_target)\s*:|^\s*-\s*pull_request\b|merge_request_event|^pr\s*:",
            re.MULTILINE,
        ),
        ci.PULL_REQUEST,
    ),
    (
        re.compile(
            r"^\s*push\s*:\s*$(?:\n\s+.*)*?\n\s+branches\s*:|^on\s*:\s*\[?[^\n]*\bpush\b|^trigger\s*:|"
            r"CI_DEFAULT_BRANCH",
            re.MULTILINE,
        ),
        ci.PUSH_MAIN,
    ),
    (re.compile(r"^\s*push\s*:\s*$(?:\n\s+.*)*?\n\s+tags\s*:|CI_COMMIT_TAG|^\s*release\s*:", re.MULTILINE), ci.TAG),
    (re.compile(r"^\s*schedules?\s*:|^\s*-\s*cron\s*:", re.MULTILINE), ci.SCHEDULE),
)


def all_pipelines(ctx: Context) -> tuple[Pipeline, ...]:
    """The parsed pipelines and the templated ones."""
    return (*ctx.get(ci_model).pipelines, *ctx.get(template_pipelines))


def step_runs(ctx: Context, step: Step, pattern: re.Pattern[str], depth: int = 2) -> Evidence | None:
    """Where a step (or what it calls) runs a command matching `pattern`; install lines never match."""
    for number, line in _lines(_text_start(ctx, step), step.text):
        if pattern.search(line) and not INSTALL.search(line):
            return Evidence(step.path, number, line)
    guarded = re.compile(rf"^(?!.*(?:{INSTALL.pattern})).*?(?:{pattern.pattern})", pattern.flags | re.IGNORECASE)
    if (found := find_in_command(ctx, step.text, guarded)) is not None:
        return found
    if depth == 0:
        return None
    index = ctx.get(file_index)
    for match in JOB_SPEC.finditer(step.text):
        path = match.group(1)
        if path in index and path != step.path:
            text = ctx.repo.read_text(path, limit=256 * 1024) or ""
            for command in YAML_COMMAND.finditer(text):
                number = text.count("\n", 0, command.start()) + 1
                if found := step_runs(ctx, Step(path, number, command.group(1)), pattern, depth - 1):
                    return found
    return None


def opaque(ctx: Context, step: Step) -> bool:
    """Whether a step calls something that cannot be read: a missing script or another repository's workflow."""
    index = ctx.get(file_index)
    missing = any(m.group(1) not in index for m in SCRIPT.finditer(step.text))
    return missing or bool(REMOTE_WORKFLOW.search(step.text))


def _text_start(ctx: Context, step: Step) -> int:
    lines = (ctx.repo.read_text(step.path) or "").splitlines()
    key_line = lines[step.line - 1] if 0 < step.line <= len(lines) else ""
    return step.line + 1 if re.search(r":\s*[|>][-+]?\d*\s*$", key_line) else step.line


def _lines(first: int, text: str) -> Iterator[tuple[int, str]]:
    for offset, raw in enumerate(text.splitlines()):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield first + offset, line


def template_pipelines(ctx: Context) -> tuple[Pipeline, ...]:
    """Pipelines kept in project templates, read as text (one job each, approximate triggers)."""
    parsed = {p.path for p in ctx.get(ci_model).pipelines}
    found = []
    for path in ctx.get(file_index).matching(CI_TEMPLATE_PATH):
        if path in parsed or not _templated(path):
            continue
        text = TEMPLATE_EXPR.sub("TEMPLATE", ctx.repo.read_text(path) or "")
        triggers = frozenset(kind for pattern, kind in TEXT_TRIGGERS if pattern.search(text)) or frozenset({ci.OTHER})
        steps = tuple(_text_steps(path, text))
        name = path.rpartition("/")[2]
        found.append(Pipeline("template", path, name, triggers, (Job(path, name, 1, triggers, steps),)))
    return tuple(found)


def _templated(path: str) -> bool:
    return (
        path.endswith((".tmpl", ".j2", ".jinja", ".jinja2"))
        or "{" in path
        or not path.startswith((".github/", ".gitlab", "azure-pipelines", ".azure/"))
    )


def _text_steps(path: str, text: str) -> Iterator[Step]:
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        match = COMMAND_KEY.match(line)
        if match is None:
            continue
        indent, key, value = len(match.group(1)), match.group(2), match.group(3).strip()
        if value and value not in {"|", ">", "|-", ">-"}:
            yield Step(path, number, f"uses: {value}" if key == "uses" else value)
            continue
        block = []
        for following in lines[number:]:
            if following.strip() and len(following) - len(following.lstrip()) <= indent:
                break
            block.append(following.strip().removeprefix("- "))
        yield Step(path, number, "\n".join(block))
