"""Q20 environment-as-code: lock files and exact pins, open ranges, and files that do not decide."""

from __future__ import annotations

from mlops_lint.detectors import q20_environment_as_code as q20
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

CODE = {"train.py": "import sklearn\n"}


def test_lock_file_is_yes(make_ctx: MakeContext) -> None:
    files = {
        **CODE,
        "pyproject.toml": '[project]\nname = "x"\ndependencies = ["pandas>=2"]\n',
        "uv.lock": "version = 1\n",
    }
    answer = q20.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("uv.lock"),)


def test_exact_pins_are_yes_and_dev_requirements_do_not_decide(make_ctx: MakeContext) -> None:
    answer = q20.detect(make_ctx("ml-service-cicd"))
    assert answer.verdict is Verdict.YES
    assert answer.reason == "requirements.txt pins 4 of its 4 dependencies to exact versions"
    assert answer.evidence == (Evidence("requirements.txt", None, "4/4 pinned"),)


def test_open_requirements_are_no(make_ctx: MakeContext) -> None:
    files = {**CODE, "requirements.txt": "# runtime\nscikit-learn>=1.3\npandas\nmlflow==2.14.1\n"}
    answer = q20.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.NO
    assert "requirements.txt leaves 2 of 3 dependencies unpinned" in answer.reason
    assert "scikit-learn>=1.3" in answer.reason


def test_one_open_conda_file_beside_pinned_requirements_is_no(make_ctx: MakeContext) -> None:
    files = {
        **CODE,
        "requirements.txt": "pandas==2.2.2\nnumpy==1.26.4\n",
        "environment.yml": "name: x\ndependencies:\n  - python=3.11\n  - pandas\n  - scikit-learn\n",
    }
    answer = q20.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.NO
    assert answer.reason.startswith("environment.yml leaves 2 of 2")  # python itself is not a dependency


def test_package_ranges_without_a_lock_are_no(make_ctx: MakeContext) -> None:
    files = {**CODE, "pyproject.toml": '[project]\nname = "x"\ndependencies = ["pandas>=2", "torch~=2.3"]\n'}
    answer = q20.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.NO
    assert answer.reason.startswith("package metadata without a lock file")


def test_pinned_requirements_beat_library_ranges_in_setup_py(make_ctx: MakeContext) -> None:
    files = {
        **CODE,
        "setup.py": "from setuptools import setup\nsetup(install_requires=['pandas>=2'])\n",
        "requirements.txt": "pandas==2.2.2\n",
    }
    assert q20.detect(make_ctx(files=files)).verdict is Verdict.YES


def test_compiled_requirements_replace_their_input(make_ctx: MakeContext) -> None:
    files = {**CODE, "requirements.in": "pandas\n", "requirements.txt": "pandas==2.2.2 \\\n    --hash=sha256:abc\n"}
    assert q20.detect(make_ctx(files=files)).verdict is Verdict.YES


def test_logged_model_environments_do_not_count(make_ctx: MakeContext) -> None:
    files = {
        **CODE,
        "mlruns/0/abc/artifacts/model/requirements.txt": "pandas==2.2.2\n",
        "mlruns/0/abc/artifacts/model/MLmodel": "flavors: {}\n",
    }
    answer = q20.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.NO
    assert answer.reason == "the repository has code but no environment definition"


def test_partly_pinned_is_unknown(make_ctx: MakeContext) -> None:
    files = {**CODE, "requirements.txt": "pandas==2.2.2\nnumpy==1.26.4\nscipy==1.13.0\nmlflow\n"}
    answer = q20.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("requirements.txt", 4, "mlflow (no version)"),)


def test_dockerfile_only_is_unknown(make_ctx: MakeContext) -> None:
    files = {**CODE, "Dockerfile": "FROM python:3.11-slim\nRUN pip install pandas==2.2.2\n"}
    answer = q20.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("Dockerfile"),)


def test_untracked_lock_file_does_not_count(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={**CODE, "requirements.txt": "pandas\n"}, dirty={"uv.lock": "version = 1\n"})
    assert q20.detect(ctx).verdict is Verdict.NO


def test_no_code_and_no_environment_is_unknown(make_ctx: MakeContext) -> None:
    assert q20.detect(make_ctx(files={"README.md": "# docs\n"})).verdict is Verdict.UNKNOWN


def test_malformed_conda_file_is_a_warning_not_a_crash(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={**CODE, "environment.yml": "dependencies: [pandas\n", "requirements.txt": "numpy==1.26.4\n"})
    assert q20.detect(ctx).verdict is Verdict.YES
    assert any(w.path == "environment.yml" for w in ctx.repo.warnings)


def test_root_environment_decides_over_a_cloud_functions_own_requirements(make_ctx: MakeContext) -> None:
    files = {
        **CODE,
        "requirements.txt": "kfp==1.8.1\ntensorflow==2.15.0\n",
        "src/trigger/requirements.txt": "google-cloud-storage\n",
    }
    answer = q20.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("requirements.txt", None, "2/2 pinned"),)


def test_only_a_lambda_functions_requirements_is_unknown(make_ctx: MakeContext) -> None:
    files = {**CODE, "lambda_functions/trigger/requirements.txt": "boto3\n"}
    answer = q20.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("lambda_functions/trigger/requirements.txt", 1, "boto3 (no version)"),)
