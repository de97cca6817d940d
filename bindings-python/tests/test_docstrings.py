"""Docstrings: the examples of the native module run, and every public name has one.

pytest's ``--doctest-modules`` runs the examples of the pure-Python modules but does not
collect the docstrings of an extension module, so the examples in the ``///`` comments of the
native classes and functions run here, one test per object.
"""

from __future__ import annotations

import doctest
import inspect
import io
import types
from typing import Any

import pytest

import quanyu
from quanyu import _quanyu

FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
PARSER = doctest.DocTestParser()


def _native_docs() -> list[tuple[str, str]]:
    """``(name, docstring)`` of each native function, class, method and property with examples."""
    found: list[tuple[str, Any]] = [("_quanyu", _quanyu)]
    for name, obj in sorted(vars(_quanyu).items()):
        if inspect.isroutine(obj):
            found.append((name, obj))
        elif inspect.isclass(obj) and obj.__module__ == _quanyu.__name__:
            found.append((obj.__name__, obj))
            for attr, member in sorted(vars(obj).items()):
                if isinstance(member, (staticmethod, classmethod)):
                    member = member.__func__
                found.append((f"{obj.__name__}.{attr}", member))
    docs = [(name, getattr(obj, "__doc__", None)) for name, obj in found]
    return [(name, doc) for name, doc in docs if isinstance(doc, str) and PARSER.get_examples(doc)]


NATIVE = _native_docs()


def test_the_native_module_has_examples() -> None:
    names = {name for name, _ in NATIVE}
    assert len(names) >= 20 and {"Network", "Changeset.changes", "community", "FlowSolution"} <= names


@pytest.mark.parametrize(("name", "doc"), NATIVE, ids=[name for name, _ in NATIVE])
def test_native_examples(name: str, doc: str) -> None:
    test = PARSER.get_doctest(doc, {}, f"quanyu._quanyu.{name}", None, None)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    report = io.StringIO()
    result = runner.run(test, out=report.write, clear_globs=True)
    if result.failed:
        pytest.fail(f"{result.failed} of {result.attempted} examples failed:\n{report.getvalue()}", pytrace=False)


def _public() -> list[tuple[str, Any]]:
    """``(qualified name, object)`` of every public class and function of the package."""
    out = []
    for module in (quanyu, quanyu.contracts, quanyu.distributed, quanyu.flow, quanyu.privacy, quanyu.synth, quanyu.venues):
        names = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
        for name in names:
            obj = getattr(module, name)
            if isinstance(obj, types.ModuleType) or not (inspect.isclass(obj) or inspect.isroutine(obj)):
                continue
            out.append((f"{module.__name__}.{name}", obj))
    return out


PUBLIC = _public()


@pytest.mark.parametrize(("name", "obj"), PUBLIC, ids=[name for name, _ in PUBLIC])
def test_every_public_name_has_an_example(name: str, obj: Any) -> None:
    assert ">>>" in (obj.__doc__ or ""), f"{name} has no example in its docstring"
