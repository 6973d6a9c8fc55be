"""Execute notebooks in place and keep their outputs (for pages whose stored outputs the docs show).

Usage: python tools/execute_nb.py nbs/index.ipynb [more.ipynb ...]; then `nbdev_clean`.
"""
import os, sys
from pathlib import Path
from execnb.shell import CaptureShell

if __name__ == "__main__":
    os.environ.setdefault("IMGEN_PROGRESS", "0"); os.environ.setdefault("MPLBACKEND", "Agg")
    for p in map(Path, sys.argv[1:]):
        cwd = os.getcwd(); os.chdir(p.parent)
        try: CaptureShell().execute(p.name, p.name, exc_stop=True)
        finally: os.chdir(cwd)
        print(f"executed {p}")
