"""Run one function in a forked process, for the second core of a CI runner.

An assessment is seconds of CPU-bound Python on a large repository, and some of it is
independent: the gate's base revision beside the head (`assess.py`), and on a large repository
half of the criteria beside the other half (`engine.py`). On Linux the call runs in a forked
child (it inherits the loaded modules and facts computed so far, so it starts at once) and the
result comes back pickled through a pipe. Elsewhere, or with MLOPS_LINT_NO_FORK set, or from a
child, or while another child runs, the function simply runs when its result is asked for.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
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
        self._process: Any = None
        self._receiver: Connection | None = None

    def start(self) -> None:
        """Fork the child that makes the call (where forking is safe and wanted)."""
        if not available():
            return
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_send, args=(sender, *self._call), daemon=True)
        self._process.start()
        _state["children"] += 1
        sender.close()
        self._receiver = receiver

    def result(self) -> T:
        """The call's value; its exception is raised here, as if it had run in this process."""
        if self._process is None:
            fn, args = self._call
            return fn(*args)
        assert self._receiver is not None
        try:
            succeeded, value = self._receiver.recv()
        except EOFError:
            msg = f"the background assessment stopped unexpectedly (exit {self._process.exitcode})"
            raise RuntimeError(msg) from None
        finally:
            self._receiver.close()
            self._process.join()
            _state["children"] -= 1
            self._process = None
        if succeeded:
            result: T = value
            return result
        raise value

    def cancel(self) -> None:
        """Stop the child, if any (the result is no longer wanted)."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            _state["children"] -= 1
            self._process = None
            if self._receiver is not None:
                self._receiver.close()


def in_background(fn: Callable[..., T], *args: Any) -> Job[T]:
    """Start `fn(*args)` in a forked process; `.result()` waits for it."""
    job = Job(fn, args)
    job.start()
    return job


def _send(sender: Connection, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    _state["in_child"] = True
    _state["children"] = 0
    try:
        outcome: tuple[bool, Any] = (True, fn(*args))
    except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
        outcome = (False, exc)
    try:
        sender.send(outcome)
    except Exception as exc:  # noqa: BLE001 - an unpicklable result or error: say so instead
        sender.send((False, RuntimeError(f"the background assessment failed: {type(exc).__name__}: {exc}")))
    finally:
        sender.close()
