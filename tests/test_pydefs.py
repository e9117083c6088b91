"""The line reading of Python outlines must give what `ast` gives, or step aside (None)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from mlops_lint.facts.code import SourceFile, _code_view
from mlops_lint.facts.docstrings import _count
from mlops_lint.facts.pydefs import outline_counts

ROOT = Path(__file__).resolve().parent.parent

CASES = {
    "plain": 'def a():\n    """Doc."""\n\n\ndef b():\n    pass\n',
    "class and methods": (
        'class A:\n    """A."""\n\n    def m(self):\n        "m"\n\n    def _p(self):\n        pass\n\n'
        "    class Inner:\n        def n(self):\n            '''n'''\n"
    ),
    "private class hides its methods": "class _A:\n    def m(self):\n        'x'\n",
    "guarded and nested are not module level": (
        "if TYPE_CHECKING:\n    def a():\n        'a'\n\ndef b():\n    def inner():\n        'i'\n    return 1\n"
    ),
    "decorated and async": "@dec(x=1)\nasync def a():\n    '''a'''\n\n@property\ndef b(): pass\n",
    "multi-line header with colons": (
        "def a(\n    x: int = {'k': 1},\n    f=lambda y: y[1:2],\n) -> dict[str, int]:\n    r'''raw'''\n"
    ),
    "inline bodies": 'def a(): "doc"\nclass B: pass\ndef c(): return "x"\nclass D(Exception): """d"""\n',
    "prefixes": 'def a():\n    b"bytes"\ndef c():\n    f"f{x}"\ndef d():\n    u"uni"\ndef e():\n    Rb"x"\n',
    "concatenation and expressions": (
        'def a():\n    "x" "y"\ndef b():\n    "x" + y\ndef c():\n    "{}".format(1)\ndef d():\n    "x"; y = 1\n'
    ),
    "empty docstrings": 'def a():\n    \'\'\ndef b():\n    """"""\ndef c():\n    \' \'\n',
    "comments and blank lines first": "def a():\n    # why\n\n    '''doc'''\n",
    "code inside strings and comments": (
        'X = """\ndef fake():\n    pass\n"""\n# def commented(): pass\ndef real():\n    s = "def no(): pass"\n'
    ),
    "strings across lines with brackets": (
        'x = foo("""\n(((\n""")\ndef a():\n    "a"\ny = [\n    1,\ndef_,\n]\ndef b(): pass\n'
    ),
    "backslash continuation": "x = 1 + \\\n    2\ndef a():\n    'a'\n",
    "windows line endings": 'def a():\r\n    """A."""\r\n\r\ndef b():\r\n    pass\r\n',
    "string statement in a class body first": 'class A:\n    x: int = 1\n    "not a docstring"\n',
    "parenthesised first statement": "def a():\n    (x, y) = 1, 2\n",
}


def _view(text: str) -> str:
    return _code_view(SourceFile("a.py", text, frozenset()))


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_the_outline_gives_what_ast_gives(text: str) -> None:
    assert outline_counts(_view(text)) == _count(ast.parse(text))


@pytest.mark.parametrize(
    "text",
    [
        'def a():\n    ("""doc""")\n',  # a docstring for the parser, in brackets
        "def a():\n\t'''tab-indented'''\n",
        "def oops(:\n",  # brackets left open: a syntax error for the parser
        "x = )\n",
    ],
)
def test_what_the_outline_does_not_model_is_left_to_the_parser(text: str) -> None:
    assert outline_counts(_view(text)) is None


def test_every_python_file_of_this_project_reads_as_ast_reads_it() -> None:
    paths = [p for d in ("mlops_lint", "tests", "fixtures", "scripts") for p in sorted((ROOT / d).rglob("*.py"))]
    read = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        try:
            tree = ast.parse(text)
        except SyntaxError:
            continue
        got = outline_counts(_view(text))
        assert got is None or got == _count(tree), path
        read += got is not None
    assert read >= 0.95 * len(paths) > 100
