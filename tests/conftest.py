import os, shutil
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parents[1]

@pytest.fixture(scope="session")
def root(): return ROOT

def bin_of(name):
    "Path of a console script in the running environment (falls back to PATH)."
    import sys
    p = Path(sys.executable).parent/name
    return str(p) if p.exists() else shutil.which(name)
