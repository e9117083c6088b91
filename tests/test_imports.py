"""The import graph (ast, lazy), the roles reached through imports, and what they sharpen: Q16, Q17, Q32."""

from __future__ import annotations

import json

from mlops_lint.detectors import q16_data_prep_code_versioned as q16
from mlops_lint.detectors import q17_model_code_versioned as q17
from mlops_lint.detectors import q32_ml_pipeline_tests as q32
from mlops_lint.facts.import_roles import named_through_imports, roles_reached
from mlops_lint.facts.imports import Imported, import_graph, module_parts
from mlops_lint.facts.ml_code import DATA_PREP, TRAINING
from mlops_lint.facts.ml_tests import ml_tests
from mlops_lint.model import Evidence, Verdict
from tests.conftest import MakeContext

PREP = "import pandas as pd\n\n\ndef clean(df):\n    return df.dropna()\n"
TRAIN = "from sklearn.linear_model import Ridge\n\n\ndef fit(X, y):\n    return Ridge().fit(X, y)\n"
PIPELINE = "from pkg.prep import clean\nfrom pkg.train import fit\n\nSTEPS = (clean, fit)\n"


def notebook(*cells: str) -> str:
    """A minimal notebook with one code cell per argument and a markdown cell first."""
    body = [{"cell_type": "markdown", "source": ["import nothing_here\n"]}]
    body += [{"cell_type": "code", "source": [cell]} for cell in cells]
    return json.dumps({"cells": body, "nbformat": 4})


def test_src_layout_relative_and_third_party_imports(make_ctx: MakeContext) -> None:
    files = {
        "src/pkg/__init__.py": "",
        "src/pkg/prep.py": PREP,
        "src/pkg/train.py": "from .prep import clean\nfrom . import prep\nimport os\nimport numpy as np\n",
        "scripts/run.py": "from pkg.train import fit\nimport pkg.prep\nfrom pkg import prep\n",
    }
    graph = make_ctx(files=files).get(import_graph)
    train = graph.of("src/pkg/train.py")
    assert train.imports == (
        Imported(1, "pkg.prep", "src/pkg/prep.py"),
        Imported(3, "os", None),
        Imported(4, "numpy", None, external=True),
    )
    assert train.packages == {"numpy"}
    assert graph.of("scripts/run.py").local == ("src/pkg/train.py", "src/pkg/prep.py")
    assert graph.module_name("src/pkg/train.py") == "pkg.train"
    assert graph.module_name("src/pkg/__init__.py") == "pkg"
    assert graph.importers_of("src/pkg/prep.py") == ("scripts/run.py", "src/pkg/train.py")


def test_a_script_imports_its_sibling_but_not_a_stranger(make_ctx: MakeContext) -> None:
    files = {
        "jobs/train.py": "import utils\n",
        "jobs/utils.py": "",
        "other/deep/config.py": "",
        "a.py": "import config\n",
    }
    graph = make_ctx(files=files).get(import_graph)
    assert graph.of("jobs/train.py").local == ("jobs/utils.py",)
    assert graph.of("a.py").imports == (Imported(1, "config", None),)  # not other/deep/config.py, not third-party
    assert not graph.of("a.py").packages


def test_templates_notebooks_and_magics_are_read(make_ctx: MakeContext) -> None:
    files = {
        "tpl/{{.name}}/training/train.py.tmpl": "{% if x %}\nimport pandas\n{% endif %}\n",
        "tpl/{{.name}}/tests/train_test.py.tmpl": (
            "from {{.name}}.training.train import fit\nx = {{ value }}'broken'\n"
        ),
        "notebooks/explore.ipynb": notebook("%pip install pandas\nimport pandas as pd", "!ls\nfrom src.prep import x"),
        "src/prep.py": PREP,
        "job.py": "# Databricks notebook source\n%cd /workspace\nfrom src import prep\n",
    }
    graph = make_ctx(files=files).get(import_graph)
    assert graph.of("tpl/{{.name}}/tests/train_test.py.tmpl").imports == (
        Imported(1, "training.train", "tpl/{{.name}}/training/train.py.tmpl"),
    )
    assert graph.of("tpl/{{.name}}/training/train.py.tmpl").packages == {"pandas"}
    assert graph.of("notebooks/explore.ipynb").imports == (
        Imported(None, "pandas", None, external=True),
        Imported(None, "src.prep", "src/prep.py"),
    )
    assert graph.of("job.py").local == ("src/prep.py",)
    assert module_parts("tpl/{{.name}}/training/train.py.tmpl") == ("tpl", "training", "train")


def test_python_2_and_syntax_errors_do_not_hide_the_import_statements(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"old.py": "import ok\nprint 'hello'\nfrom broken import (\n", "ok.py": "import old\n"})
    graph = ctx.get(import_graph)
    assert graph.of("old.py").local == ("ok.py",)
    assert ctx.repo.warnings == []
    assert graph.of("ok.py").local == ("old.py",)


def test_nothing_is_parsed_until_asked(make_ctx: MakeContext) -> None:
    ctx = make_ctx(files={"a.py": "import b\n", "b.py": "import c\n", "c.py": "", "d.py": "import a\n"})
    graph = ctx.get(import_graph)
    assert graph.parsed == set()
    assert graph.reachable(["a.py"]) == {"a.py": ("a.py",), "b.py": ("a.py", "b.py"), "c.py": ("a.py", "b.py", "c.py")}
    assert graph.parsed == {"a.py", "b.py", "c.py"}
    assert graph.reachable(["a.py"], avoid=frozenset({"b.py"})) == {"a.py": ("a.py",)}


