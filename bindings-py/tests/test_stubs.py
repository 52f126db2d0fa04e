"""The type stubs match the compiled module and the Rust models."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import gradebridge
from gradebridge import _native

PKG = Path(gradebridge.__file__).parent
STUB = Path(__file__).resolve().parents[1] / "python" / "gradebridge" / "_native.pyi"


def stub_classes() -> dict[str, set[str]]:
    tree = ast.parse(STUB.read_text())
    out: dict[str, set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names = set()
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    names.add(item.name)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    names.add(item.target.id)
            out[node.name] = names
    return out


def test_generated_faces_are_up_to_date() -> None:
    script = Path(__file__).resolve().parents[2] / "scripts" / "faces.py"
    assert subprocess.run([sys.executable, str(script), "--check"]).returncode == 0


def test_every_stub_class_and_member_exists() -> None:
    for name, members in stub_classes().items():
        cls = getattr(_native, name)
        for m in members:
            if m.startswith("__") and m not in ("__init__", "__iter__", "__next__", "__aiter__", "__anext__"):
                continue
            if issubclass(cls, BaseException):
                continue  # exception attributes are set per instance
            assert hasattr(cls, m), f"{name}.{m} is in the stub but not in the module"


def test_every_public_class_has_a_stub() -> None:
    stubs = stub_classes()
    for name in dir(_native):
        obj = getattr(_native, name)
        if isinstance(obj, type) and not name.startswith("_"):
            assert name in stubs, f"{name} has no stub"
            if not issubclass(obj, BaseException):
                public = {m for m in dir(obj) if not m.startswith("_")}
                missing = public - stubs[name]
                assert not missing, f"{name}: {missing} not in the stub"


def test_py_typed_is_shipped() -> None:
    assert (PKG / "py.typed").exists()
