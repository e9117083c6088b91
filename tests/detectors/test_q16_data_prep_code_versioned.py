"""Q16 data-prep-code-versioned: tracked code that loads and cleans data, and what does not count."""

from __future__ import annotations

import json

from mlops_lint.detectors import q16_data_prep_code_versioned as q16
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext


def test_tracked_module_that_reads_and_cleans_data_is_yes(make_ctx: MakeContext) -> None:
    answer = q16.detect(make_ctx("ml-service-cicd"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence[0] == Evidence("src/churn/data.py", 7, "df = pd.read_csv(path)")
    assert "src/churn/data.py" in answer.reason


def test_a_notebook_counts_and_cites_its_code_cell_not_the_markdown(make_ctx: MakeContext) -> None:
    answer = q16.detect(make_ctx("ml-notebooks-no-ci"))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("notebooks/titanic.ipynb", None, "train = pd.read_csv('train.csv')"),)


def test_sql_queries_are_data_preparation(make_ctx: MakeContext) -> None:
    files = {"models/customers.sql": "-- customers\nselect id, sum(amount) as total\nfrom orders group by id\n"}
    answer = q16.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("models/customers.sql", 2, "select id, sum(amount) as total"),)


def test_a_module_named_for_the_step_counts_when_it_uses_data_libraries(make_ctx: MakeContext) -> None:
    files = {"src/prepare.py": "import numpy as np\n\n\ndef run(images):\n    return np.stack(images)\n"}
    answer = q16.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("src/prepare.py", None, "data preparation code by its name"),)


def test_untracked_data_preparation_does_not_count(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"README.md": "# x\n"}, dirty={"clean.py": "import pandas as pd\npd.read_csv('x')\n"})
    answer = q16.detect(ctx)
    assert answer.verdict is Verdict.UNKNOWN
    assert "no code" in answer.reason


def test_commented_out_read_does_not_count(make_ctx: MakeContext) -> None:
    files = {"util.py": "import pandas as pd\n\n# df = pd.read_csv('x.csv').dropna()\nprint(pd.__version__)\n"}
    answer = q16.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.UNKNOWN
    assert "none of the 1 tracked code file(s)" in answer.reason


def test_a_plain_folder_is_not_version_control(make_ctx: MakeContext) -> None:
    answer = q16.detect(make_ctx("ml-service-cicd", use_git=False))
    assert answer.verdict is Verdict.UNKNOWN
    assert "not a git work tree" in answer.reason
    assert answer.evidence == (Evidence("src/churn/data.py", 7, "df = pd.read_csv(path)"),)


def test_test_files_are_not_data_preparation(make_ctx: MakeContext) -> None:
    files = {"tests/test_io.py": "import pandas as pd\n\n\ndef test_read():\n    assert pd.read_csv('x') is not None\n"}
    assert q16.detect(make_ctx(files=files)).verdict is Verdict.UNKNOWN


def test_malformed_notebook_is_a_warning_not_a_crash(make_ctx: MakeContext) -> None:
    good = {"cells": [{"cell_type": "code", "source": "import pandas as pd\ndf = pd.read_parquet('x')\n"}]}
    ctx = make_ctx(files={"broken.ipynb": "{not json", "good.ipynb": json.dumps(good)})
    answer = q16.detect(ctx)
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (Evidence("good.ipynb", None, "df = pd.read_parquet('x')"),)
    assert any(w.path == "broken.ipynb" for w in ctx.repo.warnings)