def test_roles_are_reached_through_a_pipeline_module(make_ctx: MakeContext) -> None:
    files = {"pkg/__init__.py": "", "pkg/prep.py": PREP, "pkg/train.py": TRAIN, "pkg/pipeline.py": PIPELINE}
    ctx = make_ctx(files=files)
    reached = roles_reached(ctx, "pkg/pipeline.py")
    assert set(reached) == {DATA_PREP, TRAINING}
    assert reached[TRAINING].chain == ("pkg/pipeline.py", "pkg/train.py")
    assert reached[TRAINING].first == Imported(2, "pkg.train", "pkg/train.py")


def test_a_test_of_the_pipeline_covers_the_steps_it_imports(make_ctx: MakeContext) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/prep.py": PREP,
        "pkg/train.py": TRAIN,
        "pkg/pipeline.py": PIPELINE,
        "tests/test_pipeline.py": "from pkg.pipeline import STEPS\n\n\ndef test_steps(df):\n    assert STEPS\n",
    }
    answer = q32.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("tests/test_pipeline.py", 1, "imports pkg.pipeline, which imports pkg.prep (data preparation code)"),
        Evidence("tests/test_pipeline.py", 1, "imports pkg.pipeline, which imports pkg.train (training code)"),
    )


def test_imports_are_followed_only_for_steps_no_test_covers(make_ctx: MakeContext) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/prep.py": PREP,
        "pkg/train.py": TRAIN,
        "pkg/pipeline.py": PIPELINE,
        "tests/test_prep.py": "from pkg.prep import clean\n\n\ndef test_clean(df):\n    assert clean(df)\n",
        "tests/test_train.py": "from pkg.train import fit\n\n\ndef test_fit(X, y):\n    assert fit(X, y)\n",
    }
    ctx = make_ctx(files=files)
    assert {t.path: set(t.covers) for t in ctx.get(ml_tests).files} == {
        "tests/test_prep.py": {DATA_PREP},
        "tests/test_train.py": {TRAINING},
    }
    assert ctx.get(import_graph).parsed == set()  # every step was covered without following imports


def test_a_test_importing_an_unrelated_helper_covers_nothing(make_ctx: MakeContext) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/train.py": TRAIN,
        "pkg/config.py": "SEED = 1\n",
        "tests/test_config.py": "from pkg.config import SEED\n\n\ndef test_seed():\n    assert SEED == 1\n",
    }
    assert q32.detect(make_ctx(files=files)).verdict is Verdict.NO


def test_q16_data_module_known_through_its_imports(make_ctx: MakeContext) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/io.py": "import pandas as pd\n\nREADER = pd.DataFrame\n",
        "pkg/dataset.py": "from pkg.io import READER\n\nCOLUMNS = ['a']\n",
    }
    ctx = make_ctx(files=files)
    assert named_through_imports(ctx, DATA_PREP) == (
        Evidence("pkg/dataset.py", 1, "data preparation code by its name: imports pkg.io (pkg.io uses pandas)"),
    )
    answer = q16.detect(ctx)
    assert answer.verdict is Verdict.YES
    assert answer.evidence == named_through_imports(ctx, DATA_PREP)


def test_q16_says_the_training_code_uses_the_data_preparation(make_ctx: MakeContext) -> None:
    answer = q16.detect(make_ctx("ml-service-cicd"))
    assert answer.reason.endswith("; the training code uses it (src/churn/train.py imports churn.data)")


def test_q17_training_script_known_through_its_imports(make_ctx: MakeContext) -> None:
    files = {
        "src/prep.py": PREP,
        "src/net.py": "import torch\n\nNet = torch.nn.Linear\n",
        "src/train.py": "from net import Net\n\nmodel = Net(3, 1)\n",
    }
    answer = q17.detect(make_ctx(files=files))
    assert answer.verdict is Verdict.YES
    assert answer.evidence == (
        Evidence("src/train.py", 1, "training code by its name: imports net (net uses torch)"),
        Evidence("src/prep.py", 4, "def clean(df):"),
    )


def test_q17_reason_ties_training_to_data_preparation(make_ctx: MakeContext) -> None:
    answer = q17.detect(make_ctx("ml-service-cicd"))
    assert answer.verdict is Verdict.YES
    assert "src/churn/train.py imports churn.data (data preparation code)" in answer.reason


def test_reachable_stops_at_its_limit(make_ctx: MakeContext) -> None:
    files = {"hub.py": "".join(f"import m{i}\n" for i in range(10)), **{f"m{i}.py": "" for i in range(10)}}
    graph = make_ctx(files=files).get(import_graph)
    assert len(graph.reachable(["hub.py"], limit=4)) == 4
    assert graph.importers_of("m3.py") == ("hub.py",)


def test_a_big_module_has_its_import_statements_parsed_one_by_one(make_ctx: MakeContext) -> None:
    body = "\n".join(f"def f{i}(x):\n    return x + {i}\n" for i in range(1500))
    big = (
        '"""Example:\n\n    from fake import nothing\n"""\n'
        "import os\n"
        "from src import \\\n    prep\n"
        f"{body}\n"
        "def g():\n    from src.train import fit  # a late import\n    return fit\n"
    )
    ctx = make_ctx(files={"big.py": big, "src/__init__.py": "", "src/prep.py": "", "src/train.py": ""})
    graph = ctx.get(import_graph)
    assert len(big) > 32 * 1024
    imports = graph.of("big.py")
    late = big.splitlines().index("    from src.train import fit  # a late import") + 1
    assert [(i.line, i.module) for i in imports.imports if i.path] == [(6, "src.prep"), (late, "src.train")]
    assert "fake" not in {i.module for i in imports.imports}
