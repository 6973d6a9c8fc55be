"The package as `pip install .` delivers it: a wheel with every subpackage, importable from a fresh environment."
import subprocess, sys, sysconfig, venv, zipfile
from pathlib import Path
import pytest
from conftest import ROOT

@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    whl = list(out.glob("imgen_nb-*.whl"))
    assert len(whl) == 1
    return whl[0]

def test_wheel_holds_every_subpackage_and_module(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    lib = ROOT/"imgen_nb"
    expected = {p.relative_to(ROOT).as_posix() for p in lib.rglob("*.py") if "__pycache__" not in p.parts}
    assert expected, "no modules found"
    missing = sorted(expected - names)
    assert not missing, f"wheel lacks {missing}"
    pkgs = {p.parent.relative_to(ROOT).as_posix() for p in lib.rglob("__init__.py")}
    assert all(f"{p}/__init__.py" in names for p in pkgs)
    for nb in sorted((ROOT/"nbs"/"experiments").glob("*.ipynb")):        # the templates, for `imgen run NAME` and `imgen demo`
        assert zipfile.ZipFile(wheel).read(f"imgen_nb/templates/{nb.name}") == nb.read_bytes(), f"wheel lacks an up-to-date imgen_nb/templates/{nb.name}"
    meta = [n for n in names if n.endswith("entry_points.txt")]
    assert meta and "imgen = imgen_nb.cli:main" in zipfile.ZipFile(wheel).read(meta[0]).decode()

def test_non_editable_install_imports_in_fresh_env(wheel, tmp_path):
    "Install the wheel (not editable) into a new venv; dependencies come from this environment's site-packages."
    env = tmp_path/"env"
    venv.create(env, with_pip=True)
    py = env/"bin"/"python"
    r = subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    site = Path(subprocess.check_output([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True).strip())
    # dependencies only: appended after the fresh site-packages, so imgen_nb must come from the wheel
    (site/"zz_deps.pth").write_text(f"import site; site.addsitedir({sysconfig.get_paths()['purelib']!r})\n")
    code = ("import imgen_nb, pkgutil, importlib; "
            "mods=[m.name for m in pkgutil.walk_packages(imgen_nb.__path__, 'imgen_nb.')]; "
            "[importlib.import_module(m) for m in mods]; "
            "print(imgen_nb.__file__); print(len(mods))")
    r = subprocess.run([str(py), "-c", code], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    where, n = r.stdout.split()
    assert Path(where).is_relative_to(env), f"imgen_nb imported from {where}, not the fresh environment"
    assert int(n) >= 3
    r = subprocess.run([str(py), "-c", "from imgen_nb.experiments import template_path; print(template_path('daamaf').resolve())"],
                       capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    assert Path(r.stdout.strip()).is_relative_to(env), f"the daamaf template resolved to {r.stdout.strip()}, not the installed package's copy"
    r = subprocess.run([str(env/"bin"/"imgen"), "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("imgen_nb ")
