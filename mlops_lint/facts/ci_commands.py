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

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts import ci
from mlops_lint.facts.ci import Job, Pipeline, Step, ci_model
from mlops_lint.facts.ci_others import commands_in
from mlops_lint.facts.commands import find_in_command, script_runs
from mlops_lint.facts.files import file_index
from mlops_lint.facts.parse import load_yaml
from mlops_lint.model import Evidence

CI_SEARCHED: Final = (
    ".github/workflows/*.yml",
    ".gitlab-ci.yml",
    "azure-pipelines*.yml",
    "Jenkinsfile",
    ".circleci/config.yml",
    "bitbucket-pipelines.yml",
    ".travis.yml",
    "templated pipelines (*.yml.tmpl)",
)
DOCKER_BUILD: Final = lazy_re.compile(r"(?<![\w-])docker\s+(?:buildx\s+)?build\b([^\n]*)")
JOB_SPEC: Final = lazy_re.compile(r"(?<![\w/.-])\.?/?([\w.-]+(?:/[\w.-]+)*\.ya?ml)\b")
SCRIPT: Final = lazy_re.compile(r"(?<![\w/.$-])\.?/?([\w.-]+(?:/[\w.-]+)*\.(?:sh|bash|ps1))\b")
YAML_COMMAND: Final = lazy_re.compile(r"^\s*-?\s*(?:entrypoint|cmd)\s*:\s*(.+)$", re.MULTILINE)
INSTALL: Final = lazy_re.compile(
    r"\b(?:pip3?|uv\s+pip|python[\d.]*\s+-m\s+pip|conda|mamba|micromamba|poetry|pipx|apt(?:-get)?|brew|npm|yarn|uv)"
    r"\s+(?:install|add|sync|tool\s+install)\b",
    re.IGNORECASE,
)
REMOTE_WORKFLOW: Final = lazy_re.compile(r"uses:\s*[\w.-]+/[\w.-]+/\.github/workflows/")
TEMPLATE_EXPR: Final = lazy_re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
SHELL_SEPARATOR: Final = lazy_re.compile(r"&&|\|\||;|\|")
CI_TEMPLATE_PATH: Final = lazy_re.compile(
    r"(?:^|/)(?:\.github/workflows/[^/]+\.ya?ml|\.gitlab-ci\.ya?ml|\.gitlab/[^/]+(?:/[^/]+)*\.ya?ml|"
    r"azure-pipelines[^/]*\.ya?ml|\.azure/[^/]+(?:/[^/]+)*\.ya?ml)(?:\.tmpl|\.j2|\.jinja2?)?$",
    re.IGNORECASE,
)
COMMAND_KEY: Final = lazy_re.compile(
    r"^(\s*)(?:-\s+)?(run|script|bash|pwsh|powershell|inlineScript|command|commands|before_script|after_script|"
    r"uses)\s*:\s*(.*)$"
)
PUSH_BLOCK: Final = r"^[ \t]*push[ \t]*:[ \t]*\n(?:[ \t]+[^\n]*\n){0,8}?[ \t]+"
TEXT_TRIGGERS: Final = (
    (lazy_re.compile(r"^[ \t]*(?:pull_request|pull_request_target)[ \t]*:|^[ \t]*-[ \t]*pull_request\b|merge_request_event|"
                r"^pr[ \t]*:", re.MULTILINE), ci.PULL_REQUEST),
    (lazy_re.compile(rf"{PUSH_BLOCK}branches[ \t]*:|^on[ \t]*:[^\n]*\bpush\b|^trigger[ \t]*:|CI_DEFAULT_BRANCH",
                re.MULTILINE), ci.PUSH_MAIN),
    (lazy_re.compile(rf"{PUSH_BLOCK}tags[ \t]*:|CI_COMMIT_TAG|^[ \t]*release[ \t]*:", re.MULTILINE), ci.TAG),
    (lazy_re.compile(r"^[ \t]*schedules?[ \t]*:|^[ \t]*-[ \t]*cron[ \t]*:", re.MULTILINE), ci.SCHEDULE),
)  # fmt: skip

TRIGGER_WORDS: Final = {
    ci.PULL_REQUEST: "pull requests",
    ci.PUSH_MAIN: "pushes to a long-lived branch",
    ci.PUSH_BRANCH: "pushes to other branches",
    ci.TAG: "tags",
    ci.RELEASE: "releases",
    ci.SCHEDULE: "a schedule",
    ci.MANUAL: "manual runs",
    "workflow_call": "calls from other workflows",
    "workflow_run": "other workflows finishing",
}


def all_pipelines(ctx: Context) -> tuple[Pipeline, ...]:
    """The parsed pipelines and the templated ones."""
    return (*ctx.get(ci_model).pipelines, *ctx.get(template_pipelines))


