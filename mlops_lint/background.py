"""Run one function in a forked process, for the second core of a CI runner.

An assessment is seconds of CPU-bound Python on a large repository, and some of it is
independent: the gate's base revision beside the head (`assess.py`), and on a large repository
half of the criteria beside the other half (`engine.py`). On Linux the call runs in a forked
child (it inherits the loaded modules and facts computed so far, so it starts at once) and the
result comes back pickled through a pipe. Elsewhere, or with MLOPS_LINT_NO_FORK set, or from a
child, or while another child runs, the function simply runs when its result is asked for.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")
_state = {"children": 0, "in_child": False}  # forked children running, and whether this is one


def available() -> bool:
    """Whether a call can run in a forked child now: on Linux, unless turned off, and never from
    a child or while another child runs (two cores are all a CI runner is sure to have)."""
    return (
        sys.platform.startswith("linux")
        and len(os.sched_getaffinity(0)) >= 2
        and not os.environ.get("MLOPS_LINT_NO_FORK")
        and not _state["in_child"]
        and _state["children"] == 0
    )


class Job(Generic[T]):
    """A function call whose result is collected later (or cancelled)."""

    def __init__(self, fn: Callable[..., T], args: tuple[Any, ...]) -> None:
        self._call = (fn, args)
        self._pid: int | None = None
        self._reader: int | None = None

    def start(self) -> None:
        """Fork the child that makes the call (where forking is safe and wanted).

        A bare fork and a pipe: the multiprocessing package would do the same after importing
        a tenth of a second of modules.
        """
        if not available():
            return
        reader, writer = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: make the call, send the outcome, leave without cleaning up
            os.close(reader)
            _child(writer, *self._call)
        os.close(writer)
        self._pid, self._reader = pid, reader
        _state["children"] += 1

    def result(self) -> T:
        """The call's value; its exception is raised here, as if it had run in this process."""
        if self._pid is None or self._reader is None:
            fn, args = self._call
            return fn(*args)
        try:
            with os.fdopen(self._reader, "rb") as pipe:
                data = pipe.read()
        finally:
            status = self._reap()
        try:
            succeeded, value = pickle.loads(data)
        except Exception:  # noqa: BLE001 - nothing or half a message: the child died
            msg = f"the background assessment stopped unexpectedly ({_describe(status)})"
            raise RuntimeError(msg) from None
        if succeeded:
            result: T = value
            return result
        raise value

    def cancel(self) -> None:
        """Stop the child, if any (the result is no longer wanted)."""
        if self._pid is not None:
            os.kill(self._pid, signal.SIGKILL)
            if self._reader is not None:
                os.close(self._reader)
            self._reap()

    def _reap(self) -> int:
        assert self._pid is not None
        _, status = os.waitpid(self._pid, 0)
        self._pid, self._reader = None, None
        _state["children"] -= 1
        return status


def in_background(fn: Callable[..., T], *args: Any) -> Job[T]:
    """Start `fn(*args)` in a forked process; `.result()` waits for it."""
    job = Job(fn, args)
    job.start()
    return job


def _child(writer: int, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    """Run in the forked child: never returns (the parent's code after the fork must not run here)."""
    code = 0
    try:
        _state["in_child"] = True
        _state["children"] = 0
        try:
            outcome: tuple[bool, Any] = (True, fn(*args))
        except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
            outcome = (False, exc)
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001 - an unpicklable result or error: say so instead
            failure = RuntimeError(f"the background assessment failed: {type(exc).__name__}: {exc}")
            data = pickle.dumps((False, failure))
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(data)
    except BaseException:  # noqa: BLE001 - whatever happens, the child must not go on as the parent
        code = 1
    finally:
        os._exit(code)


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit {os.waitstatus_to_exitcode(status)}"
