"""Background jobs: a forked child's result or exception comes back as if the call ran here."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from mlops_lint.assess import AssessError
from mlops_lint.background import Link, in_background


def _pid_and_sum(a: int, b: int) -> tuple[int, int]:
    return os.getpid(), a + b


def _fails(message: str) -> None:
    raise AssessError(message)


def _sleeps() -> None:
    time.sleep(30)


def test_the_call_runs_in_a_child_and_its_result_comes_back() -> None:
    pid, total = in_background(_pid_and_sum, 2, 3).result()
    assert total == 5
    assert pid != os.getpid()


def test_an_exception_in_the_child_is_raised_in_the_parent_with_its_type() -> None:
    job = in_background(_fails, "no such revision")
    with pytest.raises(AssessError, match="no such revision"):
        job.result()


def test_cancel_stops_the_child_at_once() -> None:
    job = in_background(_sleeps)
    start = time.monotonic()
    job.cancel()
    assert time.monotonic() - start < 5


def test_without_fork_the_call_runs_here_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLOPS_LINT_NO_FORK", "1")
    pid, total = in_background(_pid_and_sum, 1, 1).result()
    assert (pid, total) == (os.getpid(), 2)


def _dies() -> None:
    os._exit(3)


def test_a_child_that_dies_is_an_error_in_the_parent_not_a_hang() -> None:
    job = in_background(_dies)
    with pytest.raises(RuntimeError, match="stopped unexpectedly \\(exit 3\\)"):
        job.result()


def _doubled(text: str) -> str:
    return text + text


def test_a_result_larger_than_a_pipe_buffer_comes_back_whole() -> None:
    big = "x" * 1_000_000
    assert in_background(_doubled, big).result() == big + big


def _exchange(link: Link, text: str) -> str:
    link.send("facts", text + text)  # more than a pipe holds, before reading anything
    received: str = link.receive("facts")
    return received


def test_a_linked_child_and_its_parent_exchange_large_messages_both_ways_without_deadlock() -> None:
    big = "y" * 300_000
    job = in_background(_exchange, big, linked=True)
    job.link.send("facts", big + "!")
    assert job.link.receive("facts") == big + big
    assert job.result() == big + "!"


def _several(link: Link, text: str, sent: Path) -> str:
    for n in range(3):  # each more than a pipe holds; none waits for the parent to read
        link.send(f"part {n}", f"{n}{text}")
    sent.touch()
    received: str = link.receive("go")
    return received


def test_messages_are_sent_without_waiting_and_arrive_whole_in_any_order(tmp_path: Path) -> None:
    big, sent = "z" * 200_000, tmp_path / "sent"
    job = in_background(_several, big, sent, linked=True)
    deadline = time.monotonic() + 10
    while not sent.exists() and time.monotonic() < deadline:  # nothing read yet
        time.sleep(0.01)
    assert sent.exists()
    job.link.send("go", "done")
    assert job.link.receive("part 2") == f"2{big}"  # the earlier ones are kept on the way
    assert [job.link.receive(f"part {n}") for n in (1, 0)] == [f"1{big}", f"0{big}"]
    assert job.result() == "done"


def test_a_linked_call_without_a_child_gets_an_inactive_link(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLOPS_LINT_NO_FORK", "1")
    job = in_background(_exchange, "z", linked=True)
    assert not job.link.active
    with pytest.raises(EOFError):
        job.result()  # the call runs here; its link reaches nobody
