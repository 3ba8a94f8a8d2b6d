"""environment.yml (conda, for working on the repository) and pyproject.toml (pip) must ask for
the same packages, with the same lower bounds, and never pin an exact version; binder/environment.yml
(the student image repo2docker builds) asks for what the notebooks need and nothing of the tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest brings tomli there
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
ENVIRONMENT = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
STUDENT_ENVIRONMENT = yaml.safe_load((REPO / "binder" / "environment.yml").read_text(encoding="utf-8"))
STUDENT_EXTRAS = ("lab",)  # plus, from the hub extra, what runs in each student's server:
IN_STUDENT_SERVER = {"nbgitpuller"}
SHARED_EXTRAS = ("lab", "test")  # what environment.yml installs besides the runtime dependencies
NOT_PACKAGES = {"python", "pip"}  # conda's interpreter and installer, not dependencies
# conda-forge names that differ from PyPI's: PyPI's playwright (the Python package) is conda-forge's
# playwright-python; a conda-forge package named playwright is not it
CONDA_TO_PYPI = {"playwright-python": "playwright"}
CONDA_SPEC = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*?)\s*$")


def lower_bound(name: str, spec: str) -> str:
    """The version after '>=' in a spec such as '>=1.24' or '>=1.24,<3'; fails on exact pins."""
    clauses = [c.strip() for c in spec.split(",") if c.strip()]
    pins = [c for c in clauses if c.startswith(("==", "===")) or re.fullmatch(r"=?[0-9][^<>=!~]*", c)]
    assert not pins, f"{name}: exact pin {pins} (use a lower bound such as >=X.Y)"
    bounds = [c[2:].strip() for c in clauses if c.startswith(">=")]
    assert len(bounds) == 1, f"{name}: expected one lower bound '>=X.Y', got {spec!r}"
    return bounds[0]


def pip_requirements(lines) -> dict[str, str]:
    found = {}
    for line in lines:
        req = Requirement(line)
        assert req.marker is None and not req.url, f"{line}: keep dependencies plain (name>=version)"
        name = canonicalize_name(req.name)
        bound = lower_bound(name, str(req.specifier))
        assert found.setdefault(name, bound) == bound, f"{name}: two different lower bounds in pyproject.toml"
    return found


def pyproject_requirements(extras=SHARED_EXTRAS) -> dict[str, str]:
    project = PYPROJECT["project"]
    return pip_requirements(project["dependencies"] + [r for e in extras for r in project["optional-dependencies"][e]])


def environment_requirements(environment=ENVIRONMENT) -> dict[str, str]:
    found = {}
    for entry in environment["dependencies"]:
        if isinstance(entry, dict):  # the pip: section
            for line in entry["pip"]:
                if line.strip() in ("-e .", "."):
                    continue
                for name, bound in pip_requirements([line]).items():
                    assert name not in found, f"{name}: listed twice in environment.yml"
                    found[name] = bound
            continue
        match = CONDA_SPEC.match(str(entry))
        assert match, f"environment.yml: cannot read {entry!r}"
        name, spec = canonicalize_name(match.group(1)), match.group(2).replace(" ", "")
        assert name not in CONDA_TO_PYPI.values(), f"{name}: conda-forge calls PyPI's {name} " + \
            next(c for c, p in CONDA_TO_PYPI.items() if p == name)
        name = CONDA_TO_PYPI.get(name, name)
        if name in NOT_PACKAGES:
            continue
        assert name not in found, f"{name}: listed twice in environment.yml"
        found[name] = lower_bound(name, spec)
    return found


def test_environment_yml_and_pyproject_list_the_same_packages():
    conda, pip = environment_requirements(), pyproject_requirements()
    assert sorted(set(pip) - set(conda)) == [], "in pyproject.toml but not in environment.yml"
    assert sorted(set(conda) - set(pip)) == [], "in environment.yml but not in pyproject.toml"


def test_environment_yml_and_pyproject_have_the_same_lower_bounds():
    conda, pip = environment_requirements(), pyproject_requirements()
    differ = {name: (pip[name], conda[name]) for name in pip.keys() & conda.keys() if pip[name] != conda[name]}
    assert differ == {}, "lower bounds (pyproject.toml, environment.yml) differ"


def test_every_extra_has_lower_bounds_and_no_pins():
    every = tuple(PYPROJECT["project"]["optional-dependencies"])
    assert set(SHARED_EXTRAS) <= set(every)
    assert pyproject_requirements(every)  # raises on a pin or a missing lower bound


def test_environment_yml_installs_the_package_and_a_python_it_supports():
    pip_lines = [line for e in ENVIRONMENT["dependencies"] if isinstance(e, dict) for line in e["pip"]]
    assert "-e ." in pip_lines, "environment.yml should install mlp_core itself (pip: -e .)"
    python = [str(e) for e in ENVIRONMENT["dependencies"] if str(e).startswith("python")]
    requires = PYPROJECT["project"]["requires-python"]
    assert python == [f"python{requires}"], f"environment.yml's python should match requires-python {requires}"


@pytest.mark.parametrize("spec, ok", [
    (">=1.24", True), (">=1.24,<3", True), ("==1.24", False), ("=1.24", False), ("1.24", False), ("", False),
])
def test_lower_bound_reader(spec, ok):
    if ok:
        assert lower_bound("x", spec) == "1.24"
    else:
        with pytest.raises(AssertionError):
            lower_bound("x", spec)


def test_student_image_has_what_the_notebooks_and_the_class_links_need():
    student = environment_requirements(STUDENT_ENVIRONMENT)
    pip = pyproject_requirements(STUDENT_EXTRAS)
    pip.update({name: bound for name, bound in pyproject_requirements(("hub",)).items() if name in IN_STUDENT_SERVER})
    assert sorted(set(pip) - set(student)) == [], "needed by students but missing from binder/environment.yml"
    assert sorted(set(student) - set(pip)) == [], "in binder/environment.yml but not what students need"
    assert {n: b for n, b in student.items() if pip[n] != b} == {}, "lower bounds differ from pyproject.toml"


def test_student_image_leaves_out_the_test_tools():
    tools_only = set(pyproject_requirements(("test",))) - set(pyproject_requirements(STUDENT_EXTRAS))
    assert tools_only >= {"pytest", "ruff", "playwright", "hypothesis", "nbval"}  # the check below means something
    assert sorted(tools_only & set(environment_requirements(STUDENT_ENVIRONMENT))) == []


def test_student_image_installs_mlp_core_where_a_mounted_home_cannot_hide_it():
    """Not editable (-e .): a hub's per-student storage mounted over the home would hide the
    repository an editable install points to. binder/postBuild installs it into site-packages."""
    pip_lines = [line.strip() for e in STUDENT_ENVIRONMENT["dependencies"] if isinstance(e, dict) for line in e["pip"]]
    assert not [line for line in pip_lines if line.startswith("-e") or line in (".", "..")]
    post_build = (REPO / "binder" / "postBuild").read_text(encoding="utf-8")
    installs = [line for line in post_build.splitlines() if "pip install" in line and not line.lstrip().startswith("#")]
    assert installs == ["python -m pip install --no-deps --no-cache-dir ."]
    assert not (REPO / "postBuild").exists() and not (REPO / "binder" / "requirements.txt").exists(), \
        "repo2docker reads binder/ only: a second recipe at the root would be ignored and drift"
