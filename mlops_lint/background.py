"""Run one function in a forked process, for the second core of a CI runner.

An assessment is seconds of CPU-bound Python on a large repository, and some of it is
independent: the gate's base revision beside the head (`assess.py`), and on a large repository
half of the criteria beside the other half (`engine.py`). On Linux the call runs in a forked
child (it inherits the loaded modules and facts computed so far, so it starts at once) and the
result comes back pickled through a pipe; a linked call can also exchange messages with the
parent meanwhile (the facts both halves need, computed once: `engine.py`). Elsewhere, or with
MLOPS_LINT_NO_FORK set, or from a child, or while another child runs, the function simply runs
when its result is asked for.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import sys
import threading
from collections.abc import Callable
from typing import Any, Final, Generic, TypeVar

T = TypeVar("T")
_state = {"children": 0, "in_child": False}  # forked children running, and whether this is one
_HEADER: Final = struct.Struct(">Q")  # each message: its length, then the pickled (kind, value)


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


class Link:
    """Messages between a parent and its forked child, each of a kind, received in order.

    A message is written by a thread of its own, after the previous one is written: a pipe holds
    64 KiB, and the other process may be busy (or writing to us) rather than reading, so sending
    never waits. An inactive link (no child) carries nothing.
    """

    def __init__(self, reader: int | None = None, writer: int | None = None) -> None:
        self._reader, self._writer = reader, writer
        self._inbox: dict[str, Any] = {}
        self._sending: threading.Thread | None = None

    @property
    def active(self) -> bool:
        """Whether there is another process at the other end."""
        return self._reader is not None or self._writer is not None

    def send(self, kind: str, value: Any) -> None:
        """Send `value` (pickled now) as the message of that kind, without waiting for the reader."""
        if self._writer is None:
            return
        body = pickle.dumps((kind, value), protocol=pickle.HIGHEST_PROTOCOL)
        message = _HEADER.pack(len(body)) + body
        self._sending = threading.Thread(target=_write_after, args=(self._sending, self._writer, message))
        self._sending.start()

    def receive(self, kind: str) -> Any:
        """The message of that kind, waiting for it (others read on the way are kept).

        EOFError when the other process is gone without sending it.
        """
        while kind not in self._inbox:
            if self._reader is None:
                raise EOFError(kind)
            header = _read_exactly(self._reader, _HEADER.size)
            got, value = pickle.loads(_read_exactly(self._reader, _HEADER.unpack(header)[0]))
            self._inbox[got] = value
        return self._inbox[kind]

    def flush(self) -> None:
        """Wait until what was sent is written."""
        if self._sending is not None:
            self._sending.join()
            self._sending = None

    def close(self) -> None:
        """Close both ends (after the last message is written)."""
        self.flush()
        for fd in (self._reader, self._writer):
            if fd is not None:
                os.close(fd)
        self._reader = self._writer = None


class Job(Generic[T]):
    """A function call whose result is collected later (or cancelled)."""

    def __init__(self, fn: Callable[..., T], args: tuple[Any, ...], *, linked: bool = False) -> None:
        self._call = (fn, args)
        self._linked = linked
        self._pid: int | None = None
        self.link = Link()  # to the child, when there is one and the call takes a link

    def start(self) -> None:
        """Fork the child that makes the call (where forking is safe and wanted).

        A bare fork and two pipes: the multiprocessing package would do the same after
        importing a tenth of a second of modules.
        """
        if not available():
            return
        up_reader, up_writer = os.pipe()  # child to parent: messages, then the outcome
        down_reader, down_writer = os.pipe()  # parent to child: messages
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: make the call, send the outcome, leave without cleaning up
            os.close(up_reader)
            os.close(down_writer)
            _child(Link(down_reader, up_writer), self._make_call)
        os.close(up_writer)
        os.close(down_reader)
        self._pid = pid
        self.link = Link(up_reader, down_writer) if self._linked else Link(up_reader, None)
        if not self._linked:
            os.close(down_writer)
        _state["children"] += 1

    def _make_call(self, link: Link) -> T:
        """The call itself: `fn(link, *args)` for a linked job, `fn(*args)` otherwise."""
        fn, args = self._call
        return fn(link, *args) if self._linked else fn(*args)

    def result(self) -> T:
        """The call's value; its exception is raised here, as if it had run in this process."""
        if self._pid is None:
            return self._make_call(Link())
        try:
            succeeded, value = self.link.receive("outcome")
        except Exception:  # noqa: BLE001 - nothing or half a message: the child died
            status = self._reap()
            msg = f"the background assessment stopped unexpectedly ({_describe(status)})"
            raise RuntimeError(msg) from None
        self._reap()
        if succeeded:
            result: T = value
            return result
        raise value

    def cancel(self) -> None:
        """Stop the child, if any (the result is no longer wanted)."""
        if self._pid is not None:
            os.kill(self._pid, signal.SIGKILL)
            self._reap()

    def _reap(self) -> int:
        assert self._pid is not None
        self.link.close()
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        _state["children"] -= 1
        return status


def in_background(fn: Callable[..., T], *args: Any, linked: bool = False) -> Job[T]:
    """Start `fn(*args)` in a forked process; `.result()` waits for it.

    With `linked`, the call is `fn(link, *args)`: the child talks to the parent through `link`
    (the parent's end is `job.link`); where nothing is forked, the link is inactive.
    """
    job = Job(fn, args, linked=linked)
    job.start()
    return job


def _child(link: Link, call: Callable[[Link], Any]) -> None:
    """Run in the forked child: never returns (the parent's code after the fork must not run here)."""
    code = 0
    try:
        _state["in_child"] = True
        _state["children"] = 0
        try:
            outcome: tuple[bool, Any] = (True, call(link))
        except Exception as exc:  # noqa: BLE001 - handed to the parent, which raises it
            outcome = (False, exc)
        try:
            link.send("outcome", outcome)
        except Exception as exc:  # noqa: BLE001 - an unpicklable result or error: say so instead
            failure = RuntimeError(f"the background assessment failed: {type(exc).__name__}: {exc}")
            link.send("outcome", (False, failure))
        link.flush()
    except BaseException:  # noqa: BLE001 - whatever happens, the child must not go on as the parent
        code = 1
    finally:
        os._exit(code)


def _write_after(previous: threading.Thread | None, fd: int, data: bytes) -> None:
    """Write `data` once the previous message is written: messages arrive whole and in order."""
    if previous is not None:
        previous.join()
    _write_all(fd, data)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except OSError:  # the reader is gone (cancelled, or it died): nothing to deliver
        pass


def _read_exactly(fd: int, size: int) -> bytes:
    chunks: list[bytes] = []
    while size > 0:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit {os.waitstatus_to_exitcode(status)}"