def step_runs(ctx: Context, step: Step, pattern: re.Pattern[str], depth: int = 2) -> Evidence | None:
    """Where a step (or what it calls) runs a command matching `pattern`; install lines never match."""
    for number, line in _lines(text_start(ctx, step), step.text):
        # `pip install . && pytest` runs the tests: judge each command of a chain on its own.
        if any(pattern.search(part) and not INSTALL.search(part) for part in SHELL_SEPARATOR.split(line)):
            return Evidence(step.path, number, line)
    guarded = lazy_re.compile(rf"^(?!.*(?:{INSTALL.pattern})).*?(?:{pattern.pattern})", pattern.flags | re.IGNORECASE)
    if (found := find_in_command(ctx, step.text, guarded)) is not None:
        return found
    if (found := _in_dockerfile(ctx, step.text, guarded) or _in_nested_scripts(ctx, step.text, guarded)) is not None:
        return found
    if depth == 0:
        return None
    for spec in _job_specs(ctx, step):
        for inner in _spec_steps(ctx, spec):
            if found := step_runs(ctx, inner, pattern, depth - 1):
                return found
    return None


def _job_specs(ctx: Context, step: Step) -> list[str]:
    """YAML files a step names: job specs, or templates (relative to the including file, as Azure reads them)."""
    index = ctx.get(file_index)
    folder = step.path.rpartition("/")[0]
    found = []
    for match in JOB_SPEC.finditer(step.text):
        name = match.group(1).removeprefix("/")
        for path in (name, f"{folder}/{name}" if folder else name):
            if path in index and path != step.path and path not in found:
                found.append(path)
                break
    return found


def _spec_steps(ctx: Context, path: str) -> list[Step]:
    docs = load_yaml(ctx, path) or []
    steps = [s for doc in docs for s in commands_in(doc, path)]
    text = ctx.repo.read_text(path, limit=256 * 1024) or ""
    steps += [Step(path, text.count("\n", 0, m.start()) + 1, m.group(1)) for m in YAML_COMMAND.finditer(text)]
    return steps


def _in_dockerfile(ctx: Context, command: str, pattern: re.Pattern[str]) -> Evidence | None:
    index = ctx.get(file_index)
    for match in DOCKER_BUILD.finditer(command):
        args = match.group(1).split()
        named = next((args[i + 1] for i, a in enumerate(args[:-1]) if a in {"-f", "--file"}), None)
        context = next((a for a in reversed(args) if not a.startswith("-")), ".").strip("'\"")
        path = (named or f"{context.rstrip('/')}/Dockerfile").removeprefix("./")
        if path not in index:
            continue
        for number, line in enumerate((ctx.repo.read_text(path) or "").splitlines(), 1):
            if line.lstrip().upper().startswith("RUN") and pattern.search(line.lstrip()[3:].strip()):
                return Evidence(path, number, line.strip())
    return None


def _in_nested_scripts(
    ctx: Context, command: str, pattern: re.Pattern[str], base: str = "", depth: int = 3
) -> Evidence | None:
    # A step's `working-directory:` is not in its text: `bash scripts/test.sh` may be backend/scripts/test.sh,
    # and scripts call scripts (relative to the same working directory).
    for match in SCRIPT.finditer(command):
        name = match.group(1)
        for path in _script_paths(ctx, name, base):
            text = ctx.repo.read_text(path, limit=256 * 1024) or ""
            for number, line in enumerate(text.splitlines(), 1):
                if not line.lstrip().startswith("#") and script_runs(pattern, line.strip()):
                    return Evidence(path, number, line.strip())
            here = path.removesuffix(name)
            if depth > 1 and (found := _in_nested_scripts(ctx, text, pattern, here, depth - 1)) is not None:
                return found
    return None


def _script_paths(ctx: Context, name: str, base: str = "") -> tuple[str, ...]:
    index = ctx.get(file_index)
    nested = [p for p in index.with_ext(name.rpartition(".")[2]) if p.endswith("/" + name)][:3]
    ordered = [p for p in (base + name, name, *nested) if p in index]
    return tuple(dict.fromkeys(ordered))


def opaque(ctx: Context, step: Step) -> bool:
    """Whether a step calls something that cannot be read: a missing script or another repository's workflow."""
    missing = any(not _script_paths(ctx, m.group(1)) for m in SCRIPT.finditer(step.text))
    return missing or bool(REMOTE_WORKFLOW.search(step.text))


def text_start(ctx: Context, step: Step) -> int:
    """The file line of a step's first command (the line after `run: |`)."""
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
    for path in ctx.get(file_index).matching(
        CI_TEMPLATE_PATH, hints=(".github/", ".gitlab", "azure-pipelines", ".azure/")
    ):
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


def describe_triggers(triggers: frozenset[str]) -> str:
    """Triggers in words: `a schedule or manual runs`; empty: `nothing of its own`."""
    words = sorted(TRIGGER_WORDS.get(t, "other events") for t in triggers)
    return " or ".join(dict.fromkeys(words)) if words else "nothing of its own"


# A cluster the job creates and throws away (kind, k3d, minikube): what it applies there is a test.
THROWAWAY_CLUSTER: Final = lazy_re.compile(
    r"uses:\s*(?:helm/kind-action|container-tools/kind-action|engineerd/setup-kind|medyagh/setup-minikube"
    r"|AbsaOSS/k3d-action|nolar/setup-k3d-k3s)|\bkind\s+create\s+cluster\b|\bk3d\s+cluster\s+create\b"
    r"|\bminikube\s+start\b",
    re.IGNORECASE,
)


def on_throwaway_cluster(job: Job) -> bool:
    """Whether the job creates a local cluster (kind, k3d, minikube): its applies only test manifests."""
    return any(THROWAWAY_CLUSTER.search(step.text) for step in job.steps)
