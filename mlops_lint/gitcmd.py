"""Running git safely: the one place that starts git processes.

The assessed repository is hostile input: its config must not run programs on our behalf
(fsmonitor hooks, pagers), a partial clone must not download anything, and every failure is
a one-line RepoError, never a traceback.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Final

GIT_TIMEOUT: Final = 60


class RepoError(Exception):
    """The repository cannot be assessed at all (missing path, git failure...)."""


def git(root: Path, *args: str, check: bool = True) -> str:
    """Run git in `root` and return its output; a failure is a RepoError (unless check=False)."""
    return _output(args, git_run(root, *args), check=check)


def git_run(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Run git in `root` with the hardened environment and a timeout."""
    try:
        return subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            check=False,
            timeout=GIT_TIMEOUT,
            env=git_env(),
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _failed(args, exc) from exc


def git_start(root: Path, *args: str) -> Callable[[], str]:
    """Start git in the background; the returned function waits for it and gives its output
    (a failure is a RepoError then). For slow commands that can run beside our own work."""
    command = ("git", "-C", str(root), *args)
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=git_env())
    except OSError as exc:
        raise _failed(args, exc) from exc

    def finish() -> str:
        try:
            out, err = process.communicate(timeout=GIT_TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            process.kill()
            process.communicate()
            raise _failed(args, exc) from exc
        return _output(args, subprocess.CompletedProcess(command, process.returncode, out, err))

    return finish


def _output(args: tuple[str, ...], done: subprocess.CompletedProcess[bytes], *, check: bool = True) -> str:
    if check and done.returncode != 0:
        raise RepoError(git_failure(args, done))
    return done.stdout.decode("utf-8", errors="surrogateescape")


def _failed(args: tuple[str, ...], exc: Exception) -> RepoError:
    return RepoError(f"git {_subcommand(args)} failed: {exc}")


def git_failure(args: tuple[str, ...], done: subprocess.CompletedProcess[bytes]) -> str:
    """One line saying which git command failed and its last error line."""
    detail = done.stderr.decode(errors="replace").strip().splitlines()
    return f"git {_subcommand(args)} failed: {detail[-1] if detail else 'exit ' + str(done.returncode)}"


def _subcommand(args: tuple[str, ...]) -> str:
    return next((a for i, a in enumerate(args) if not a.startswith("-") and (i == 0 or args[i - 1] != "-c")), "")


def git_env() -> dict[str, str]:
    """The environment git runs with: no system config, no prompts, no fsmonitor, no lazy fetch."""
    # Never let a scanned repository's config run programs (fsmonitor, pagers) on our behalf.
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_TERMINAL_PROMPT="0", LC_ALL="C")
    env["GIT_NO_LAZY_FETCH"] = "1"  # a partial clone must not download missing objects (git >= 2.44)
    env["GIT_CONFIG_COUNT"] = "2"
    env.update(GIT_CONFIG_KEY_0="core.fsmonitor", GIT_CONFIG_VALUE_0="false")
    env.update(GIT_CONFIG_KEY_1="core.quotepath", GIT_CONFIG_VALUE_1="false")
    return env
