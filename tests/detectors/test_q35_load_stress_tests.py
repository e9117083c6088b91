"""Q35 load-stress-tests: load-test tools, the pipelines running them, and what must not count."""

from __future__ import annotations

import pytest

from mlops_lint.context import Context
from mlops_lint.detectors import q35_load_stress_tests as q35
from mlops_lint.facts.loadtests import LoadTest, LoadTesting, load_testing
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

API = {"app/main.py": "from fastapi import FastAPI\n\napp = FastAPI()\n"}
K6 = "import http from 'k6/http';\n\nexport default function () {\n  http.get('http://localhost/');\n}\n"


def test_yes_cites_the_locustfile_and_the_scheduled_run(make_ctx: MakeContext) -> None:
    answer = q35.detect(make_ctx("fastapi-service-mature"))
    assert answer.verdict is Verdict.YES
    assert "on a schedule" in answer.reason
    assert answer.evidence == (
        Evidence("loadtests/locustfile.py", 3, "from locust import HttpUser, between, task"),
        Evidence(
            ".github/workflows/load-test.yml",
            11,
            'locust -f loadtests/locustfile.py --headless -u 50 -r 10 --run-time 5m --host "$STAGING_URL"',
        ),
    )


def test_a_k6_script_no_pipeline_runs_is_yes_with_a_caveat(make_ctx: MakeContext) -> None:
    answer = q35.detect(make_ctx(files={**API, "perf/smoke.js": K6}))
    assert answer.verdict is Verdict.YES
    assert "no pipeline runs them" in answer.reason
    assert answer.evidence == (Evidence("perf/smoke.js", 1, "import http from 'k6/http';"),)


@pytest.mark.parametrize(
    ("files", "tool"),
    [
        ({"tests/load/plan.jmx": "<jmeterTestPlan/>"}, "JMeter"),
        ({"load/api.yml": "config:\n  target: http://x\n  phases:\n    - duration: 60\nscenarios:\n  - flow: []\n"},
         "artillery"),
        ({"Makefile": "bench:\n\they -z 30s -c 20 http://localhost:8000/predict\n"}, "hey"),
        ({"scripts/stress.sh": "#!/bin/sh\nvegeta attack -rate=50 -duration=30s < targets.txt\n"}, "vegeta"),
        ({"src/Sim.scala": "import io.gatling.core.Predef._\nclass Sim extends Simulation\n"}, "Gatling"),
    ],
)  # fmt: skip
def test_other_tools(make_ctx: MakeContext, files: dict[str, str], tool: str) -> None:
    answer = q35.detect(make_ctx(files={**API, **files}))
    assert answer.verdict is Verdict.YES
    assert answer.reason.startswith(f"load tests found ({tool})")


def test_no_when_nothing_and_prose_does_not_count(make_ctx: MakeContext) -> None:
    answer = q35.detect(make_ctx("flask-api-bare"))  # its README says "we should add load testing with locust"
    assert answer.verdict is Verdict.NO
    assert answer.searched == q35.SEARCHED


def test_a_commented_out_command_does_not_count(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={**API, "scripts/bench.sh": "#!/bin/sh\n# wrk -t4 -c100 -d30s http://localhost\n"})
    assert q35.detect(ctx).verdict is Verdict.NO


def test_a_yaml_file_without_artillery_phases_does_not_count(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={**API, "load/config.yml": "config:\n  target: http://x\nscenarios: []\n"})
    assert q35.detect(ctx).verdict is Verdict.NO


def test_a_documented_load_test_section_is_unknown(make_ctx: MakeContext) -> None:
    readme = "# API\n\n## Load testing\n\nThe platform team runs it before each release.\n"
    answer = q35.detect(make_ctx(files={**API, "README.md": readme}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("README.md", 3, "Load testing"),)


def test_a_load_testing_dependency_alone_is_unknown(make_ctx: MakeContext) -> None:
    answer = q35.detect(make_ctx(files={**API, "requirements-dev.txt": "pytest\nlocust==2.31\n"}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("requirements-dev.txt", 2, "depends on locust"),)


def test_an_untracked_locustfile_does_not_count(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files=API, dirty={"locustfile.py": "from locust import HttpUser\n"})
    assert q35.detect(ctx).verdict is Verdict.NO


def test_unit_level_without_a_repository() -> None:
    test = LoadTest("k6", Evidence("k6/run.js", 1, "import http from 'k6/http';"))
    ctx = Context.from_facts({load_testing: LoadTesting((test,), (), ())})
    assert q35.detect(ctx).evidence == (test.evidence,)


def test_a_load_command_in_a_readme_code_block_is_unknown(make_ctx: MakeContext) -> None:
    readme = "# API\n\n## Benchmarks\n\n```sh\nhey -n 2000 -c 50 http://localhost:8000/predict\n```\n"
    answer = q35.detect(make_ctx(files={**API, "README.md": readme}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("README.md", 6, "hey -n 2000 -c 50 http://localhost:8000/predict"),)
