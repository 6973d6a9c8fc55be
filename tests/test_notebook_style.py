"House rules that nbdev relies on: a cell holding imports holds nothing else (nbdev executes such cells when it builds the docs)."
import ast, re
from pathlib import Path
import nbformat
import pytest
from conftest import ROOT

NBS = sorted(p for p in (ROOT/"nbs").rglob("*.ipynb") if "runs" not in p.parts and not any(s.startswith((".", "_")) for s in p.parts))

def _is_import(node): return isinstance(node, (ast.Import, ast.ImportFrom))

def mixed_cells(path):
    nb = nbformat.read(path, as_version=4)
    bad = []
    for i, c in enumerate(nb.cells):
        if c.cell_type != "code": continue
        src = "\n".join(l for l in c.source.splitlines() if not l.lstrip().startswith(("%", "!")))
        try: body = ast.parse(src).body
        except SyntaxError: continue
        if any(map(_is_import, body)) and not all(map(_is_import, body)):
            # an exported cell of a module's imports may hold plain assignments nbdev allows (e.g. __all__)? no: report all
            bad.append(i)
    return bad

@pytest.mark.parametrize("nb", NBS, ids=[p.relative_to(ROOT/"nbs").as_posix() for p in NBS])
def test_imports_alone_in_their_cells(nb):
    bad = mixed_cells(nb)
    assert not bad, f"{nb.name}: cells {bad} mix imports with other code; move the imports to a cell of their own"
