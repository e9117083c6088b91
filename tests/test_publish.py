"""`mlops-lint comment` against a fake GitHub / GitLab API on 127.0.0.1 (real HTTP, no internet)."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from mlops_lint import publish
from mlops_lint.cli import main
from tests.fake_forge import GITHUB_TOKEN, GITLAB_TOKEN, FakeForge, running

REPORT = "## MLOps maturity: **not mature yet**\n\n| Section | ✅ yes |\n|---|---:|\n| 1. Documentation | 3 |\n"
PR = ("octo/churn", 7)
CI_VARIABLES = ("GITHUB_", "GITLAB_CI", "CI_", "MLOPS_LINT_")


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every wait between retries, instead of waiting."""
    waited: list[float] = []
    monkeypatch.setattr(publish, "_sleep", waited.append)
    return waited


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No CI variables from the machine running the tests, and no proxy for 127.0.0.1."""
    import os

    for name in list(os.environ):
        if name.startswith(CI_VARIABLES) or name.lower().endswith("_proxy"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def _github_env(monkeypatch: pytest.MonkeyPatch, forge: FakeForge, tmp_path: Path, number: int = PR[1]) -> None:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "synchronize", "pull_request": {"number": number}}), encoding="utf-8")
    for name, value in {
        "GITHUB_ACTIONS": "true",
        "GITHUB_API_URL": forge.url,
        "GITHUB_SERVER_URL": "https://github.example.com",
        "GITHUB_REPOSITORY": PR[0],
        "GITHUB_RUN_ID": "4242",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_TOKEN": GITHUB_TOKEN,
    }.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def github(clean_env: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeForge]:
    for forge in running():
        _github_env(monkeypatch, forge, tmp_path)
        yield forge


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.md"
    path.write_text(REPORT, encoding="utf-8")
    return path


def comment(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["comment", *args])
    out, err = capsys.readouterr()
    assert GITHUB_TOKEN not in out + err
    assert GITLAB_TOKEN not in out + err
    return code, out, err


def calls(forge: FakeForge) -> list[str]:
    return [f"{r.method} {r.path}" + (f"?page={r.query['page']}" if "page" in r.query else "") for r in forge.requests]


# --- GitHub --------------------------------------------------------------------------------


def test_creates_the_comment_when_none_exists(
    github: FakeForge, report: Path, sleeps: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    github.seed("comments", PR, ["LGTM", f"> {publish.MARKER} quoted by someone"])
    code, out, err = comment(["--report", str(report)], capsys)
    assert (code, err) == (0, "")
    assert out == "posted the mlops-lint comment on octo/churn#7\n"
    assert calls(github) == ["GET /repos/octo/churn/issues/7/comments", "POST /repos/octo/churn/issues/7/comments"]
    listing, post = github.requests
    assert listing.query == {"per_page": "100"}
    assert post.body == {"body": f"{publish.MARKER}\n{REPORT}"}
    assert post.headers["authorization"] == f"Bearer {GITHUB_TOKEN}"
    assert post.headers["accept"] == "application/vnd.github+json"
    assert post.headers["x-github-api-version"] == "2022-11-28"
    assert post.headers["user-agent"].startswith("mlops-lint/")
    assert [c["body"][:19] for c in github.comments[PR]] == ["LGTM", "> <!-- mlops-lint -", publish.MARKER]
    assert sleeps == []


def test_updates_the_marked_comment_found_on_page_two(
    github: FakeForge, report: Path, sleeps: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    bodies = [f"comment {i}" for i in range(150)]
    bodies[120] = f"{publish.MARKER}\nthe old report"
    ids = github.seed("comments", PR, bodies)
    code, out, _ = comment(["--report", str(report)], capsys)
    assert code == 0
    assert out == "updated the mlops-lint comment on octo/churn#7\n"
    assert calls(github) == [
        "GET /repos/octo/churn/issues/7/comments",
        "GET /repos/octo/churn/issues/7/comments?page=2",  # followed from the Link header
        f"PATCH /repos/octo/churn/issues/comments/{ids[120]}",
    ]
    assert github.requests[1].query == {"per_page": "100", "page": "2"}
    assert len(github.comments[PR]) == 150
    assert github.comments[PR][120]["body"] == f"{publish.MARKER}\n{REPORT}"
    assert sleeps == []


def test_a_second_run_updates_the_same_comment(
    github: FakeForge, report: Path, sleeps: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    assert comment(["--report", str(report)], capsys)[0] == 0
    report.write_text("## second push\n", encoding="utf-8")
    assert comment(["--report", str(report)], capsys)[0] == 0
    assert [c["body"] for c in github.comments[PR]] == [f"{publish.MARKER}\n## second push\n"]
    assert [r.method for r in github.writes()] == ["POST", "PATCH"]


def test_a_server_error_is_retried_after_a_backoff(
    github: FakeForge, report: Path, sleeps: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    github.fail("GET", 502)
    github.fail("GET", 503)
    code, out, _ = comment(["--report", str(report)], capsys)
    assert code == 0
    assert out.startswith("posted")
    assert sleeps == [1.0, 2.0]
    assert [r.method for r in github.requests] == ["GET", "GET", "GET", "POST"]


def test_a_post_that_failed_after_landing_is_not_duplicated(
    github: FakeForge, report: Path, sleeps: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    github.fail("POST", 502, apply=True)  # created, but the proxy answered 502
    code, out, _ = comment(["--report", str(report)], capsys)
    assert code == 0
    assert out.startswith("updated")
    assert [r.method for r in github.requests] == ["GET", "POST", "GET", "PATCH"]
    assert len(github.comments[PR]) == 1
    assert sleeps == [1.0]


def test_server_errors_give_up_within_the_bounds(
    github: FakeForge, report: Path, sleeps: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    github.fail("*", 500, times=50)
    code, out, err = comment(["--report", str(report)], capsys)
    assert (code, out) == (0, "")
    assert sleeps == [1.0, 2.0, 4.0, 8.0]
    assert len(github.requests) == publish.MAX_ATTEMPTS
    assert err.startswith("::warning title=mlops-lint comment::mlops-lint: warning: GET /repos/octo/churn/issues/7/")
    assert "HTTP 500 Server Error (gave up after 5 attempt(s))" in err
    assert err.count("\n") == 1


def test_a_rate_limit_waits_as_long_as_retry_after_says(
    github: FakeForge, report: Path, sleeps: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    github.fail("POST", 403, headers={"Retry-After": "7"},
                body={"message": "You have exceeded a secondary rate limit."})  # fmt: skip
    github.fail("POST", 429, headers={"Retry-After": "3"})
    code, out, _ = comment(["--report", str(report)], capsys)
    assert code == 0
    assert out.startswith("posted")
    assert sleeps == [7.0, 3.0]
    assert [r.method for r in github.requests] == ["GET", "POST", "POST", "POST"]
    assert len(github.comments[PR]) == 1


def test_an_exhausted_quota_waits_until_its_reset(github: FakeForge) -> None:
    github.fail("GET", 403, headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1030"},
                body={"message": "API rate limit exceeded"})  # fmt: skip
    waited: list[float] = []
    target = publish.target_from_env(
        {"GITHUB_API_URL": github.url, "GITHUB_REPOSITORY": PR[0], "GITHUB_TOKEN": GITHUB_TOKEN}, number=7
    )
    api = publish.Api(target, sleep=waited.append, clock=lambda: 1000.0)
    assert publish.publish(REPORT, target, api).startswith("posted")
    assert waited == [31.0]


def test_retry_after_may_be_an_http_date(github: FakeForge) -> None:
    github.fail("GET", 429, headers={"Retry-After": "Thu, 01 Jan 1970 00:16:52 GMT"})  # 1012 s after the epoch
    waited: list[float] = []
    target = publish.target_from_env(
        {"GITHUB_API_URL": github.url, "GITHUB_REPOSITORY": PR[0], "GITHUB_TOKEN": GITHUB_TOKEN}, number=7
    )
    api = publish.Api(target, sleep=waited.append, clock=lambda: 1000.0)
    assert publish.publish(REPORT, target, api).startswith("posted")
    assert waited == [12.0]


def test_a_reset_beyond_the_budget_gives_up_without_waiting(github: FakeForge) -> None:
    github.fail("GET", 403, headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": "4600"})
    waited: list[float] = []
    target = publish.target_from_env(
        {"GITHUB_API_URL": github.url, "GITHUB_REPOSITORY": PR[0], "GITHUB_TOKEN": GITHUB_TOKEN}, number=7
    )
    api = publish.Api(target, sleep=waited.append, clock=lambda: 1000.0)
    with pytest.raises(
        publish.Unpublished,
        match=r"rate limited: GET .* HTTP 403 Server Error; it asks to wait 3601 s \(gave up after 1 attempt",
    ):
        publish.publish(REPORT, target, api)
    assert waited == []
    assert len(github.requests) == 1


def test_a_read_only_token_is_a_warning_not_a_failure(
    github: FakeForge, report: Path, sleeps: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    github.read_only = True  # a pull request from a fork
    code, out, err = comment(["--report", str(report)], capsys)
    assert (code, out) == (0, "")
    assert err == (
        "::warning title=mlops-lint comment::mlops-lint: warning: POST /repos/octo/churn/issues/7/comments: "
        "HTTP 403 Resource not accessible by integration\n"
    )
    assert sleeps == []
    assert github.comments == {}


def test_a_404_on_update_is_a_warning(
    github: FakeForge,
    report: Path,
    sleeps: list[float],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS")
    github.seed("comments", PR, [f"{publish.MARKER}\nold"])
    github.fail("PATCH", 404, body={"message": "Not Found"})
    code, _, err = comment(["--report", str(report)], capsys)
    assert code == 0
    assert err.startswith("mlops-lint: warning: PATCH /repos/octo/churn/issues/comments/")
    assert err.endswith(": HTTP 404 Not Found\n")


def test_the_token_is_scrubbed_from_server_messages(
    github: FakeForge, report: Path, sleeps: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    github.fail("GET", 401, body={"message": f"Bad credentials: {GITHUB_TOKEN}"})
    code, _, err = comment(["--report", str(report)], capsys)  # comment() asserts the token is absent
    assert code == 0
    assert "Bad credentials: ***" in err


def test_a_link_to_another_host_is_not_followed_with_the_token(github: FakeForge) -> None:
    target = publish.target_from_env({"GITHUB_API_URL": github.url, "GITHUB_REPOSITORY": PR[0],
                                      "GITHUB_TOKEN": GITHUB_TOKEN}, number=7)  # fmt: skip
    assert publish._next_link('<http://evil.example/next>; rel="next"') == "http://evil.example/next"
    with pytest.raises(publish.Unpublished, match=r"refusing to send the token to evil\.example"):
        publish.Api(target).call("GET", "http://evil.example/next")
    assert github.requests == []


def test_an_unreachable_api_is_a_warning(
    clean_env: None, report: Path, sleeps: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as closed:  # a port nobody listens on: connections are refused
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}"
    code, out, err = comment(["--report", str(report), "--api-url", url, "--repo", "o/r", "--pr", "3",
                              "--token", GITHUB_TOKEN, "--platform", "github"], capsys)  # fmt: skip
    assert (code, out) == (0, "")
    assert err.startswith("mlops-lint: warning: cannot reach 127.0.0.1:")
    assert sleeps == [1.0, 2.0, 4.0, 8.0]


@pytest.fixture
def enterprise(clean_env: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeForge]:
    """GitHub Enterprise Server: the REST API lives under /api/v3."""
    for forge in running(prefix="/api/v3"):
        _github_env(monkeypatch, forge, tmp_path)
        yield forge


def test_github_enterprise_uses_the_api_prefix(
    enterprise: FakeForge, report: Path, sleeps: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    assert enterprise.url.endswith("/api/v3")
    enterprise.seed("comments", PR, ["x"] * 100 + [f"{publish.MARKER}\nold"])
    code, out, _ = comment(["--report", str(report)], capsys)
    assert code == 0
    assert out.startswith("updated")
    assert [r.path for r in enterprise.requests] == [
        "/api/v3/repos/octo/churn/issues/7/comments",
        "/api/v3/repos/octo/churn/issues/7/comments",
        f"/api/v3/repos/octo/churn/issues/comments/{enterprise.comments[PR][100]['id']}",
    ]


def test_a_large_report_is_cut_below_the_limit(
    github: FakeForge, tmp_path: Path, sleeps: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    row = "| ❌ no | **Q31** Pre-commit hooks 💥 | no hook configuration is tracked |\n"
    section = "<details>\n<summary>3. Code quality</summary>\n\n" + row * 400 + "\n</details>\n\n"
    big = tmp_path / "big.md"
    big.write_text("## MLOps maturity\n\n" + section * 5, encoding="utf-8")
    assert len(big.read_text(encoding="utf-8")) > 2 * publish.GITHUB_LIMIT
    assert comment(["--report", str(big)], capsys)[0] == 0
    body = github.comments[PR][0]["body"]
    assert len(body.encode("utf-8")) <= publish.GITHUB_LIMIT
    assert body.startswith(publish.MARKER + "\n## MLOps maturity\n")
    assert body.count("<details>") == body.count("</details>")
    assert row in body
    assert body.endswith(
        "> The report was cut to fit the 65,536-character limit of a comment; the full report is in "
        "[the CI run](https://github.example.com/octo/churn/actions/runs/4242).\n"
    )


def test_a_small_report_is_posted_whole() -> None:
    target = publish.Target("github", "https://api.github.com", "o/r", 1, "t")
    assert publish.comment_body("# a\n\n\n", target) == f"{publish.MARKER}\n# a\n"


# --- usage errors ------------------------------------------------------------------------------


def test_no_repository_is_a_usage_error(clean_env: None, report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = comment(["--report", str(report), "--pr", "3", "--token", "x"], capsys)
    assert (code, out) == (2, "")
    assert err == (
        "mlops-lint: error: no repository: pass --repo OWNER/NAME or run in GitHub Actions (GITHUB_REPOSITORY)\n"
    )


def test_no_pull_request_is_a_usage_error(
    clean_env: None, report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    event = tmp_path / "push.json"
    event.write_text(json.dumps({"ref": "refs/heads/main"}), encoding="utf-8")
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(event))
    code, _, err = comment(["--report", str(report), "--repo", "o/r"], capsys)
    assert code == 2
    assert err == "mlops-lint: error: no pull request: pass --pr N or run on a pull_request event (GITHUB_EVENT_PATH)\n"


def test_a_missing_report_is_a_usage_error(clean_env: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = comment(["--report", str(tmp_path / "none.md"), "--repo", "o/r", "--pr", "1"], capsys)
    assert code == 2
    assert err.startswith("mlops-lint: error: cannot read ")


def test_no_token_is_a_warning(clean_env: None, report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = comment(["--report", str(report), "--repo", "o/r", "--pr", "1"], capsys)
    assert code == 0
    assert err == "mlops-lint: warning: no token: set GITHUB_TOKEN (with pull-requests: write) or pass --token\n"


# --- GitLab --------------------------------------------------------------------------------


@pytest.fixture
def gitlab(clean_env: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeForge]:
    for forge in running():
        for name, value in {
            "GITLAB_CI": "true",
            "CI_API_V4_URL": f"{forge.root}/api/v4",
            "CI_PROJECT_ID": "group/churn",  # a path works as well as a number, once encoded
            "CI_MERGE_REQUEST_IID": "12",
            "CI_JOB_URL": "https://gitlab.example.com/group/churn/-/jobs/99",
            "MLOPS_LINT_GITLAB_TOKEN": GITLAB_TOKEN,
        }.items():
            monkeypatch.setenv(name, value)
        yield forge


MR = ("group/churn", 12)


def test_gitlab_creates_a_merge_request_note(
    gitlab: FakeForge, report: Path, sleeps: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = comment(["--report", str(report)], capsys)
    assert code == 0
    assert out == "posted the mlops-lint note on merge request !12\n"
    assert calls(gitlab) == [
        "GET /api/v4/projects/group%2Fchurn/merge_requests/12/notes?page=1",
        "POST /api/v4/projects/group%2Fchurn/merge_requests/12/notes",
    ]
    listing, post = gitlab.requests
    assert listing.query["per_page"] == "100"
    assert post.headers["private-token"] == GITLAB_TOKEN
    assert "authorization" not in post.headers
    assert gitlab.notes[MR][0]["body"] == f"{publish.MARKER}\n{REPORT}"


def test_gitlab_updates_the_note_found_through_x_next_page(
    gitlab: FakeForge, report: Path, sleeps: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    gitlab.seed("notes", MR, [f"{publish.MARKER} changed the description"], system=True)  # not ours
    ids = gitlab.seed("notes", MR, [f"note {i}" for i in range(130)] + [f"{publish.MARKER}\nold"], system=False)
    code, out, _ = comment(["--report", str(report)], capsys)
    assert code == 0
    assert out == "updated the mlops-lint note on merge request !12\n"
    assert calls(gitlab) == [
        "GET /api/v4/projects/group%2Fchurn/merge_requests/12/notes?page=1",
        "GET /api/v4/projects/group%2Fchurn/merge_requests/12/notes?page=2",
        f"PUT /api/v4/projects/group%2Fchurn/merge_requests/12/notes/{ids[-1]}",
    ]
    assert gitlab.notes[MR][-1]["body"] == f"{publish.MARKER}\n{REPORT}"
    assert gitlab.notes[MR][0]["body"].endswith("changed the description")


def test_gitlab_retries_and_warns_like_github(
    gitlab: FakeForge, report: Path, sleeps: list[float], capsys: pytest.CaptureFixture[str]
) -> None:
    gitlab.fail("GET", 429, headers={"Retry-After": "2"})
    gitlab.read_only = True
    code, out, err = comment(["--report", str(report)], capsys)
    assert (code, out) == (0, "")
    assert sleeps == [2.0]
    assert err == (
        "mlops-lint: warning: POST /api/v4/projects/group%2Fchurn/merge_requests/12/notes: HTTP 403 403 Forbidden\n"
    )


def test_gitlab_without_a_merge_request_is_a_usage_error(
    gitlab: FakeForge, report: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("CI_MERGE_REQUEST_IID")
    code, _, err = comment(["--report", str(report)], capsys)
    assert code == 2
    assert "no merge request" in err
    assert gitlab.requests == []
