"""Follow a command one step to what it really runs: a Makefile target, a shell script, lint-staged.

Hooks and CI steps often wrap the tool that matters (`make clean` whose target depends on a
`style` target running black; `./scripts/lint.sh`; husky's `npx lint-staged`). `find_in_command`
looks for a pattern through those wrappers, reading only the files the command names, and
returns the line that matched as evidence. Nothing is executed.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shlex
from collections.abc import Iterator, Mapping
from typing import Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.files import file_index
from mlops_lint.model import Evidence

MAKE: Final = lazy_re.compile(r"(?<![\w./-])(?:make|gmake|\$\(MAKE\)|\$\{MAKE\})((?:[ \t]+[^\s;&|<>()]+)*)")
MAKEFILES: Final = ("GNUmakefile", "makefile", "Makefile")
TARGET: Final = lazy_re.compile(
    r"^(?P<targets>[^\s:#=][^:#=]*?)\s*::?(?!=)\s*(?P<deps>[^=;#]*?)\s*(?:;(?P<inline>.*)|#.*)?$"
)
SCRIPT_EXTS: Final = ("", "sh", "bash", "zsh")
LINT_STAGED: Final = (".lintstagedrc", ".lintstagedrc.json", ".lintstagedrc.yaml", ".lintstagedrc.yml",
                      "lint-staged.config.js", "lint-staged.config.mjs", "lint-staged.config.cjs",
                      ".lintstagedrc.js", ".lintstagedrc.mjs", ".lintstagedrc.cjs")  # fmt: skip
MAX_DEPTH: Final = 4
QUOTED: Final = lazy_re.compile(r"\"[^\"\n]*\"|'[^'\n]*'")
SEPARATOR: Final = lazy_re.compile(r"\|\||&&|;|\|")
MESSAGE: Final = lazy_re.compile(r"\s*(?:echo|printf|die|fail|fatal|abort|error|warn(?:ing)?|info|log|msg|note)\b")
TASK_RUNNER: Final = lazy_re.compile(r"(?<![\w./-])(mise|just|task|go-task|poe)(?:\s+run)?\s+[\w:.-]+")


@dataclasses.dataclass(frozen=True, slots=True)
class MakeTarget:
    """A Makefile rule: its prerequisites and recipe lines (line number, text)."""

    name: str
    line: int
    prerequisites: tuple[str, ...]
    recipe: tuple[tuple[int, str], ...]


def make_targets(text: str) -> Mapping[str, MakeTarget]:
    """The rules of a Makefile, by target name (prerequisites of repeated rules add up, as in make)."""
    rules: dict[str, tuple[int, list[str], list[tuple[int, str]]]] = {}
    current: list[str] = []
    for number, raw in enumerate(text.splitlines(), 1):
        if raw.startswith("\t"):
            for name in current:
                rules[name][2].append((number, raw.strip()))
            continue
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        match = TARGET.match(raw)
        current = []
        if match is None or raw.startswith((" ", "export ", "define ", "ifeq", "ifneq", "ifdef", "else", "endif")):
            continue
        for name in match.group("targets").split():
            if name == ".PHONY":
                continue
            rule = rules.setdefault(name, (number, [], []))
            rule[1].extend(match.group("deps").split())
            if match.group("inline"):
                rule[2].append((number, match.group("inline").strip()))
            current.append(name)
    return {n: MakeTarget(n, line, tuple(deps), tuple(recipe)) for n, (line, deps, recipe) in rules.items()}


def find_in_command(ctx: Context, command: str, pattern: re.Pattern[str]) -> Evidence | None:
    """The first line matching `pattern` in the Makefile targets, scripts or lint-staged config a command runs."""
    for finder in (_in_make, _in_scripts, _in_lint_staged, _in_task_runner):
        if (found := finder(ctx, command, pattern)) is not None:
            return found
    return None


def _in_task_runner(ctx: Context, command: str, pattern: re.Pattern[str]) -> Evidence | None:
    """mise, just, Task and poe keep task definitions in their own files: search those.

    The files are searched as a whole, not task by task: the line found is shown as evidence,
    so a person can see which task it belongs to.
    """
    index = ctx.get(file_index)
    for match in TASK_RUNNER.finditer(command):
        runner = match.group(1)
        if runner == "mise":
            files = [*index.named("mise.toml", ".mise.toml"), *index.under(".mise/tasks", "mise-tasks", "tasks")]
        elif runner == "just":
            files = list(index.named("justfile", ".justfile"))
        elif runner in {"task", "go-task"}:
            files = list(index.named("Taskfile.yml", "Taskfile.yaml", "taskfile.yml"))
        else:
            files = [p for p in index.named("pyproject.toml") if "/" not in p]
        for path in sorted(files)[:20]:
            for number, line in enumerate((ctx.repo.read_text(path) or "").splitlines(), 1):
                if pattern.search(line) and not line.lstrip().startswith("#"):
                    return Evidence(path, number, line.strip())
    return None


def _in_make(ctx: Context, command: str, pattern: re.Pattern[str]) -> Evidence | None:
    for match in MAKE.finditer(command):
        directory, targets = _make_args(match.group(1))
        path = _makefile(ctx, directory)
        if path is None:
            continue
        rules = make_targets(ctx.repo.read_text(path) or "")
        wanted = targets or [n for n in rules if not n.startswith(".")][:1]
        if (found := _search_rules(path, rules, wanted, pattern)) is not None:
            return found
    return None


def _make_args(args: str) -> tuple[str, list[str]]:
    words = args.split()
    directory, targets, skip = "", [], False
    for i, word in enumerate(words):
        if skip:
            skip = False
        elif word in {"-C", "--directory", "-f", "--file"}:
            directory = words[i + 1] if word in {"-C", "--directory"} and i + 1 < len(words) else directory
            skip = True
        elif not word.startswith("-") and "=" not in word:
            targets.append(word.strip("'\""))
    return directory.strip("'\"./"), targets


def _makefile(ctx: Context, directory: str) -> str | None:
    index = ctx.get(file_index)
    prefix = f"{directory}/" if directory else ""
    return next((prefix + n for n in MAKEFILES if prefix + n in index), None)


def _search_rules(
    path: str, rules: Mapping[str, MakeTarget], wanted: list[str], pattern: re.Pattern[str]
) -> Evidence | None:
    queue = [(name, 0) for name in wanted]
    seen: set[str] = set()
    while queue:
        name, depth = queue.pop(0)
        rule = rules.get(name)
        if rule is None or name in seen or depth > MAX_DEPTH:
            continue
        seen.add(name)
        for number, line in rule.recipe:
            if pattern.search(line):
                return Evidence(path, number, line)
        nested = [t for _, line in rule.recipe for m in MAKE.finditer(line) for t in _make_args(m.group(1))[1]]
        queue += [(dep, depth + 1) for dep in (*rule.prerequisites, *nested)]
    return None


def _in_scripts(ctx: Context, command: str, pattern: re.Pattern[str]) -> Evidence | None:
    index = ctx.get(file_index)
    for token in _tokens(command):
        path = token.removeprefix("./")
        name = path.rpartition("/")[2]
        ext = name.rpartition(".")[2] if "." in name else ""
        if path in index and ext in SCRIPT_EXTS:
            text = ctx.repo.read_text(path, limit=256 * 1024) or ""
            for number, line in _code_lines(text):
                if script_runs(pattern, line):
                    return Evidence(path, number, line)
    return None


def script_runs(pattern: re.Pattern[str], line: str) -> bool:
    """Whether a script line runs a command matching `pattern`. What a message command prints is
    not run: `|| die "Has 'terraform apply' run?"` applies nothing, while `cmd="pytest -q"` (run
    later as `$cmd`) still counts."""
    if pattern.search(line) is None:
        return False
    parts = [QUOTED.sub('""', part) if MESSAGE.match(part) else part for part in SEPARATOR.split(line)]
    return pattern.search(" ; ".join(parts)) is not None


def _tokens(command: str) -> Iterator[str]:
    try:
        yield from shlex.split(command, comments=True)
    except ValueError:
        yield from command.split()


def _code_lines(text: str) -> Iterator[tuple[int, str]]:
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line and not line.startswith("#"):
            yield number, line


def _in_lint_staged(ctx: Context, command: str, pattern: re.Pattern[str]) -> Evidence | None:
    if "lint-staged" not in command:
        return None
    index = ctx.get(file_index)
    for name in LINT_STAGED:
        if name in index:
            for number, line in _code_lines(ctx.repo.read_text(name, limit=256 * 1024) or ""):
                if pattern.search(line):
                    return Evidence(name, number, line)
    if "package.json" in index:
        text = ctx.repo.read_text("package.json") or ""
        try:
            config = json.loads(text).get("lint-staged")
        except (ValueError, AttributeError, RecursionError):
            return None
        if config is not None and pattern.search(json.dumps(config)):
            number = text[: text.find('"lint-staged"')].count("\n") + 1
            return Evidence("package.json", number, f"lint-staged: {json.dumps(config)}")
    return None
