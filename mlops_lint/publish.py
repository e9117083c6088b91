"""Post the Markdown report as one sticky comment: a GitHub pull request comment or a GitLab
merge request note, found again on the next run by a hidden marker and updated in place.

Standard library only (urllib.request). Commenting is best effort: anything that goes wrong on
the network or on the server raises `Unpublished` (a warning for the CLI, exit 0), because the
gate alone decides a job's result. Only missing repository or pull request information is a
usage error (`PublishError`). The token is sent in headers that are never echoed, never follow a
redirect to another host, and is scrubbed from any server message we repeat.
"""

from __future__ import annotations

import dataclasses
import email.utils
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

from mlops_lint import __version__, lazy_re

MARKER: Final = "<!-- mlops-lint -->"
GITHUB_LIMIT: Final = 65_536  # characters in an issue comment
GITLAB_LIMIT: Final = 1_000_000  # characters in a note
MAX_ATTEMPTS: Final = 5
MAX_PAGES: Final = 100  # 10,000 comments at per_page=100
BUDGET: Final = 120.0  # seconds of waiting between retries, in all
TIMEOUT: Final = 30.0
_NEXT: Final = lazy_re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


class PublishError(Exception):
    """Not enough information to know where to post (no repository or pull request): exit 2."""


class Unpublished(Exception):
    """The comment could not be posted (network, permissions, rate limit): a warning, exit 0."""


@dataclasses.dataclass(frozen=True, slots=True)
class Target:
    """Where the comment goes."""

    platform: str  # "github" | "gitlab"
    api_url: str  # without a trailing slash
    repo: str  # OWNER/NAME on GitHub; the project ID (or path) on GitLab
    number: int  # the pull request number, or the merge request IID
    token: str = dataclasses.field(repr=False)
    details_url: str | None = None  # the CI run, named when the report had to be cut


@dataclasses.dataclass(frozen=True, slots=True)
class Response:
    status: int
    headers: Mapping[str, str]  # names in lower case
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body or b"null")
        except ValueError as exc:
            msg = f"the API answered HTTP {self.status} with something that is not JSON"
            raise Unpublished(msg) from exc


class _Transient(Exception):
    """A failure worth another try: 5xx, a rate limit, a dropped connection."""

    def __init__(self, why: str, wait: float | None = None) -> None:
        super().__init__(why)
        self.wait = wait


