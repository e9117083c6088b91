"""Q5 data-definition: data dictionaries, described schemas and field lists with meanings."""

from __future__ import annotations

import json

from mlops_lint.detectors import q05_data_definition as q05
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

DBT_SCHEMA = """version: 2
models:
  - name: customers
    columns:
      - name: customer_id
        description: Unique subscriber id from billing
      - name: tenure_months
        description: Months since the subscription started
      - name: monthly_charges
        description: Amount billed last month, in EUR
"""
FEATURES = """# Churn

## Features

- `tenure_months`: months since the subscription started
- `monthly_charges`: amount billed last month, in EUR
- `contract`: month-to-month, one year or two years
- `churned`: cancelled within 30 days of the snapshot
"""


def test_yes_for_a_data_dictionary_file(make_ctx: MakeContext) -> None:
    answer = q05.detect(make_ctx("documented-churn-service"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("data/data_dictionary.csv", None, "data dictionary"),)


def test_yes_for_dbt_columns_with_descriptions(make_ctx: MakeContext) -> None:
    files = {"dbt_project.yml": "name: churn\n", "models/schema.yml": DBT_SCHEMA}
    answer = q05.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("models/schema.yml", 5, "3 of 3 columns described"),)


def test_unknown_for_dbt_columns_without_descriptions(make_ctx: MakeContext) -> None:
    schema = "version: 2\nmodels:\n  - name: customers\n    columns:\n      - name: customer_id\n      - name: tenure\n"
    answer = q05.detect(make_ctx(files={"dbt_project.yml": "name: churn\n", "models/schema.yml": schema}))
    assert answer.verdict is Verdict.UNKNOWN
    assert answer.evidence == (Evidence("models/schema.yml", None, "2 columns, 0 described"),)


def test_yes_for_a_features_section_defining_each_field(make_ctx: MakeContext) -> None:
    answer = q05.detect(make_ctx(files={"README.md": FEATURES}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("README.md", 3, "Features"),)


def test_yes_for_an_avro_schema_with_field_docs(make_ctx: MakeContext) -> None:
    fields = [{"name": n, "type": "double", "doc": f"the {n} of the customer"} for n in ("age", "income", "tenure")]
    schema = json.dumps({"type": "record", "name": "Customer", "fields": fields})
    answer = q05.detect(make_ctx(files={"schemas/customer.avsc": schema}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("schemas/customer.avsc", None, "3 fields with descriptions"),)


def test_yes_for_pandera_columns_with_descriptions(make_ctx: MakeContext) -> None:
    code = 'import pandera as pa\n\nschema = pa.DataFrameSchema({\n    "age": pa.Column(int, description="Age in years"),\n})\n'
    answer = q05.detect(make_ctx(files={"src/schema.py": code}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0].location == "src/schema.py:4"


def test_unknown_for_pandera_columns_without_descriptions(make_ctx: MakeContext) -> None:
    code = 'import pandera as pa\n\nschema = pa.DataFrameSchema({"age": pa.Column(int), "income": pa.Column(float)})\n'
    assert q05.detect(make_ctx(files={"src/schema.py": code})).verdict is Verdict.UNKNOWN


def test_a_list_of_steps_is_not_a_data_dictionary(make_ctx: MakeContext) -> None:
    readme = "# Titanic\n\n## Feature engineering\n\n- **Name processing**: extracted titles and name lengths\n- **Family**: summed siblings and parents\n"
    assert q05.detect(make_ctx(files={"README.md": readme})).verdict is Verdict.NO


def test_a_config_schema_is_not_a_data_schema(make_ctx: MakeContext) -> None:
    props = {k: {"type": "string", "description": f"the {k} to use"} for k in ("region", "bucket", "prefix")}
    schema = json.dumps({"$schema": "http://json-schema.org/draft-07/schema#", "properties": props})
    assert q05.detect(make_ctx(files={"deploy/settings.schema.json": schema})).verdict is Verdict.NO


def test_malformed_dbt_schema_is_a_warning_not_a_crash(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"dbt_project.yml": "name: churn\n", "models/schema.yml": "models: [\n  - name: x\n"})
    assert q05.detect(ctx).verdict is Verdict.NO
    assert [w.path for w in ctx.repo.warnings] == ["models/schema.yml"]


def test_no_without_definitions(make_ctx: MakeContext) -> None:
    answer = q05.detect(make_ctx("docs-template-placeholders"))
    assert answer.verdict is Verdict.NO
    assert answer.searched


def test_yes_for_a_table_with_a_description_column(make_ctx: MakeContext) -> None:
    readme = (
        "# Churn\n\n## Dataset\n\n| Column name | Type | Description |\n|---|---|---|\n"
        "| Customer ID | string | unique subscriber id |\n| Tenure | int | months since sign-up |\n"
        "| Monthly charges | float | billed last month in EUR |\n| Churned | bool | cancelled within 30 days |\n"
    )
    answer = q05.detect(make_ctx(files={"README.md": readme}))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("README.md", 3, "Dataset"),)


def test_a_table_of_configuration_variables_is_not_a_data_definition(make_ctx: MakeContext) -> None:
    table = "\n".join(f"|{name}|No|x|The {name} setting of the notebook instance we provision.|" for name in
                      ("name_prefix", "project_id", "network_name", "subnet_name", "zone", "machine_type"))  # fmt: skip
    readme = (
        "# Creating an environment\n\nYou can customize your configuration using the following variables, "
        "which the Terraform scripts read when they provision the environment for the samples:\n\n"
        "|Variable|Required|Default|Description|\n|---|---|---|---|\n" + table + "\n"
    )
    answer = q05.detect(make_ctx(files={"provision/README.md": readme}))
    assert answer.verdict is not Verdict.YES
