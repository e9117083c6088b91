"""Safe parsing with line numbers."""

from __future__ import annotations

import pytest
import yaml

from mlops_lint.facts.parse import LineDict, LineList, describe_error, yaml_documents


def test_mappings_and_sequences_remember_lines() -> None:
    doc = yaml_documents("a: 1\nb:\n  - x\n  - y\n")[0]
    assert isinstance(doc, LineDict)
    assert doc.line_of("b") == 2
    assert isinstance(doc["b"], LineList)
    assert doc["b"].item_lines == [3, 4]


def test_unknown_tags_load_as_plain_values() -> None:
    doc = yaml_documents("Bucket: !Ref Name\nList: !Split [',', 'a,b']\nscript: !reference [.x, script]\n")[0]
    assert doc["Bucket"] == "Name"
    assert doc["List"] == [",", "a,b"]


def test_dates_stay_text() -> None:
    assert yaml_documents("date: 2026-05-02\n")[0]["date"] == "2026-05-02"


def test_a_billion_laughs_is_refused() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join(['*a' if n == 1 else f'*a{n - 1}'] * 9)}]" for n in range(1, 30)]
    with pytest.raises(yaml.YAMLError, match="aliases"):
        yaml_documents("\n".join(lines))


def test_python_tags_are_refused() -> None:
    with pytest.raises(yaml.YAMLError, match="constructor"):
        yaml_documents("x: !!python/object/apply:os.system ['echo hacked']\n")


def test_errors_name_the_line() -> None:
    with pytest.raises(yaml.YAMLError) as caught:
        yaml_documents("a: [1\nb: 2\n")
    assert describe_error(caught.value).startswith("malformed YAML at line 2")