def target_from_env(  # noqa: PLR0913 - keyword-only, one per command-line option
    environ: Mapping[str, str],
    *,
    platform: str = "auto",
    repo: str | None = None,
    number: int | None = None,
    api_url: str | None = None,
    token: str | None = None,
) -> Target:
    """The target from explicit values, falling back on the CI's standard variables."""
    if platform == "auto":
        platform = "gitlab" if environ.get("GITLAB_CI") else "github"
    if platform == "gitlab":
        repo = repo or environ.get("CI_PROJECT_ID")
        number = number or _int(environ.get("CI_MERGE_REQUEST_IID"))
        api_url = api_url or environ.get("CI_API_V4_URL") or "https://gitlab.com/api/v4"
        token = token or environ.get("MLOPS_LINT_GITLAB_TOKEN")
        details = environ.get("CI_JOB_URL")
        where = "no project: pass --repo ID or run in GitLab CI (CI_PROJECT_ID)"
        which = "no merge request: pass --pr IID or run in a merge request pipeline (CI_MERGE_REQUEST_IID)"
        missing_token = "no token: set MLOPS_LINT_GITLAB_TOKEN to a project access token (api scope) or pass --token"
    else:
        repo = repo or environ.get("GITHUB_REPOSITORY")
        number = number or _event_number(environ.get("GITHUB_EVENT_PATH", ""))
        api_url = api_url or environ.get("GITHUB_API_URL") or "https://api.github.com"
        token = token or environ.get("GITHUB_TOKEN")
        details = _run_url(environ)
        where = "no repository: pass --repo OWNER/NAME or run in GitHub Actions (GITHUB_REPOSITORY)"
        which = "no pull request: pass --pr N or run on a pull_request event (GITHUB_EVENT_PATH)"
        missing_token = "no token: set GITHUB_TOKEN (with pull-requests: write) or pass --token"
    if not repo:
        raise PublishError(where)
    if not number:
        raise PublishError(which)
    if not api_url.startswith(("https://", "http://")):
        msg = f"the API URL must start with https:// (got {api_url!r})"
        raise PublishError(msg)
    if not token:
        raise Unpublished(missing_token)
    return Target(platform, api_url.rstrip("/"), repo, number, token, details)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _event_number(event_path: str) -> int | None:
    if not event_path:
        return None
    try:
        event = json.loads(Path(event_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    pull = event.get("pull_request") if isinstance(event, dict) else None
    number = pull.get("number") if isinstance(pull, dict) else None
    return number if isinstance(number, int) and not isinstance(number, bool) and number > 0 else None


def _run_url(environ: Mapping[str, str]) -> str | None:
    parts = [environ.get(k) for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")]
    return f"{parts[0]}/{parts[1]}/actions/runs/{parts[2]}" if all(parts) else None


def comment_body(markdown: str, target: Target) -> str:
    """The marker, then the report; cut at a line (closing open <details>) when over the limit."""
    limit = GITHUB_LIMIT if target.platform == "github" else GITLAB_LIMIT
    body = f"{MARKER}\n{markdown.rstrip()}\n"
    if _size(body) <= limit:
        return body
    where = f"[the CI run]({target.details_url})" if target.details_url else "the CI job's summary and logs"
    note = f"\n> [!NOTE]\n> The report was cut to fit the {limit:,}-character limit of a comment; the full report is in {where}.\n"
    room = limit - _size(note) - _size(MARKER) - 64  # closing tags and line ends
    kept = markdown.encode("utf-8")[: max(room, 0)].decode("utf-8", errors="ignore")
    kept = kept[: kept.rfind("\n") + 1] if "\n" in kept else ""
    unclosed = max(kept.count("<details>") - kept.count("</details>"), 0)
    return f"{MARKER}\n{kept}" + "\n</details>\n" * unclosed + note


def _size(text: str) -> int:
    # UTF-8 bytes bound both the characters and the UTF-16 units a server may count.
    return len(text.encode("utf-8"))


class Api:
    """JSON over HTTP with bounded retries; `sleep` and `clock` are injectable for tests."""

    def __init__(
        self,
        target: Target,
        *,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
        budget: float = BUDGET,
    ) -> None:
        self.target = target
        self.sleep = sleep or _sleep
        self.clock = clock or time.time
        self.budget = budget
        self.waited = 0.0
        self._origin = urllib.parse.urlsplit(target.api_url)[:2]
        self._opener = urllib.request.build_opener()

    def call(self, method: str, url: str, payload: Mapping[str, Any] | None = None) -> Response:
        """One request; idempotent ones are retried here, a POST only on a rate limit."""
        for attempt in range(MAX_ATTEMPTS):
            try:
                return self.once(method, url, payload)
            except _Transient as exc:  # noqa: PERF203 - retrying is the point
                if method == "POST" and exc.wait is None:
                    raise  # the server may have created it: the caller looks again first
                self.pause(attempt, exc)
        msg = "unreachable"  # pragma: no cover - pause() raises on the last attempt
        raise AssertionError(msg)

    def pause(self, attempt: int, exc: _Transient) -> None:
        """Wait before another try, or give up when the attempts or the time budget are spent."""
        delay = exc.wait if exc.wait is not None else min(2.0**attempt, 30.0)
        if attempt + 1 >= MAX_ATTEMPTS or self.waited + delay > self.budget:
            asked = (
                f"; it asks to wait {delay:.0f} s" if exc.wait is not None and delay > self.budget - self.waited else ""
            )
            msg = f"{exc}{asked} (gave up after {attempt + 1} attempt(s))"
            raise Unpublished(self.scrub(msg)) from None
        self.waited += delay
        self.sleep(delay)

    def once(self, method: str, url: str, payload: Mapping[str, Any] | None) -> Response:
        if urllib.parse.urlsplit(url)[:2] != self._origin:
            msg = f"refusing to send the token to {urllib.parse.urlsplit(url).netloc} (not the API host)"
            raise Unpublished(msg)
        request = urllib.request.Request(
            url, method=method, data=None if payload is None else json.dumps(payload).encode()
        )
        for name, value in self._headers().items():
            request.add_header(name, value)
        name, value = self._auth()
        request.add_unredirected_header(name, value)  # never forwarded on a redirect
        try:
            with self._opener.open(request, timeout=TIMEOUT) as raw:
                response = Response(raw.status, _lower(raw.headers), raw.read())
        except urllib.error.HTTPError as exc:
            response = Response(exc.code, _lower(exc.headers), exc.read())
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            msg = f"cannot reach {self._origin[1]}: {reason}"
            raise _Transient(msg) from None
        return self.check(method, url, response)

    def check(self, method: str, url: str, response: Response) -> Response:
        if response.status < 400:
            return response
        what = f"{method} {urllib.parse.urlsplit(url).path}: HTTP {response.status} {self.message(response)}".rstrip()
        wait = self.rate_limit_wait(response)
        if wait is not None:
            msg = f"rate limited: {what}"
            raise _Transient(msg, wait)
        if response.status >= 500:
            raise _Transient(what)
        raise Unpublished(self.scrub(what))

    def rate_limit_wait(self, response: Response) -> float | None:
        """Seconds to wait for a rate limit (403/429), or None when it is not one."""
        if response.status not in {403, 429}:
            return None
        headers = response.headers
        retry_after = headers.get("retry-after", "").strip()
        if retry_after.isdigit():
            return float(retry_after)
        if retry_after:  # the other form: an HTTP date
            try:
                return max(email.utils.parsedate_to_datetime(retry_after).timestamp() - self.clock(), 0.0)
            except (TypeError, ValueError):
                pass
        reset = headers.get("x-ratelimit-reset", "").strip()
        if headers.get("x-ratelimit-remaining", "").strip() == "0" and reset.isdigit():
            return max(float(reset) - self.clock(), 0.0) + 1.0
        if response.status == 429 or b"rate limit" in response.body.lower():
            return 60.0  # GitHub: "wait at least one minute" when nothing says how long
        return None

    def message(self, response: Response) -> str:
        try:
            data = json.loads(response.body)
        except ValueError:
            data = None
        text = data.get("message") if isinstance(data, dict) else None
        text = str(text) if text else response.body[:200].decode("utf-8", errors="replace")
        return " ".join(text.split())[:200]

    def scrub(self, text: str) -> str:
        return text.replace(self.target.token, "***") if self.target.token else text

    def _headers(self) -> dict[str, str]:
        headers = {"User-Agent": f"mlops-lint/{__version__}", "Content-Type": "application/json"}
        if self.target.platform == "github":
            headers |= {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        else:
            headers["Accept"] = "application/json"
        return headers

    def _auth(self) -> tuple[str, str]:
        if self.target.platform == "github":
            return "Authorization", f"Bearer {self.target.token}"
        return "PRIVATE-TOKEN", self.target.token


def _sleep(seconds: float) -> None:
    time.sleep(seconds)  # looked up at call time, so tests can replace it


def _lower(headers: Any) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in (headers.items() if headers is not None else ())}


def publish(markdown: str, target: Target, api: Api | None = None) -> str:
    """Create or update the sticky comment; returns a one-line account of what was done."""
    api = api or Api(target)
    body = comment_body(markdown, target)
    for attempt in range(MAX_ATTEMPTS):
        try:
            return _github(api, body) if target.platform == "github" else _gitlab(api, body)
        except _Transient as exc:  # noqa: PERF203 - a POST that may have landed: look again first
            api.pause(attempt, exc)
    msg = "unreachable"  # pragma: no cover - pause() raises on the last attempt
    raise AssertionError(msg)


def _github(api: Api, body: str) -> str:
    t = api.target
    comments = f"{t.api_url}/repos/{t.repo}/issues/{t.number}/comments"
    url: str | None = f"{comments}?per_page=100"
    for _ in range(MAX_PAGES):
        if url is None:
            break
        response = api.call("GET", url)
        for item in _items(response):
            if str(item.get("body") or "").startswith(MARKER) and "id" in item:
                api.call("PATCH", f"{t.api_url}/repos/{t.repo}/issues/comments/{item['id']}", {"body": body})
                return f"updated the mlops-lint comment on {t.repo}#{t.number}"
        url = _next_link(response.headers.get("link", ""))
    api.call("POST", comments, {"body": body})
    return f"posted the mlops-lint comment on {t.repo}#{t.number}"


def _gitlab(api: Api, body: str) -> str:
    t = api.target
    notes = f"{t.api_url}/projects/{urllib.parse.quote(t.repo, safe='')}/merge_requests/{t.number}/notes"
    page = "1"
    for _ in range(MAX_PAGES):
        if not page:
            break
        response = api.call("GET", f"{notes}?per_page=100&sort=asc&order_by=created_at&page={urllib.parse.quote(page)}")
        for item in _items(response):
            if not item.get("system") and str(item.get("body") or "").startswith(MARKER) and "id" in item:
                api.call("PUT", f"{notes}/{item['id']}", {"body": body})
                return f"updated the mlops-lint note on merge request !{t.number}"
        page = response.headers.get("x-next-page", "").strip()
    api.call("POST", notes, {"body": body})
    return f"posted the mlops-lint note on merge request !{t.number}"


def _items(response: Response) -> list[dict[str, Any]]:
    data = response.json()
    if not isinstance(data, list):
        msg = f"the API answered HTTP {response.status} with something that is not a list of comments"
        raise Unpublished(msg)
    return [item for item in data if isinstance(item, dict)]


def _next_link(header: str) -> str | None:
    for part in header.split(","):
        if found := _NEXT.search(part):
            return found.group(1)
    return None
