"""One assessment, end to end: open the repository, read its settings, run the engine.

Kept apart from the CLI so that tests, the regression gate and other tools get a Report
without going through click.
"""

from __future__ import annotations

from pathlib import Path

from mlops_lint.config import ConfigError, Settings, parse_pyproject_config, parse_yaml_config, settings
from mlops_lint.context import Context
from mlops_lint.detectors import DETECTORS
from mlops_lint.engine import run
from mlops_lint.model import Report
from mlops_lint.repo import RepoError, RepoSnapshot
from mlops_lint.rules import load_criteria, select


class AssessError(Exception):
    """The assessment cannot start: bad path, repository, configuration or selection."""


def assess(
    path: str | Path,
    *,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    config_file: Path | None = None,
) -> Report:
    """Assess the repository at `path` and return the finished report."""
    try:
        repo = RepoSnapshot.open(path)
        ctx = Context(repo)
        config = load_config_file(config_file) if config_file else ctx.get(settings)
        ctx = Context(repo, {settings: config})
    except (RepoError, ConfigError) as exc:
        raise AssessError(str(exc)) from exc
    criteria = _chosen(select or [], ignore or [])
    return run(ctx, criteria, DETECTORS, target=str(path))


def load_config_file(path: Path) -> Settings:
    """Settings from an explicit --config file (YAML, or a pyproject.toml)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        msg = f"{path}: cannot read the configuration: {exc.strerror}"
        raise ConfigError(msg) from exc
    if path.name == "pyproject.toml":
        return parse_pyproject_config(str(path), text)
    return parse_yaml_config(str(path), text)


def _chosen(selected: list[str], ignored: list[str]) -> list:  # type: ignore[type-arg]
    try:
        wanted = select(selected) if selected else {c.number for c in load_criteria()}
        wanted -= select(ignored)
    except ValueError as exc:
        raise AssessError(str(exc)) from exc
    return [c for c in load_criteria() if c.number in wanted]
