"""The command line: the only module that prints or exits.

Exit codes: 0 done; 1 the gate failed; 2 usage or input error (one line on stderr); 3 a detector
(or mlops-lint itself) crashed: a bug of ours, reported after the other answers.
"""

from __future__ import annotations

import inspect
import json
import os
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import click

from mlops_lint import __version__

if TYPE_CHECKING:
    from mlops_lint.repo import RepoSnapshot

EXIT_OK: Final = 0
EXIT_GATE: Final = 1
EXIT_USAGE: Final = 2
EXIT_CRASH: Final = 3
_RETAINED: list[object] = []  # the run's facts, kept until the process exits (see assess())
FORMATS: Final = ("text", "json", "markdown", "sarif", "gitlab", "github")


class InputError(click.ClickException):
    """A problem with what the user gave us: one line, exit 2."""

    exit_code = EXIT_USAGE

    def show(self, file: Any = None) -> None:  # noqa: ARG002 - always stderr
        click.echo(f"mlops-lint: error: {self.format_message()}", err=True)


class _DefaultToCheck(click.Group):
    """`mlops-lint PATH` means `mlops-lint check PATH`, as with ruff and repo-review."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in {"--help", "-h", "--version"}):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultToCheck, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="mlops-lint")
def cli() -> None:
    """How mature is this repository's MLOps practice? Answers the 60 criteria of the MLOps
    Maturity Assessment from the repository, with evidence, and leaves the rest for people to confirm.
    """


@cli.command()
@click.argument("path", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here.")
@click.option("--select", multiple=True, help="Only these criteria: numbers, slugs, sections (section2) or families.")
@click.option("--ignore", multiple=True, help="Leave these criteria out (same forms as --select).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Read settings from this file instead of the repository's .mlops-lint.yaml.")  # fmt: skip
@click.option("--base", metavar="REF", help="Compare with the repository at this revision (`auto` in PR pipelines).")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Compare with a JSON report written by `mlops-lint baseline`.")  # fmt: skip
@click.option("--strict", is_flag=True, help="Count yes -> unknown (or n/a) as a regression too.")
@click.option("--fail-on", type=click.Choice(["regression", "no", "never"]), default="regression",
              show_default=True, help="When to exit 1: a sections 1-4 regression versus the base, any sections 1-4 no, or never.")  # fmt: skip
@click.option("--also", "extra", multiple=True, metavar="FORMAT:FILE",
              help="Also write the same report in another format (FILE '-' for standard output); repeatable.")  # fmt: skip
@click.option("--no-color", is_flag=True, help="Never colour the output (NO_COLOR is honoured too).")
@click.option("-v", "--verbose", is_flag=True, help="Show every piece of evidence.")
def check(  # noqa: PLR0913, PLR0917 - one parameter per click option
    path: Path,
    fmt: str,
    output: Path | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_file: Path | None,
    base: str | None,
    baseline: Path | None,
    strict: bool,  # noqa: FBT001 - click flag
    fail_on: str,
    extra: tuple[str, ...],
    no_color: bool,  # noqa: FBT001 - click flag
    verbose: bool,  # noqa: FBT001 - click flag
) -> None:
    """Assess the repository at PATH (default: the current folder).

    With --base or --baseline, also compare criterion by criterion and gate on regressions.
    With --also, one assessment is written in several formats (a CI job needs JSON for its
    logic, Markdown for the summary, SARIF for code scanning: no need to assess three times).
    """
    if base and baseline:
        msg = "use --base or --baseline, not both"
        raise InputError(msg)
    opening = _start_listing(path)  # git lists the files while the detectors load
    from mlops_lint.assess import AssessError, assess, assess_against  # noqa: PLC0415 - keeps --help fast

    also = [_format_and_file(value) for value in extra]
    if sum(1 for _, target in [(fmt, output), *also] if target is None) > 1:
        msg = "only one report can go to standard output: give the others a file"
        raise InputError(msg)
    chosen, left_out = list(select), list(ignore)
    try:
        if base or baseline:
            report = assess_against(
                path,
                base=base,
                baseline=baseline,
                strict=strict,
                select=chosen,
                ignore=left_out,
                config_file=config_file,
                opening=opening,
                retain=_RETAINED,
            )
        else:
            report = assess(
                path, select=chosen, ignore=left_out, config_file=config_file, opening=opening, retain=_RETAINED
            )
    except AssessError as exc:
        raise InputError(str(exc)) from exc
    for each_fmt, target in [(fmt, output), *also]:
        color = each_fmt == "text" and target is None and not no_color and "NO_COLOR" not in os.environ
        color = color and sys.stdout.isatty()
        _write(_render(report, each_fmt, color=color, verbose=verbose), target, color=color)
    if report.errors:
        click.echo(f"mlops-lint: {len(report.errors)} detector(s) crashed; please report it", err=True)
        sys.exit(EXIT_CRASH)
    if _gate_fails(report, fail_on):
        sys.exit(EXIT_GATE)


def _start_listing(path: Path) -> Callable[[], RepoSnapshot] | None:
    """Start listing the repository; None when that fails at once (the assessment says why)."""
    from mlops_lint.gitcmd import RepoError  # noqa: PLC0415 - light, unlike the assessment's modules
    from mlops_lint.repo import RepoSnapshot  # noqa: PLC0415

    try:
        return RepoSnapshot.opening(path)
    except RepoError:
        return None


def _format_and_file(value: str) -> tuple[str, Path | None]:
    """`markdown:report.md` -> ("markdown", Path("report.md")); `github:-` -> ("github", None)."""
    fmt, sep, target = value.partition(":")
    if not sep or fmt not in FORMATS or not target:
        msg = f"--also {value!r}: expected FORMAT:FILE with FORMAT one of {', '.join(FORMATS)} (FILE '-' for stdout)"
        raise InputError(msg)
    return fmt, None if target == "-" else Path(target)


def _write(text: str, target: Path | None, *, color: bool) -> None:
    if target is None:
        click.echo(text, nl=False, color=color)
        return
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        msg = f"cannot write {target}: {exc.strerror}"
        raise InputError(msg) from exc


def _gate_fails(report: Any, fail_on: str) -> bool:
    if fail_on == "no":
        return any(r.criterion.required and r.verdict.value == "no" for r in report.results)
    if fail_on == "regression" and report.comparison is not None:
        return bool(report.comparison.regressions)
    return False


@cli.command()
@click.argument("path", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              default=Path(".mlops-lint-baseline.json"), show_default=True)  # fmt: skip
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path))
def baseline(path: Path, output: Path, config_file: Path | None) -> None:
    """Record the current answers, for `--baseline FILE` when no base revision is at hand."""
    from mlops_lint.assess import AssessError, assess  # noqa: PLC0415
    from mlops_lint.render import json as json_render  # noqa: PLC0415

    try:
        report = assess(path, config_file=config_file)
    except AssessError as exc:
        raise InputError(str(exc)) from exc
    try:
        output.write_text(json_render.render(report), encoding="utf-8")
    except OSError as exc:
        msg = f"cannot write {output}: {exc.strerror}"
        raise InputError(msg) from exc
    counts = report.counts()
    click.echo(
        f"wrote {output}: {counts['yes']} yes, {counts['no']} no, {counts['unknown']} unknown, {counts['na']} n/a"
    )


def _render(report: Any, fmt: str, *, color: bool, verbose: bool) -> str:
    from mlops_lint.render import github, gitlab, markdown, sarif, text  # noqa: PLC0415
    from mlops_lint.render import json as json_render  # noqa: PLC0415

    plain = {"json": json_render.render, "sarif": sarif.render, "gitlab": gitlab.render, "github": github.render}
    if fmt in plain:
        return plain[fmt](report)
    if fmt == "markdown":
        return markdown.render(report)
    return text.render(report, color=color, verbose=verbose)


@cli.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_command(fmt: str) -> None:
    """List the 60 criteria."""
    from mlops_lint.rules import load_criteria  # noqa: PLC0415

    criteria = load_criteria()
    if fmt == "json":
        data = [{"number": c.number, "id": c.id, "slug": c.slug, "section": c.section, "family": c.family,
                 "subsection": c.subsection, "title": c.title, "required": c.required,
                 "applies_to": c.applies_to.value, "source": c.source} for c in criteria]  # fmt: skip
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    section = 0
    for c in criteria:
        if c.section != section:
            section = c.section
            click.echo(f"\n{c.section}. {c.section_title}" + ("" if c.required else "  (beyond maturity)"))
        click.echo(f"  {c.id:<4} {c.slug:<32} {c.title}")


@cli.command()
@click.argument("criterion")
def explain(criterion: str) -> None:
    """Explain one criterion (31, Q31 or a slug): what, why, how it is detected, how to reach yes."""
    from mlops_lint.detectors import MODULES  # noqa: PLC0415
    from mlops_lint.rules import find_criterion  # noqa: PLC0415

    found = find_criterion(criterion)
    if found is None:
        msg = f"no criterion {criterion!r}: use a number from 1 to 60 or a slug (`mlops-lint rules`)"
        raise InputError(msg)
    module = next(m for m in MODULES if found.number == m.CRITERION)
    doc = inspect.getdoc(module) or ""
    detection = doc.split("\n", 1)[1].strip() if "\n" in doc else ""
    conditional = "" if found.applies_to.value == "always" else f" (only for {found.applies_to.value} use cases)"
    parts = [
        f"{found.id} {found.slug}: {found.title}",
        f"Section {found.section}. {found.section_title}"
        + (f" / {found.subsection}" if found.subsection else "")
        + ("; required for maturity" if found.required else "; beyond the maturity bar")
        + conditional,
        "",
        "## Why it matters",
        _wrap(found.why),
        "",
        detection,
        "",
        "## How to get to yes",
        _wrap(found.how_to_yes),
        "",
        "## How to confirm it by hand",
        _wrap(found.how_to_confirm),
        (
            f"Record it in .mlops-lint.yaml:\n  answers:\n    {found.number}: "
            "{answer: yes, evidence: <path or URL>, by: <who>, date: <YYYY-MM-DD>}"
        ),
        "",
        f"Source: MLOps Maturity Assessment (Marvelous MLOps, MIT), criterion {found.number}: {found.source}",
    ]
    click.echo("\n".join(parts))


@cli.command()
@click.argument("criterion", required=False)
@click.option("--repo", "repo_path", default=".", type=click.Path(file_okay=False, path_type=Path),
              show_default=True, help="The repository whose .mlops-lint.yaml to update.")  # fmt: skip
@click.option("--answer", type=click.Choice(["yes", "no", "na", "unknown"]), help="Non-interactive: the answer.")
@click.option("--evidence", help="A path in the repository or a URL (required for yes).")
@click.option("--by", "by", help="Who confirms it (default: git config user.name).")
@click.option("--date", "when", help="When (default: today, YYYY-MM-DD).")
@click.option("--review-by", help="When to look at it again (YYYY-MM-DD).")
@click.option("--note", help="A short note.")
def confirm(  # noqa: PLR0913, PLR0917 - one parameter per click option
    criterion: str | None,
    repo_path: Path,
    answer: str | None,
    evidence: str | None,
    by: str | None,
    when: str | None,
    review_by: str | None,
    note: str | None,
) -> None:
    """Record answers a person confirms in .mlops-lint.yaml (comments and order are kept).

    With CRITERION and --answer it records one answer (for scripts); without, it walks the
    criteria mlops-lint could not settle and asks about each.
    """
    from mlops_lint import confirm as confirming  # noqa: PLC0415

    if criterion is not None and answer is not None:
        _confirm_one(repo_path, criterion, answer, evidence=evidence, by=by, when=when, review_by=review_by,
                     note=note)  # fmt: skip
        return
    if criterion is not None or answer is not None:
        msg = "give both a criterion and --answer, or neither to be asked interactively"
        raise InputError(msg)
    if not sys.stdin.isatty():
        msg = "no terminal to ask on: use `mlops-lint confirm N --answer yes --evidence URL --by NAME`"
        raise InputError(msg)
    from mlops_lint.assess import AssessError, assess  # noqa: PLC0415

    try:
        report = assess(repo_path)
    except AssessError as exc:
        raise InputError(str(exc)) from exc
    pending = [r for r in report.results if r.verdict.value == "unknown"]
    pending.sort(key=lambda r: (not r.criterion.required, r.criterion.number))
    click.echo(f"{len(pending)} criteria need a person's answer; Enter skips one, q stops.\n")
    default_by = by or _git_user(repo_path)
    for result in pending:
        c = result.criterion
        click.echo(click.style(f"{c.id} {c.title}", bold=True))
        click.echo(_wrap(f"Why: {c.why}"))
        click.echo(_wrap(f"What counts: {c.how_to_confirm}"))
        choice = click.prompt("answer [yes/no/na, Enter to skip, q to quit]", default="", show_default=False)
        if choice.strip().lower() in {"q", "quit"}:
            break
        if choice.strip().lower() not in {"yes", "no", "na"}:
            click.echo("skipped\n")
            continue
        cited = click.prompt("evidence (path or URL)", default="", show_default=False) or None
        who = click.prompt("confirmed by", default=default_by or "", show_default=bool(default_by)) or None
        try:
            _confirm_one(repo_path, str(c.number), choice.strip().lower(), evidence=cited, by=who, when=when,
                         review_by=review_by, note=None)  # fmt: skip
        except InputError as exc:
            click.echo(f"not recorded: {exc.format_message()}\n", err=True)
            continue
        click.echo("")
    click.echo(f"answers are in {confirming.config_path(repo_path).name}")


def _confirm_one(repo_path: Path, criterion: str, answer: str, **fields: str | None) -> None:
    import datetime as dt  # noqa: PLC0415

    from mlops_lint import confirm as confirming  # noqa: PLC0415
    from mlops_lint.model import Confirmation, Verdict  # noqa: PLC0415
    from mlops_lint.rules import find_criterion  # noqa: PLC0415

    found = find_criterion(criterion)
    if found is None:
        msg = f"no criterion {criterion!r}: use a number from 1 to 60 or a slug (`mlops-lint rules`)"
        raise InputError(msg)
    if not repo_path.is_dir():
        msg = f"{repo_path}: not a directory"
        raise InputError(msg)
    when = fields["when"] or dt.datetime.now(tz=dt.timezone.utc).date().isoformat()
    confirmation = Confirmation(found.number, Verdict(answer), fields["evidence"], fields["by"], when,
                                fields["note"], fields["review_by"])  # fmt: skip
    path = confirming.config_path(repo_path)
    try:
        confirming.check_evidence(repo_path, confirmation.evidence)
        confirming.record(path, confirmation)
    except confirming.ConfirmError as exc:
        raise InputError(str(exc)) from exc
    click.echo(f"recorded {found.id} {answer} in {path.name}")


def _git_user(repo_path: Path) -> str | None:
    import subprocess  # noqa: PLC0415

    try:
        done = subprocess.run(["git", "-C", str(repo_path), "config", "user.name"], capture_output=True, text=True,
                              check=False, timeout=10)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() or None


@cli.command()
@click.option("--report", "report_file", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The Markdown report to post (`mlops-lint PATH --format markdown -o FILE`).")  # fmt: skip
@click.option("--platform", type=click.Choice(["auto", "github", "gitlab"]), default="auto", show_default=True,
              help="auto: gitlab when GITLAB_CI is set, github otherwise.")  # fmt: skip
@click.option("--repo", help="OWNER/NAME on GitHub (GITHUB_REPOSITORY); the project ID on GitLab (CI_PROJECT_ID).")
@click.option("--pr", "number", type=click.IntRange(min=1),
              help="The pull request number (default: GITHUB_EVENT_PATH) or merge request IID (CI_MERGE_REQUEST_IID).")  # fmt: skip
@click.option("--api-url", help="The API root (default GITHUB_API_URL, or CI_API_V4_URL on GitLab).")
@click.option("--token", help="Default: GITHUB_TOKEN, or MLOPS_LINT_GITLAB_TOKEN on GitLab (prefer the environment).")
def comment(  # noqa: PLR0913, PLR0917 - one parameter per click option
    report_file: Path, platform: str, repo: str | None, number: int | None, api_url: str | None, token: str | None
) -> None:
    """Post the report as one pull request comment (or merge request note), updated on each run.

    Best effort: a network error or a read-only token (a pull request from a fork) is a warning and
    exit 0; only missing repository or pull request information is an error.
    """
    from mlops_lint import publish  # noqa: PLC0415

    try:
        markdown = report_file.read_text(encoding="utf-8")
    except OSError as exc:
        msg = f"cannot read {report_file}: {exc.strerror}"
        raise InputError(msg) from exc
    try:
        target = publish.target_from_env(os.environ, platform=platform, repo=repo, number=number, api_url=api_url,
                                         token=token)  # fmt: skip
        click.echo(publish.publish(markdown, target))
    except publish.PublishError as exc:
        raise InputError(str(exc)) from exc
    except publish.Unpublished as exc:
        line = f"mlops-lint: warning: {exc}"
        if os.environ.get("GITHUB_ACTIONS") == "true":  # a workflow command: shown on the run's page
            line = "::warning title=mlops-lint comment::" + line.replace("%", "%25")
        click.echo(line, err=True)


def _wrap(text: str) -> str:
    return textwrap.fill(text, width=96)


def main(argv: list[str] | None = None, *, exiting: bool = False) -> int:
    """Run the CLI and return its exit code (never a traceback, unless MLOPS_LINT_DEBUG is set).

    `exiting`: the process ends right after, so the run's facts are left for the exit to drop.
    """
    try:
        return _main(argv)
    finally:
        if not exiting:
            _RETAINED.clear()  # a caller that goes on running gets the memory back


def _main(argv: list[str] | None) -> int:
    try:
        code = cli.main(args=argv, prog_name="mlops-lint", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.Abort:
        click.echo("mlops-lint: aborted", err=True)
        return EXIT_USAGE
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE if exc.exit_code == 1 else exc.exit_code
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    except Exception as exc:
        if os.environ.get("MLOPS_LINT_DEBUG"):
            raise
        click.echo(f"mlops-lint: internal error ({type(exc).__name__}: {exc}); please report it", err=True)
        return EXIT_CRASH
    return code if isinstance(code, int) else EXIT_OK
