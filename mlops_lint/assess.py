"""One assessment, end to end: open the repository (now, or at a revision), read its settings,
run the engine; and the comparison with a base revision or a baseline file.

Kept apart from the CLI so that tests, the gate and other tools get Reports without click.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from mlops_lint.background import in_background
from mlops_lint.compare import compare, report_from_json, with_comparison
from mlops_lint.config import ConfigError, Settings, parse_pyproject_config, parse_yaml_config, settings
from mlops_lint.context import Context
from mlops_lint.detectors import DETECTORS
from mlops_lint.engine import run
from mlops_lint.gitcmd import RepoError
from mlops_lint.model import Criterion, Report
from mlops_lint.repo import RepoSnapshot
from mlops_lint.revision import RevisionSnapshot, head_state, start_worktree_changes, worktree_changes
from mlops_lint.rules import load_criteria, select


class AssessError(Exception):
    """The assessment cannot start: bad path, repository, revision, configuration or selection."""


def assess(  # noqa: PLR0913 - keyword-only, one per command-line option
    path: str | Path,
    *,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    config_file: Path | None = None,
    revision: str | None = None,
    changes: frozenset[str] | None = None,
    opening: Callable[[], RepoSnapshot] | None = None,
    retain: list[object] | None = None,
) -> Report:
    """Assess the repository at `path`, as it is or as it was at `revision`.

    `changes` (the work tree's changes against HEAD) lets the revision read unchanged files from
    disk; `opening` is `RepoSnapshot.opening(path)` when the caller started the listing early.
    The facts are appended to `retain` when given: a command that exits at once after writing
    its report need not free them object by object first (~50 ms on a large repository).
    """
    criteria = _chosen(select or [], ignore or [])
    try:
        if revision:
            repo: RepoSnapshot = RevisionSnapshot.at(path, revision, changes=changes)
        else:
            repo = (opening or RepoSnapshot.opening(path))()
    except RepoError as exc:
        raise AssessError(str(exc)) from exc
    try:
        config = load_config_file(config_file) if config_file else Context(repo).get(settings)
        ctx = Context(repo, {settings: config})
        if retain is not None:
            retain.append(ctx)
        return run(ctx, criteria, DETECTORS, target=str(path))
    except ConfigError as exc:
        raise AssessError(f"{exc} (at revision {revision})" if revision else str(exc)) from exc
    finally:
        if isinstance(repo, RevisionSnapshot):
            repo.close()


def assess_against(  # noqa: PLR0913 - keyword-only, one per command-line option
    path: str | Path,
    *,
    base: str | None = None,
    baseline: Path | None = None,
    strict: bool = False,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    opening: Callable[[], RepoSnapshot] | None = None,
    retain: list[object] | None = None,
) -> Report:
    """Assess now, and compare with a base revision (or `auto`) or a baseline JSON report."""
    if baseline is None and base is not None and not (base == "HEAD" and _no_commits(path)):
        ref = resolve_base(path, base, os.environ if environ is None else environ)  # a bad base fails first
        # The base revision is assessed on a second core while the head is assessed here.
        base_job = in_background(_assess_base, path, ref, select, ignore, config_file)
        try:
            head = assess(path, select=select, ignore=ignore, config_file=config_file, opening=opening, retain=retain)
        except BaseException:
            base_job.cancel()
            raise
        before, changes = base_job.result()
        label = base if base == ref else f"{base} ({ref[:12]})"
    else:
        try:
            pending: Callable[[], frozenset[str]] | None = start_worktree_changes(path)  # beside the head's
        except RepoError:
            pending = None
        try:
            head = assess(path, select=select, ignore=ignore, config_file=config_file, opening=opening, retain=retain)
        finally:
            changes = _collected(pending)
        if baseline is not None:
            before, label = load_baseline(baseline), str(baseline)
        else:  # before the first commit (a pre-commit hook in a new repository) nothing can regress
            before, label = Report(head.tool_version, head.target_path, None, ()), "HEAD (no commits yet)"
    try:
        sha, dirty = head_state(path, changes)
    except RepoError:
        sha, dirty = None, True
    comparison = compare(before, head, strict=strict, head_sha=None if dirty else sha, base_label=label)
    return with_comparison(head, comparison)


def _assess_base(
    path: str | Path, ref: str, select: list[str] | None, ignore: list[str] | None, config_file: Path | None
) -> tuple[Report, frozenset[str] | None]:
    """The base revision's report, and the work tree's changes (which decide what is read from disk)."""
    try:
        changes: frozenset[str] | None = worktree_changes(path)
    except RepoError:
        changes = None
    report = assess(path, select=select, ignore=ignore, config_file=config_file, revision=ref, changes=changes)
    return report, changes


def _collected(pending: Callable[[], frozenset[str]] | None) -> frozenset[str] | None:
    try:
        return pending() if pending is not None else None
    except RepoError:
        return None


def _no_commits(path: str | Path) -> bool:
    try:
        sha, _ = head_state(path)
    except RepoError:
        return False  # not a git work tree: let resolving HEAD report it
    return sha is None


def resolve_base(path: str | Path, base: str, environ: Mapping[str, str]) -> str:
    """`auto` becomes the pull request's base commit in GitHub Actions or GitLab CI."""
    if base != "auto":
        return base
    event = environ.get("GITHUB_EVENT_NAME", "")
    if event in {"pull_request", "pull_request_target"}:
        try:
            sha, _ = head_state(path)
            parents = RepoSnapshot.parents(path, sha) if sha else ()
        except RepoError:
            parents = ()
        if len(parents) == 2:  # the PR's merge commit: its first parent is the base branch
            return parents[0]
        from_event = _event_base_sha(environ.get("GITHUB_EVENT_PATH", ""))
        if from_event:
            return from_event
        msg = "--base auto: cannot find the pull request's base (no merge commit and no event file)"
        raise AssessError(msg)
    if environ.get("CI_MERGE_REQUEST_DIFF_BASE_SHA"):
        return environ["CI_MERGE_REQUEST_DIFF_BASE_SHA"]
    msg = (
        "--base auto works in GitHub pull_request workflows and GitLab merge request pipelines; "
        "elsewhere name the base revision, e.g. --base origin/main"
    )
    raise AssessError(msg)


def _event_base_sha(event_path: str) -> str | None:
    if not event_path:
        return None
    try:
        event = json.loads(Path(event_path).read_text(encoding="utf-8"))
        sha = event["pull_request"]["base"]["sha"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return sha if isinstance(sha, str) else None


def load_baseline(path: Path) -> Report:
    """A baseline file written by `mlops-lint baseline` (a JSON report)."""
    try:
        return report_from_json(json.loads(path.read_text(encoding="utf-8")))
    except OSError as exc:
        msg = f"{path}: cannot read the baseline: {exc.strerror}"
        raise AssessError(msg) from exc
    except ValueError as exc:
        msg = f"{path}: not a usable baseline: {exc}"
        raise AssessError(msg) from exc


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


def _chosen(selected: list[str], ignored: list[str]) -> list[Criterion]:
    try:
        wanted = select(selected) if selected else {c.number for c in load_criteria()}
        wanted -= select(ignored)
    except ValueError as exc:
        raise AssessError(str(exc)) from exc
    return [c for c in load_criteria() if c.number in wanted]
