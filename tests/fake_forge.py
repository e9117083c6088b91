"""A fake GitHub REST API and GitLab API v4, served over real HTTP on 127.0.0.1.

Just enough of both to exercise `mlops-lint comment`: list (paginated as the real ones are:
GitHub with a Link header, GitLab with X-Next-Page), create and update pull request comments
and merge request notes. Every request is recorded (method, path, query, headers, body), and
failures can be scripted: the next N requests of a method answer with a given status.
"""

from __future__ import annotations

import dataclasses
import http.server
import json
import re
import threading
import urllib.parse
from collections.abc import Iterator
from typing import Any

GITHUB_TOKEN = "ghs_fake_token_0123456789"
GITLAB_TOKEN = "glpat-fake-token-0123456789"
_GH_LIST = re.compile(r"/repos/([^/]+/[^/]+)/issues/(\d+)/comments")
_GH_ONE = re.compile(r"/repos/([^/]+/[^/]+)/issues/comments/(\d+)")
_GL_LIST = re.compile(r"/api/v4/projects/([^/]+)/merge_requests/(\d+)/notes")
_GL_ONE = re.compile(r"/api/v4/projects/([^/]+)/merge_requests/(\d+)/notes/(\d+)")


@dataclasses.dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]  # names in lower case
    body: Any  # parsed JSON, or None


@dataclasses.dataclass
class Failure:
    method: str  # or "*"
    status: int
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    body: dict[str, Any] = dataclasses.field(default_factory=lambda: {"message": "Server Error"})
    apply: bool = False  # do the work anyway, then fail (a POST that landed but answered 502)


class FakeForge:
    """State and behaviour of the fake server; `url` is its root (with the GHE-style prefix)."""

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self.comments: dict[tuple[str, int], list[dict[str, Any]]] = {}  # GitHub, by (repo, number)
        self.notes: dict[tuple[str, int], list[dict[str, Any]]] = {}  # GitLab, by (project, iid)
        self.requests: list[Request] = []
        self.failures: list[Failure] = []
        self.read_only = False  # a fork's token: reads work, writes get 403
        self._ids = iter(range(1000, 100_000))
        self._lock = threading.Lock()
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def url(self) -> str:
        return self.root + self.prefix

    def start(self) -> FakeForge:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def fail(self, method: str, status: int, times: int = 1, **kwargs: Any) -> None:
        self.failures += [Failure(method, status, **kwargs) for _ in range(times)]

    def seed(self, store: str, key: tuple[str, int], bodies: list[str], **extra: Any) -> list[int]:
        ids = []
        for body in bodies:
            item = {"id": next(self._ids), "body": body, **extra}
            getattr(self, store).setdefault(key, []).append(item)
            ids.append(int(item["id"]))
        return ids

    def writes(self) -> list[Request]:
        return [r for r in self.requests if r.method != "GET"]

    # --- request handling, called from the server's threads ---------------------------------

    def handle(self, method: str, raw_path: str, headers: dict[str, str], body: Any) -> tuple[int, dict[str, str], Any]:
        split = urllib.parse.urlsplit(raw_path)
        query = dict(urllib.parse.parse_qsl(split.query))
        with self._lock:
            self.requests.append(Request(method, split.path, query, headers, body))
            failure = next((f for f in self.failures if f.method in {method, "*"}), None)
            if failure is not None:
                self.failures.remove(failure)
                if failure.apply:
                    self._route(method, split.path, query, headers, body)
                return failure.status, failure.headers, failure.body
            return self._route(method, split.path, query, headers, body)

    def _route(
        self, method: str, path: str, query: dict[str, str], headers: dict[str, str], body: Any
    ) -> tuple[int, dict[str, str], Any]:
        if path.startswith("/api/v4/"):
            if headers.get("private-token") != GITLAB_TOKEN:
                return 401, {}, {"message": "401 Unauthorized"}
            return self._gitlab(method, path, query, body)
        if not path.startswith(self.prefix + "/repos/"):
            return 404, {}, {"message": "Not Found"}
        if headers.get("authorization") != f"Bearer {GITHUB_TOKEN}":
            return 401, {}, {"message": "Bad credentials"}
        return self._github(method, path.removeprefix(self.prefix), query, body)

    def _github(self, method: str, path: str, query: dict[str, str], body: Any) -> tuple[int, dict[str, str], Any]:
        if method != "GET" and self.read_only:
            return 403, {}, {"message": "Resource not accessible by integration"}
        if (m := _GH_LIST.fullmatch(path)) and method == "GET":
            items = self.comments.get((m.group(1), int(m.group(2))), [])
            page, size = int(query.get("page", "1")), int(query.get("per_page", "30"))
            links = {}
            if page * size < len(items):
                links["next"] = f"{self.url}{path}?per_page={size}&page={page + 1}"
            links["last"] = f"{self.url}{path}?per_page={size}&page={max(1, -(-len(items) // size))}"
            header = ", ".join(f'<{u}>; rel="{rel}"' for rel, u in links.items())
            return 200, {"Link": header}, items[(page - 1) * size : page * size]
        if (m := _GH_LIST.fullmatch(path)) and method == "POST":
            item = {"id": next(self._ids), "body": body["body"], "user": {"login": "github-actions[bot]"}}
            self.comments.setdefault((m.group(1), int(m.group(2))), []).append(item)
            return 201, {}, item
        if (m := _GH_ONE.fullmatch(path)) and method == "PATCH":
            for items in self.comments.values():
                for item in items:
                    if item["id"] == int(m.group(2)):
                        item["body"] = body["body"]
                        return 200, {}, item
        return 404, {}, {"message": "Not Found"}

    def _gitlab(self, method: str, path: str, query: dict[str, str], body: Any) -> tuple[int, dict[str, str], Any]:
        if method != "GET" and self.read_only:
            return 403, {}, {"message": "403 Forbidden"}
        if m := _GL_ONE.fullmatch(path):
            key = (urllib.parse.unquote(m.group(1)), int(m.group(2)))
            for item in self.notes.get(key, []):
                if item["id"] == int(m.group(3)) and method == "PUT":
                    item["body"] = body["body"]
                    return 200, {}, item
            return 404, {}, {"message": "404 Not found"}
        if not (m := _GL_LIST.fullmatch(path)):
            return 404, {}, {"message": "404 Not found"}
        key = (urllib.parse.unquote(m.group(1)), int(m.group(2)))
        if method == "POST":
            item = {"id": next(self._ids), "body": body["body"], "system": False}
            self.notes.setdefault(key, []).append(item)
            return 201, {}, item
        items = self.notes.get(key, [])
        page, size = int(query.get("page", "1")), int(query.get("per_page", "20"))
        more = page * size < len(items)
        return (
            200,
            {"X-Next-Page": str(page + 1) if more else "", "X-Page": str(page)},
            items[(page - 1) * size : page * size],
        )


def _handler(forge: FakeForge) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, extra, payload = forge.handle(self.command, self.path, headers, body)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PATCH = do_PUT = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


def running(prefix: str = "") -> Iterator[FakeForge]:
    """Start a fake forge, yield it, stop it (for fixtures)."""
    forge = FakeForge(prefix).start()
    try:
        yield forge
    finally:
        forge.stop()
