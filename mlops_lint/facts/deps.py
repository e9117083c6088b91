"""The dependency model: declared requirements, how tightly they are pinned, and lock files.

Reads requirements files, pyproject.toml (PEP 621, Poetry, PDM, dependency groups), setup.cfg,
setup.py (as text, never run), Pipfile, conda environment files and Dockerfiles. Requirement
strings are parsed with `packaging`, the reference implementation of PEP 508.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any, Final

from mlops_lint import lazy_re
from mlops_lint.context import Context
from mlops_lint.facts.files import file_index
from mlops_lint.facts.parse import items, load_toml, load_yaml, seq

LOCK_FILES: Final = frozenset(
    {"poetry.lock", "uv.lock", "pdm.lock", "pipfile.lock", "pixi.lock", "conda-lock.yml", "conda-lock.yaml",
     "requirements.lock", "requirements-lock.txt", "requirements.lock.txt", "pylock.toml", "manifest.toml"}
)  # fmt: skip
REQUIREMENTS_NAME: Final = lazy_re.compile(
    r"(^|/)([\w.-]*requirements[\w.-]*\.(txt|in)|requirements/[\w.-]+\.(txt|in))$"
)
CONDA_NAME: Final = lazy_re.compile(r"(^|/)(environment|conda|env)[\w.-]*\.ya?ml$")
DOCKERFILE: Final = lazy_re.compile(r"(^|/)(Dockerfile[\w.-]*|[\w.-]+\.Dockerfile|Containerfile)$")
PIN: Final = lazy_re.compile(r"^\s*===?\s*[\w.*+!-]+\s*$")
NAME: Final = lazy_re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclasses.dataclass(frozen=True, slots=True)
class Requirement:
    """One declared dependency and where it is declared."""

    name: str  # normalised (PEP 503): lower case, runs of -_. as -
    spec: str
    pinned: bool
    path: str
    line: int | None


@dataclasses.dataclass(frozen=True, slots=True)
class Dependencies:
    """Every declared requirement, the lock files, and the files that define environments."""

    requirements: tuple[Requirement, ...]
    locks: tuple[str, ...]
    env_files: tuple[str, ...]
    dockerfiles: tuple[str, ...]

    def find(self, *names: str) -> tuple[Requirement, ...]:
        """Requirements on any of the (un-normalised) package names."""
        wanted = {normalise(n) for n in names}
        return tuple(r for r in self.requirements if r.name in wanted)

    @property
    def names(self) -> frozenset[str]:
        """The normalised names of every requirement."""
        return frozenset(r.name for r in self.requirements)


def normalise(name: str) -> str:
    """PEP 503 normalisation: `Scikit_Learn` -> `scikit-learn`."""
    return re.sub(r"[-_.]+", "-", name).lower()


def dependencies(ctx: Context) -> Dependencies:
    """Collect the dependency model from every environment file the repository tracks."""
    index = ctx.get(file_index)
    reqs: list[Requirement] = []
    env_files: list[str] = []
    for path in index.matching(REQUIREMENTS_NAME, hints=("requirements",)):
        env_files.append(path)
        reqs += _requirements_txt(ctx, path)
    for path in index.named("pyproject.toml"):
        found = list(_pyproject(ctx, path))
        if found:
            env_files.append(path)
            reqs += found
    for path in index.named("pipfile"):
        env_files.append(path)
        reqs += _pipfile(ctx, path)
    for path in index.matching(CONDA_NAME, hints=("env", "conda")):
        found = list(_conda(ctx, path))
        if found:
            env_files.append(path)
            reqs += found
    for path in index.named("setup.py", "setup.cfg"):
        env_files.append(path)
        reqs += _setup(ctx, path)
    locks = index.named(*LOCK_FILES)
    dockerfiles = index.matching(DOCKERFILE, hints=("dockerfile", "containerfile"))
    return Dependencies(tuple(reqs), locks, tuple(env_files), dockerfiles)


def parse_requirement(text: str, path: str, line: int | None) -> Requirement | None:
    """A PEP 508 string (or a conda spec such as `numpy=1.26`) as a Requirement."""
    from packaging.requirements import (  # noqa: PLC0415 - only when dependencies are read
        InvalidRequirement,
    )
    from packaging.requirements import Requirement as Pep508  # noqa: PLC0415

    text = text.split(" #", 1)[0].strip()
    if not text or text.startswith(("-", "#", "git+", "http", ".", "/")):
        return None
    try:
        parsed = Pep508(text)
    except InvalidRequirement:
        match = NAME.match(text)
        if match is None:
            return None
        rest = text[match.end() :].strip()
        pinned = bool(re.match(r"^==?\s*[\w.]+$", rest)) and "*" not in rest
        return Requirement(normalise(match.group(1)), rest, pinned, path, line)
    spec = str(parsed.specifier)
    pinned = parsed.url is not None or bool(PIN.match(spec))
    return Requirement(normalise(parsed.name), spec, pinned, path, line)


def _requirements_txt(ctx: Context, path: str) -> Iterator[Requirement]:
    text = ctx.repo.read_text(path) or ""
    hashed = "--hash=" in text
    for number, raw in enumerate(text.splitlines(), 1):
        req = parse_requirement(raw.split("--hash", 1)[0].rstrip(" \\"), path, number)
        if req is not None:
            yield dataclasses.replace(req, pinned=req.pinned or hashed)


def _pyproject(ctx: Context, path: str) -> Iterator[Requirement]:
    data = load_toml(ctx, path) or {}
    text = ctx.repo.read_text(path) or ""
    project: dict[str, Any] = data["project"] if isinstance(data.get("project"), dict) else {}
    groups: list[Any] = [project.get("dependencies")]
    groups += [v for _, v in items(project.get("optional-dependencies"))]
    groups += [v for _, v in items(data.get("dependency-groups"))]
    for group in groups:
        for raw in group if isinstance(group, list) else []:
            if isinstance(raw, str) and (req := parse_requirement(raw, path, _line_of(text, raw))):
                yield req
    poetry = data.get("tool", {}).get("poetry", {}) if isinstance(data.get("tool"), dict) else {}
    tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
    tables += [g.get("dependencies") for _, g in items(poetry.get("group")) if isinstance(g, dict)]
    for table in tables:
        for name, spec in items(table):
            if str(name).lower() == "python":
                continue
            version = spec.get("version", "") if isinstance(spec, dict) else str(spec)
            pinned = bool(re.match(r"^=?=?\s*\d[\w.]*$", version.strip()))
            yield Requirement(normalise(str(name)), version, pinned, path, _line_of(text, f"{name} ="))


def _pipfile(ctx: Context, path: str) -> Iterator[Requirement]:
    data = load_toml(ctx, path) or {}
    for section in ("packages", "dev-packages"):
        for name, spec in items(data.get(section)):
            version = spec.get("version", "*") if isinstance(spec, dict) else str(spec)
            yield Requirement(normalise(str(name)), version, version.startswith("=="), path, None)


def _conda(ctx: Context, path: str) -> Iterator[Requirement]:
    docs = load_yaml(ctx, path)
    doc = docs[0] if docs and isinstance(docs[0], dict) else {}
    for dep, line in seq(doc.get("dependencies")):
        if isinstance(dep, str):
            if (req := parse_requirement(_conda_spec(dep), path, line)) is not None:
                yield req
        elif isinstance(dep, dict):
            for pip_dep, pip_line in seq(dep.get("pip")):
                if isinstance(pip_dep, str) and (req := parse_requirement(pip_dep, path, pip_line)):
                    yield req


def _conda_spec(dep: str) -> str:
    spec = dep.rsplit("::", maxsplit=1)[-1]
    if "==" not in spec and re.search(r"\w=\d", spec):  # conda's `numpy=1.26` pins 1.26.*
        spec = spec.replace("=", "==", 1)
    return spec


def _setup(ctx: Context, path: str) -> Iterator[Requirement]:
    text = ctx.repo.read_text(path) or ""
    block = re.search(r"install_requires\s*[=:]\s*\[?([^\]]*)", text, re.DOTALL)
    if block is None:
        return
    body = block.group(1)
    strings = re.findall(r"['\"]([^'\"]+)['\"]", body) if path.endswith(".py") else body.splitlines()
    for raw in strings:
        if (req := parse_requirement(raw, path, _line_of(text, raw.strip()))) is not None:
            yield req


def _line_of(text: str, needle: str) -> int | None:
    at = text.find(needle) if needle else -1
    return None if at < 0 else text.count("\n", 0, at) + 1
