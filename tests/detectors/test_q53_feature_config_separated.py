"""Q53 feature-config-separated: feature lists and settings in YAML, JSON or TOML files."""

from __future__ import annotations

from mlops_lint.detectors import q53_feature_config_separated as q53
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

PREP = "import pandas as pd\n\n\ndef load():\n    return pd.read_csv('raw.csv').dropna()\n"


def test_feature_lists_in_params_yaml_is_yes(make_ctx: MakeContext) -> None:
    answer = q53.detect(make_ctx("sklearn-pipeline-api"))
    assert answer.verdict is Verdict.YES
    assert answer.reason == "features are configured in params.yaml and read by the code"
    assert answer.evidence == (Evidence("params.yaml", 4, "num_features:"),)


def test_column_lists_to_drop_or_encode_in_json_are_yes(make_ctx: MakeContext) -> None:
    """Seen in KonuTech/mlops-zoomcamp-project: `COLUMNS_TO_DROP` and `DISTINCT_COLUMNS` in config.json."""
    config = (
        '{\n  "TARGET_NAME": "Price",\n  "COLUMNS_TO_DROP": ["ID", "URL path"],\n  "DISTINCT_COLUMNS": ["Brand"]\n}\n'
    )
    code = PREP + "\nCONFIG = json.load(open('config/config.json'))\n"
    answer = q53.detect(make_ctx(files={"config/config.json": config, "prep.py": code}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == Evidence("config/config.json", 3, '"COLUMNS_TO_DROP": ["ID", "URL path"],')


def test_feature_job_settings_and_sections_are_yes(make_ctx: MakeContext) -> None:
    answer = q53.detect(make_ctx("databricks-feature-tables"))
    assert answer.evidence == (
        Evidence("resources/features-job.yml", 10, "features_transform_module: pickup_features"),
    )
    files = {"src/prep.py": PREP, "conf/base.yml": "featurize:\n  max_features: 100\n  ngrams: 2\n"}
    assert q53.detect(make_ctx(files=files)).evidence == (Evidence("conf/base.yml", 1, "featurize:"),)


def test_templated_config_is_read(make_ctx: MakeContext) -> None:
    body = "job:\n  {{ if .fs }}pickup_features_table: {{ .catalog }}.pickup{{ end }}\n"
    answer = q53.detect(make_ctx(files={"src/prep.py": PREP, "tpl/resources/job.yml.tmpl": body}))
    assert answer.evidence == (
        Evidence("tpl/resources/job.yml.tmpl", 2, "{{ if .fs }}pickup_features_table: {{ .catalog }}.pickup{{ end }}"),
    )


def test_features_hard_coded_in_code_is_no(make_ctx: MakeContext) -> None:
    answer = q53.detect(make_ctx("ml-service-cicd"))
    assert answer.verdict is Verdict.NO
    assert "src/churn/data.py:7" in answer.reason


def test_hyperparameters_and_tool_features_do_not_count(make_ctx: MakeContext) -> None:
    files = {
        "src/prep.py": PREP,
        "params.yaml": "train:\n  max_features: 100\n  n_features: 3\n",
        ".devcontainer.json": '{"features": {"ghcr.io/devcontainers/features/python:1": {}}}',
        "mkdocs.yml": "theme:\n  features:\n    - navigation.tabs\n",
        "dvc.yaml": "stages:\n  featurize:\n    cmd: python src/prep.py\n",
        "data/points.json": '{"type": "FeatureCollection", "features": [{"type": "Feature"}]}',
    }
    assert q53.detect(make_ctx(files=files)).verdict is Verdict.NO


def test_malformed_yaml_is_a_warning_not_a_crash(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"src/prep.py": PREP, "conf/features.yml": "features: [a, b\n"})
    assert q53.detect(ctx).verdict is Verdict.NO
    assert [w.path for w in ctx.repo.warnings] == ["conf/features.yml"]


def test_untracked_config_does_not_count(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"src/prep.py": PREP}, dirty={"params.yaml": "features: [a, b]\n"})
    assert q53.detect(ctx).verdict is Verdict.NO


def test_no_feature_code_is_unknown(make_ctx: MakeContext) -> None:
    assert q53.detect(make_ctx("fastapi-service-mature")).verdict is Verdict.UNKNOWN


def test_column_lists_in_a_parameters_file_count(make_ctx: MakeContext) -> None:
    params = "model_options:\n  preprocess_params:\n    drop_columns:\n      - LotFrontage\n      - MasVnrArea\n"
    code = "import pandas as pd\n\n\ndef preprocess(df, drop_columns):\n    return df.drop(columns=drop_columns)\n"
    answer = q53.detect(make_ctx(files={"conf/base/parameters.yml": params, "src/pkg/nodes.py": code}))
    assert answer.verdict is Verdict.YES
    assert (answer.evidence[0].path, answer.evidence[0].line) == ("conf/base/parameters.yml", 3)
