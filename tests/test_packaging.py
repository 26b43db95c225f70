"""The wheel ships the oracle inside quizapp's namespace, never as a top-level `solutions`.

The wheel is built once (hatchling, in-process speed: well under a second) and unpacked
into a folder that stands in for site-packages, beside another distribution's own
`solutions` package: both must import, each as itself, and the grader's child must still
be unable to read the packaged oracle.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

import quizapp.oracle as oracle

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=ROOT, check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    (built,) = out.glob("quizapp-*.whl")
    return built


@pytest.fixture(scope="module")
def site(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel unpacked as pip would, plus an unrelated project's `solutions`."""
    site = tmp_path_factory.mktemp("site-packages")
    with zipfile.ZipFile(wheel) as whl:
        whl.extractall(site)
    other = site / "solutions"
    other.mkdir()
    (other / "__init__.py").write_text("WHO = 'another project'\n", encoding="utf-8")
    return site


def run_python(site: Path, code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site)}  # before the venv's site-packages and the editable checkout
    return subprocess.run(
        [sys.executable, *args, "-c", code] if code else [sys.executable, *args],
        cwd=site, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_wheel_installs_only_the_quizapp_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as whl:
        names = whl.namelist()
    top = {n.split("/", 1)[0] for n in names if not n.split("/", 1)[0].endswith(".dist-info")}
    assert top == {"quizapp"}
    shipped = {n.removeprefix("quizapp/_solutions/") for n in names if n.startswith("quizapp/_solutions/")}
    assert shipped == {p.name for p in SOLUTIONS.glob("*.py")}
    assert any(n.startswith("quizapp/_content/decks/") for n in names)


def test_installed_oracle_and_another_solutions_package_coexist(site: Path) -> None:
    code = textwrap.dedent(
        """
        import json, quizapp, solutions
        from quizapp.oracle import load_reference, reference_package
        import numpy as np
        layer = load_reference("BatchNorm2D")(3)
        y = layer.forward(np.arange(24, dtype=np.float64).reshape(2, 3, 2, 2))
        print(json.dumps({"quizapp": quizapp.__file__, "oracle": reference_package().__name__,
                          "oracle_file": reference_package().__file__, "other": solutions.WHO,
                          "mean": float(abs(y.mean()))}))
        """
    )
    proc = run_python(site, code)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    assert Path(got["quizapp"]).is_relative_to(site)
    assert got["oracle"] == "quizapp._solutions"
    assert Path(got["oracle_file"]).is_relative_to(site / "quizapp" / "_solutions")
    assert got["other"] == "another project"
    assert got["mean"] < 1e-12


def test_grader_child_cannot_read_or_import_the_installed_oracle(site: Path) -> None:
    packaged = site / "quizapp" / "_solutions" / "batchnorm.py"
    probes = {
        "read": f"print(open({str(packaged)!r}).read()[:80])\n",
        "import": "import quizapp._solutions\n",
    }
    for name, source in probes.items():
        sub = site / f"probe_{name}.py"
        sub.write_text(source, encoding="utf-8")
        proc = run_python(site, "", "-m", "quizapp", "grade", "bn2d-forward", str(sub), "--json", "--seed", "1")
        assert proc.returncode == 1, proc.stderr
        report = json.loads(proc.stdout)
        assert report["verdict"] == "runtime_error", (name, report)
        # Where the load error is reported (run level or first case) is the report's business.
        message = " ".join([report.get("message", ""), *(case["message"] for case in report["cases"])])
        assert "PermissionError" in message or "not allowed" in message, (name, message)
        assert "class BatchNorm" not in proc.stdout


def test_reference_modules_import_each_other_relatively() -> None:
    """An absolute `solutions.x` import works in a checkout but breaks as quizapp._solutions."""
    for path in SOLUTIONS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                assert (node.module or "").split(".")[0] != "solutions", f"{path.name}:{node.lineno}: use `from .`"
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name.split(".")[0] != "solutions", f"{path.name}:{node.lineno}: use `from .`"


def test_checkout_uses_its_own_solutions_and_refuses_an_impostor(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not oracle.PACKAGED_DIR.exists()  # a checkout
    module = oracle.reference_package()
    assert Path(module.__file__).resolve().parent == SOLUTIONS
    assert oracle.oracle_dir() == SOLUTIONS

    impostor = type(sys)("solutions")
    impostor.__file__ = str(ROOT / "elsewhere" / "solutions" / "__init__.py")
    monkeypatch.setitem(sys.modules, "solutions", impostor)
    with pytest.raises(ImportError, match="not from this checkout"):
        oracle.reference_package()
