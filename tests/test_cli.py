"The `imgen` command as a user meets it: help, version, and one-line errors."
import subprocess, sys
import imgen_nb
from conftest import bin_of

def imgen(*args, **kw):
    return subprocess.run([bin_of("imgen"), *args], capture_output=True, text=True, timeout=300, **kw)

def test_help_lists_subcommands():
    r = imgen("--help")
    assert r.returncode == 0, r.stderr
    for c in ["simulate", "features", "qc", "baselines", "run", "sweep", "docs", "demo"]: assert c in r.stdout

def test_version():
    r = imgen("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"imgen_nb {imgen_nb.__version__}"

def test_bad_argument_is_one_line_and_nonzero():
    r = imgen("--definitely-not-an-option")
    assert r.returncode != 0
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "error" in lines[0] and "Traceback" not in r.stderr

def test_unknown_subcommand():
    r = imgen("frobnicate")
    assert r.returncode != 0 and len(r.stderr.strip().splitlines()) == 1

def test_library_error_is_one_line_and_debug_shows_traceback():
    r = imgen("demo", "--device", "no-such-device")
    assert r.returncode == 2, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "unknown device" in r.stderr
    r = imgen("--debug", "demo", "--device", "no-such-device")
    assert r.returncode != 0 and "Traceback" in r.stderr

def test_module_entry_point():
    r = subprocess.run([sys.executable, "-c", "from imgen_nb.cli import main; raise SystemExit(main(['--version']))"],
                       capture_output=True, text=True)
    assert r.returncode == 0 and "imgen_nb" in r.stdout
