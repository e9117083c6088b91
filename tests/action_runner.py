"""Run a composite action's steps the way a GitHub runner does, without a runner.

Parses `action.yml`, evaluates the simple expressions it uses (`${{ inputs.x }}`,
`${{ github.action_path }}`, `${{ runner.temp }}`, `${{ steps.id.outputs.x }}`, `if:` with
`==`, `!=`, `&&`, `||`, `!` and parentheses), replaces each `uses:` step with a stub, and runs each
`run:` step with `bash --noprofile --norc -eo pipefail` in the step's environment, with fresh
GITHUB_OUTPUT, GITHUB_ENV and GITHUB_STEP_SUMMARY files, as the runner does. A failing step
skips the steps after it (unless `continue-on-error`), and the job fails.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

Stub = Callable[[Mapping[str, str]], Mapping[str, str]]
STEP_TIMEOUT = 240
_TOKEN = re.compile(r"\s*(?:('(?:[^']|'')*')|(==|!=|&&|\|\||!|\(|\))|([A-Za-z_][\w.\-]*(?:\(\))?))")
_EXPR = re.compile(r"\$\{\{(.*?)\}\}")
_COMMAND = re.compile(r"^::(\w+)(?: ([^:]*))?::(.*)$")


@dataclasses.dataclass
class Job:
    """What a run of the action left behind."""

    succeeded: bool = True
    failed_step: str | None = None
    steps: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)  # id -> outputs, outcome
    ran: list[str] = dataclasses.field(default_factory=list)  # step names, in order; stubs included
    outputs: dict[str, str] = dataclasses.field(default_factory=dict)
    summary: str = ""
    log: str = ""
    commands: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)  # (command, properties, message)


class Runner:
    """One job that uses the action once per `run()` call, in `workspace`."""

    def __init__(
        self, action_dir: Path, workspace: Path, temp: Path, *, env: Mapping[str, str], stubs: Mapping[str, Stub]
    ) -> None:
        self.action_dir, self.workspace, self.temp = action_dir, workspace, temp
        self.env, self.stubs = dict(env), stubs
        self.definition = yaml.safe_load((action_dir / "action.yml").read_text(encoding="utf-8"))

    def run(self, event_name: str, event_path: Path, inputs: Mapping[str, str] | None = None) -> Job:
        job = Job()
        contexts: dict[str, Any] = {
            "github": {
                "action_path": str(self.action_dir),
                "event_name": event_name,
                "token": self.env["GITHUB_TOKEN"],
                "workspace": str(self.workspace),
            },
            "runner": {"temp": str(self.temp), "os": "Linux"},
            "steps": job.steps,
        }
        given = dict(inputs or {})
        contexts["inputs"] = {
            name: given[name] if name in given else self.interpolate(str(spec.get("default", "")), contexts)
            for name, spec in self.definition.get("inputs", {}).items()
        }
        base_env = {**self.env, "GITHUB_EVENT_NAME": event_name, "GITHUB_EVENT_PATH": str(event_path),
                    "GITHUB_WORKSPACE": str(self.workspace), "RUNNER_TEMP": str(self.temp),
                    "GITHUB_ACTION_PATH": str(self.action_dir), "GITHUB_ACTIONS": "true", "CI": "true"}  # fmt: skip
        for number, step in enumerate(self.definition["runs"]["steps"]):
            condition = str(step.get("if", "success()"))
            if not re.search(r"\b(success|failure|always|cancelled)\(\)", condition):
                condition = f"success() && ({_EXPR.sub(lambda m: m.group(1), condition)})"  # as the runner does
            if not truthy(self.evaluate(condition, contexts, job_ok=job.succeeded)):
                continue
            name = step.get("name", step.get("uses", f"step {number}"))
            job.ran.append(name)
            ok, outputs = (
                self._uses(step, contexts) if "uses" in step else self._run(step, contexts, base_env, number, job)
            )
            if "id" in step:
                job.steps[step["id"]] = {"outputs": outputs, "outcome": "success" if ok else "failure"}
            if not ok and not step.get("continue-on-error"):
                job.succeeded, job.failed_step = False, name
        job.outputs = {
            name: self.interpolate(str(spec.get("value", "")), contexts)
            for name, spec in self.definition.get("outputs", {}).items()
        }
        return job

    def _uses(self, step: Mapping[str, Any], contexts: Mapping[str, Any]) -> tuple[bool, dict[str, str]]:
        action, _, ref = str(step["uses"]).partition("@")
        if action not in self.stubs:
            msg = f"no stub for {action}"
            raise AssertionError(msg)
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{action} is not pinned by a full commit sha: {ref}"
        given = {k: self.interpolate(_string(v), contexts) for k, v in (step.get("with") or {}).items()}
        return True, dict(self.stubs[action](given))

    def _run(
        self, step: Mapping[str, Any], contexts: Mapping[str, Any], base_env: Mapping[str, str], number: int, job: Job
    ) -> tuple[bool, dict[str, str]]:
        assert step.get("shell") == "bash", "composite run steps must name their shell"
        assert "${{" not in step["run"], "an expression inside run: is a script injection"
        files = {name: self.temp / f"_runner_{name.lower()}_{id(job)}_{number}" for name in
                 ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_STEP_SUMMARY", "GITHUB_STATE")}  # fmt: skip
        for path in files.values():
            path.write_text("", encoding="utf-8")
        env = {**base_env, **{k: str(v) for k, v in files.items()}}
        env |= {k: self.interpolate(str(v), contexts) for k, v in (step.get("env") or {}).items()}
        script = self.temp / f"_runner_script_{id(job)}_{number}.sh"
        script.write_text(step["run"], encoding="utf-8")
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace, env=env, capture_output=True, text=True, timeout=STEP_TIMEOUT, check=False,
        )  # fmt: skip
        job.log += f"--- {step.get('name')} (exit {done.returncode})\n{done.stdout}{done.stderr}"
        for line in (done.stdout + done.stderr).splitlines():
            if found := _COMMAND.match(line):
                job.commands.append((found.group(1), found.group(2) or "", found.group(3)))
        job.summary += files["GITHUB_STEP_SUMMARY"].read_text(encoding="utf-8")
        return done.returncode == 0, parse_file_commands(files["GITHUB_OUTPUT"].read_text(encoding="utf-8"))

    def interpolate(self, text: str, contexts: Mapping[str, Any]) -> str:
        return _EXPR.sub(lambda m: _string(self.evaluate(m.group(1), contexts, job_ok=True)), text)

    def evaluate(self, expression: str, contexts: Mapping[str, Any], *, job_ok: bool) -> Any:
        expression = _EXPR.sub(lambda m: m.group(1), expression)
        return _Parser(_tokens(expression), contexts, job_ok).parse()


def parse_file_commands(text: str) -> dict[str, str]:
    """`name=value` lines and `name<<DELIMITER` blocks, as in GITHUB_OUTPUT."""
    values: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body = []
            for inner in lines:
                if inner == delimiter:
                    break
                body.append(inner)
            values[name] = "\n".join(body)
        elif "=" in line:
            name, value = line.split("=", 1)
            values[name] = value
    return values


def truthy(value: Any) -> bool:
    return bool(value) or isinstance(value, (dict, list))  # objects are truthy, even empty ones


def _string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _tokens(expression: str) -> list[str]:
    tokens, position = [], 0
    while position < len(expression.rstrip()):
        found = _TOKEN.match(expression, position)
        if not found:
            msg = f"cannot read the expression at {expression[position:]!r}"
            raise ValueError(msg)
        tokens.append(next(g for g in found.groups() if g is not None))
        position = found.end()
    return tokens


class _Parser:
    """or := and ('||' and)*; and := not ('&&' not)*; not := '!' not | cmp; cmp := atom (('=='|'!=') atom)?"""

    def __init__(self, tokens: list[str], contexts: Mapping[str, Any], job_ok: bool) -> None:
        self.tokens, self.contexts, self.job_ok = tokens, contexts, job_ok

    def parse(self) -> Any:
        value = self._or()
        assert not self.tokens, f"unexpected {self.tokens}"
        return value

    def _or(self) -> Any:
        value = self._and()
        while self.tokens[:1] == ["||"]:
            self.tokens.pop(0)
            right = self._and()
            value = value if truthy(value) else right
        return value

    def _and(self) -> Any:
        value = self._not()
        while self.tokens[:1] == ["&&"]:
            self.tokens.pop(0)
            right = self._not()
            value = right if truthy(value) else value
        return value

    def _not(self) -> Any:
        if self.tokens[:1] == ["!"]:
            self.tokens.pop(0)
            return not truthy(self._not())
        value = self._atom()
        if self.tokens[:1] in (["=="], ["!="]):
            operator = self.tokens.pop(0)
            same = _string(value).lower() == _string(self._atom()).lower()  # case-insensitive, as GitHub's
            return same if operator == "==" else not same
        return value

    def _atom(self) -> Any:
        token = self.tokens.pop(0)
        if token == "(":
            value = self._or()
            assert self.tokens.pop(0) == ")"
            return value
        if token.startswith("'"):
            return token[1:-1].replace("''", "'")
        if token in {"success()", "failure()", "always()"}:
            return {"success()": self.job_ok, "failure()": not self.job_ok, "always()": True}[token]
        if token in {"true", "false", "null"}:
            return {"true": True, "false": False, "null": None}[token]
        found: Any = self.contexts
        for part in token.split("."):
            found = found.get(part) if isinstance(found, Mapping) else None
        return found


def default_env(**extra: str) -> dict[str, str]:
    """A runner's environment: the machine's PATH and HOME, nothing from the CI running the tests."""
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT"}}
    return {**keep, **extra}
