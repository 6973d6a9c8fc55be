"Every experiment template runs under papermill with its smoke parameters."
import warnings
from pathlib import Path
import pytest
from conftest import ROOT

TEMPLATES = sorted(p for p in (ROOT/"nbs"/"experiments").glob("*.ipynb")) if (ROOT/"nbs"/"experiments").exists() else []

@pytest.mark.parametrize("template", TEMPLATES or [None], ids=[p.stem for p in TEMPLATES] or ["none-found"])
def test_template_smoke_run(template, tmp_path):
    if template is None:
        print("no experiment templates in nbs/experiments/ yet: nothing to smoke-run")
        warnings.warn("no experiment templates found in nbs/experiments/: nothing to smoke-run")
        return
    import papermill as pm
    import nbformat
    nb = nbformat.read(template, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{template.name}: needs exactly one cell tagged 'parameters'"
    pm.execute_notebook(str(template), str(tmp_path/template.name), parameters={"smoke": True, "out": str(tmp_path/"run")},
                        kernel_name="python3", cwd=str(template.parent), progress_bar=False)

SWEEPS = sorted((ROOT/"sweeps").glob("*.yaml"))

@pytest.mark.parametrize("sweep_file", SWEEPS, ids=[p.stem for p in SWEEPS])
def test_sweep_files_name_real_templates_and_parameters(sweep_file):
    "Every sweep file shipped in sweeps/ expands to runs whose template exists and declares every parameter set."
    import yaml
    from imgen_nb.experiments import check_parameters, expand_sweep
    runs = expand_sweep(yaml.safe_load(sweep_file.read_text()), sweep_file.parent)
    assert runs, f"{sweep_file.name} expands to no runs"
    assert len({r["name"] for r in runs}) == len(runs)
    for r in runs: check_parameters(r["template"], r["parameters"])
